// Issue 12's duplicate review in the browser: a resized copy and its original side by side, the
// suggested keeper marked, "Keep this one" trashes the copy, and the toast's Undo brings it back.
import { join } from 'node:path'
import sharp from 'sharp'
import { expect, test, addFolder, waitUntilIdle, REAL_PHOTOS } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({ decoyFiles: false, photoFiles: { 'baboon.jpg': REAL_PHOTOS.baboon, 'flowers.jpg': REAL_PHOTOS.nikon } })

test('resolve a duplicate group from the Duplicates screen, then undo it', async ({ page, server }) => {
  // A smaller, recompressed copy in another folder, as a phone export or a web download leaves it.
  await sharp(REAL_PHOTOS.baboon).resize(256).jpeg({ quality: 60 }).toFile(join(server.photosDir, 'baboon-small.jpg'))
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(3, { timeout: 60_000 })
  await waitUntilIdle(page)

  await page.getByTestId('duplicates-nav').click()
  await expect(page.getByTestId('duplicates-screen')).toBeVisible()
  const group = page.getByTestId('duplicate-group')
  await expect(group).toHaveCount(1)
  await expect(group).toHaveAttribute('data-tier', 'near')
  await expect(group.locator('figure')).toHaveCount(2)
  // The original is suggested: it has more pixels.
  const suggested = group.locator('figure.suggested')
  await expect(suggested.getByTestId('duplicate-suggested')).toContainText('Largest pixel count')
  await expect(suggested).toContainText('baboon.jpg')
  await expect(suggested).toContainText('512 × 512')

  await suggested.getByTestId('duplicate-keep').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Kept 1 photo and moved 1 duplicate to the trash')
  await expect(page.getByTestId('duplicate-group')).toHaveCount(0)
  await expect(page.getByTestId('duplicates-none')).toBeVisible()

  await page.getByTestId('undo').click()
  await expect(page.getByTestId('duplicate-group')).toHaveCount(1)
  await expect(page.getByTestId('duplicate-group').locator('figure')).toHaveCount(2)
  // The copy is back in the library too.
  await page.getByTestId('nav-library').click()
  await expect(page.getByTestId('asset-tile')).toHaveCount(3)
})

// Stacks (a burst as one tile with its count, opened, walked in the viewer): e2e/stacks.spec.ts.
