import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { addFolder, expect, test, TEST_DATA, waitUntilIdle } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'

const ASTRONAUT = join(TEST_DATA, 'skimage/astronaut.png')

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)

test.use({
  photoFiles: {
    'collins-1.png': ASTRONAUT,
    'cat.png': join(TEST_DATA, 'skimage/chelsea.png'),
    'messi.jpg': join(TEST_DATA, 'opencv/data/messi5.jpg'),
  },
  decoyFiles: false,
})

test('people: name a person, undo, split faces off, merge them back, follow a face from the viewer', async ({ page, server }) => {
  // One real person (Eileen Collins) in four files: the original and edits of it.
  const people = join(server.photosDir, 'people')
  mkdirSync(people, { recursive: true })
  const src = sharp(ASTRONAUT)
  await src.clone().flop().toFile(join(people, 'collins-2-mirrored.png'))
  await src.clone().extract({ left: 60, top: 0, width: 400, height: 400 }).toFile(join(people, 'collins-3-crop.png'))
  await src.clone().modulate({ brightness: 1.25 }).jpeg({ quality: 70 }).toFile(join(people, 'collins-4-bright.jpg'))

  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(6, { timeout: 60_000 })
  await waitUntilIdle(page)

  // The review queue: her four photos form the largest unnamed group.
  await page.getByTestId('nav-people').click()
  const cards = page.getByTestId('person-card')
  await expect(page.getByTestId('people-unnamed').getByTestId('person-card').first()).toContainText('4 photos')
  await page.getByTestId('people-unnamed').getByTestId('person-card').first().click()
  const personPage = page.getByTestId('person-page')
  await expect(personPage).toBeVisible()
  const collinsId = await personPage.getAttribute('data-person-id')
  const faces = page.getByTestId('person-face')
  await expect(faces).toHaveCount(4)
  await expect(page.getByTestId('person-photo')).toHaveCount(4)

  // Name her; undo; name her again.
  const name = page.getByTestId('person-name-input')
  await name.fill('Eileen Collins')
  await name.press('Enter')
  await expect(page.getByTestId('undo-toast')).toContainText('Eileen Collins')
  await page.getByTestId('nav-people').click()
  await expect(page.getByTestId('people-named').getByTestId('person-card')).toContainText('Eileen Collins')
  await page.getByTestId('undo').click()
  await expect(page.getByTestId('people-named')).toHaveCount(0)
  await page.locator(`[data-testid="person-card"][data-person-id="${collinsId}"]`).click()
  await expect(name).toHaveValue('')
  await name.fill('Eileen Collins')
  await name.press('Enter')
  await expect(page.getByTestId('undo-toast')).toBeVisible()

  // Select two faces (click, then shift-click) and split them into a new person.
  await faces.nth(0).click()
  await faces.nth(1).click({ modifiers: ['Shift'] })
  await expect(page.getByTestId('face-selection')).toContainText('2 faces selected')
  await page.getByTestId('face-split').click()
  await expect(faces).toHaveCount(2)
  await expect(page.getByTestId('undo-toast')).toContainText('Split 2 faces')

  // The split-off faces are an unnamed person of their own: merge it back into her.
  await page.getByTestId('nav-people').click()
  const unnamed = page.getByTestId('people-unnamed').getByTestId('person-card')
  await expect(unnamed.filter({ hasText: '2 photos' })).toHaveCount(1)
  await unnamed.filter({ hasText: '2 photos' }).click()
  await expect(faces).toHaveCount(2)
  await page.getByTestId('person-merge').click()
  await page.getByTestId('person-picker').getByTestId('person-option').filter({ hasText: 'Eileen Collins' }).click()
  await expect(personPage).toHaveAttribute('data-person-id', collinsId!)
  await expect(faces).toHaveCount(4)
  await expect(name).toHaveValue('Eileen Collins')

  // Her photos open in the viewer with her face boxed and named; the name leads back to her page.
  await page.getByTestId('person-photo').first().click()
  await expect(page.getByTestId('viewer-image')).toBeVisible()
  await expect(page.getByTestId('face-box')).toHaveCount(1)
  await expect(page.getByTestId('viewer-people')).toContainText('Eileen Collins')
  await page.getByTestId('face-box-name').click()
  await expect(page.getByTestId('viewer')).toHaveCount(0)
  await expect(personPage).toHaveAttribute('data-person-id', collinsId!)

  // Her name finds her photos.
  await page.getByTestId('search-input').fill('Eileen Collins')
  await expect(page.getByTestId('search-view')).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('search-hit')).toHaveCount(4)
  await expect(cards).toHaveCount(0)
})
