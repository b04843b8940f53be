import { addFolder, expect, test, TEST_DATA, waitUntilIdle } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'

const SKIMAGE = `${TEST_DATA}/skimage`
const OPENCV = `${TEST_DATA}/opencv`

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)

test.use({
  photoFiles: {
    'chelsea.png': `${SKIMAGE}/chelsea.png`,
    'coffee.png': `${SKIMAGE}/coffee.png`,
    'baboon.jpg': `${OPENCV}/data/baboon.jpg`,
    'fruits.jpg': `${OPENCV}/data/fruits.jpg`,
    'street/scenetext01.jpg': `${OPENCV}/text/scenetext01.jpg`,
    'trip/starfish.jpg': 'node_modules/exif-parser/test/starfish.jpg',
  },
  decoyFiles: false,
})

test('search as you type: tags, text in photos, dates, suggestions, why each photo matched', async ({ page, server }) => {
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(6, { timeout: 60_000 })
  // Tags and text are read by the analysis tasks after import: search once they are done.
  await waitUntilIdle(page)

  const input = page.getByTestId('search-input')
  const view = page.getByTestId('search-view')
  const hits = page.getByTestId('search-hit')

  // "cat": the classifier's tags find the cat photo first, and the hit says why.
  await input.fill('cat')
  await expect(view).toHaveAttribute('data-query', 'cat')
  await expect(view).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('search-understood')).toContainText('cat')
  await expect(page.getByTestId('search-results')).toBeVisible()
  await hits.first().hover()
  await expect(hits.first().getByTestId('hit-why')).toContainText('tag')
  await hits.first().click()
  await expect(page.getByTestId('viewer-image')).toBeVisible()
  await expect(page.getByTestId('meta-paths')).toContainText('chelsea.png')
  // The one class the classifier is sure of (>= 0.5); tabby (~0.15) is not shown.
  await expect(page.getByTestId('meta-tags')).toContainText('Egyptian Mau')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('viewer')).toHaveCount(0)

  // "parking": only the words on the sign (OCR) can find this one.
  await input.fill('parking')
  await expect(view).toHaveAttribute('data-query', 'parking')
  await expect(view).toHaveAttribute('data-state', 'ready')
  await expect(hits.first().getByTestId('hit-why')).toContainText('words')
  await hits.first().click()
  await expect(page.getByTestId('meta-paths')).toContainText('scenetext01.jpg')
  const ocr = page.getByTestId('ocr-panel')
  await expect(ocr).toContainText('PARKING')
  await expect(ocr.getByTestId('ocr-copy')).toBeVisible()
  await expect(page.getByTestId('ocr-box')).toHaveCount(0)
  await page.getByTestId('ocr-toggle-boxes').click()
  expect(await page.getByTestId('ocr-box').count()).toBeGreaterThanOrEqual(3)
  await expect(page.getByTestId('meta-tags')).toBeVisible()
  await page.keyboard.press('Escape')

  // A broader word matches several photos; ←/→ in the viewer stay within the results.
  await input.fill('animal')
  await expect(view).toHaveAttribute('data-query', 'animal')
  await expect(view).toHaveAttribute('data-state', 'ready')
  const count = await hits.count()
  expect(count).toBeGreaterThanOrEqual(2)
  const ids = await hits.evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-id')))
  await hits.first().click()
  await expect(page.getByTestId('viewer-position')).toHaveText(`1 / ${count}`)
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('viewer-position')).toHaveText(`2 / ${count}`)
  await expect(page.getByTestId('viewer-image')).toHaveAttribute('data-asset-id', ids[1]!)
  await page.keyboard.press('Escape')

  // A year is understood as a date filter, and suggested while typing.
  await input.fill('201')
  const suggestion = page.getByTestId('search-suggestion').filter({ hasText: '2013' })
  await suggestion.click()
  await expect(input).toHaveValue('2013 ')
  await expect(view).toHaveAttribute('data-query', '2013')
  await expect(view).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('search-understood')).toContainText('2013')
  await expect(hits).toHaveCount(1)
  await hits.first().click()
  await expect(page.getByTestId('meta-paths')).toContainText('starfish.jpg')
  await expect(page.getByTestId('meta-place')).toContainText('Germany')
  await page.keyboard.press('Escape')

  // Nothing matches: say so. Esc goes back to the library.
  await input.fill('zqxjv')
  await expect(page.getByTestId('search-empty')).toBeVisible()
  await input.press('Escape')
  await expect(input).toHaveValue('')
  await expect(page.getByTestId('search-view')).toHaveCount(0)
  await expect(page.getByTestId('asset-tile')).toHaveCount(6)
})
