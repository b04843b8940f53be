// XMP sidecars in the browser: a Lightroom sidecar beside a photo is read on import (its rating
// shows), Settings → XMP sidecars turns writing on and photo.jpg.xmp appears beside the photo, a new
// rating reaches it, and Check library finds it out of date after a hand edit and repairs it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'
import { addFolder, expect, REAL_PHOTOS, TEST_DATA, test, waitUntilIdle } from './fixtures'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({ decoyFiles: false, photoFiles: { 'Beach/lr.jpg': REAL_PHOTOS.starfish, 'Beach/lr.xmp': join(TEST_DATA, 'xmp/lightroom/lr.xmp') } })

const ratingIn = (path: string): string | null => (existsSync(path) ? (/<xmp:Rating>(\d)<\/xmp:Rating>/.exec(readFileSync(path, 'utf8'))?.[1] ?? null) : null)

test('a sidecar is read on import, written when turned on, follows a rating, and is repaired by the check', async ({ page, server }) => {
  const sidecar = join(server.photosDir, 'Beach', 'lr.jpg.xmp')
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(1, { timeout: 60_000 })
  await waitUntilIdle(page)
  await page.getByTestId('asset-tile').first().click()
  await expect(page.getByTestId('meta-rating')).toHaveAttribute('data-rating', '3')
  await page.keyboard.press('Escape')

  await page.getByTestId('nav-settings').click()
  const section = page.getByTestId('sidecars-section')
  await expect(section.getByTestId('sidecars-write')).not.toBeChecked()
  expect(existsSync(sidecar)).toBe(false)
  await section.getByTestId('sidecars-write').check()
  await expect.poll(() => ratingIn(sidecar), { timeout: 30_000 }).toBe('3')

  await page.getByTestId('nav-library').click()
  await page.getByTestId('asset-tile').first().click()
  await page.keyboard.press('5')
  await expect(page.getByTestId('meta-rating')).toHaveAttribute('data-rating', '5')
  await expect.poll(() => ratingIn(sidecar), { timeout: 30_000 }).toBe('5')
  await page.keyboard.press('Escape')

  await page.getByTestId('nav-settings').click()
  const check = page.getByTestId('integrity-section')
  await check.getByTestId('integrity-check').click()
  await expect(check.getByTestId('integrity-ok')).toBeVisible()
  writeFileSync(sidecar, readFileSync(sidecar, 'utf8').replace('<xmp:Rating>5</xmp:Rating>', '<xmp:Rating>2</xmp:Rating>'))
  await check.getByTestId('integrity-check').click()
  await expect(check.getByTestId('integrity-sidecars')).toHaveAttribute('data-count', '1')
  await check.getByTestId('integrity-repair').click()
  await expect(check.getByTestId('integrity-repaired')).toContainText("1 photos' sidecars to write again")
  await expect.poll(() => ratingIn(sidecar), { timeout: 30_000 }).toBe('5')
})
