// Themes on the Albums screen: a subject seen on two days far apart (real photos, EXIF dates written
// at test time) is suggested as a theme after the import, and "Make smart album" makes an album of
// its photos that opens at once.
import { join } from 'node:path'
import { writeThemePhotos } from '../src/main/testing/theme-photos'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'
import { addFolder, expect, test, waitUntilIdle } from './fixtures'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({ decoyFiles: false, photoFiles: {} })

test('a subject of two events is a theme on the Albums screen, made into a smart album in one click', async ({ page, server }) => {
  await writeThemePhotos(join(server.photosDir, 'zoo'))
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(5, { timeout: 60_000 })
  await waitUntilIdle(page)

  await page.getByTestId('nav-albums').click()
  const card = page.getByTestId('theme-card')
  await expect(card).toHaveCount(1, { timeout: 30_000 })
  await expect(card.getByTestId('theme-name')).toHaveText('Baboon')
  await expect(card.getByTestId('theme-counts')).toHaveText('4 photos · 2 events')
  await expect(card.locator('img')).toHaveCount(1)

  await card.getByTestId('theme-make-album').click()
  await expect(page.getByTestId('album-page')).toBeVisible()
  await expect(page.getByTestId('album-photo')).toHaveCount(4)
})
