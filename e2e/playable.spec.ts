import { addFolder, expect, test, TEST_DATA, waitUntilIdle } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'

/** The media element's state (e2e compiles without the DOM library). */
type Media = { readyState: number; currentTime: number; videoWidth: number; play(): Promise<void> }

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)

// No Chromium plays an AVI (MPEG-4 Part 2 + MP3): the viewer asks for a playable copy and plays that.
test.use({
  photoFiles: { 'clips/megamind.avi': `${TEST_DATA}/video/megamind.avi` },
  decoyFiles: false,
})

test('a video this browser cannot decode plays from a copy made for it', async ({ page, server }) => {
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  const tile = page.getByTestId('asset-tile')
  await expect(tile).toHaveCount(1, { timeout: 60_000 })
  await waitUntilIdle(page)
  await expect(tile.getByTestId('tile-duration')).toHaveText('▶ 0:02')

  await tile.getByRole('button').first().click()
  const video = page.getByTestId('video-player')
  // The original fails to load, the copy is made (its progress shown meanwhile), then it plays.
  await expect(video).toHaveAttribute('data-source', 'copy', { timeout: 60_000 })
  await expect(page.getByTestId('video-unplayable')).toHaveCount(0)
  await expect.poll(() => video.evaluate((el) => (el as unknown as Media).readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2)
  expect(await video.evaluate((el) => (el as unknown as Media).videoWidth)).toBe(240)
  await video.evaluate((el) => (el as unknown as Media).play().catch(() => undefined))
  await expect.poll(() => video.evaluate((el) => (el as unknown as Media).currentTime), { timeout: 20_000 }).toBeGreaterThan(0)

  // Opened again, the copy is already there: it plays from it without making another.
  await page.keyboard.press('Escape')
  await tile.getByRole('button').first().click()
  await expect(page.getByTestId('video-player')).toHaveAttribute('data-source', 'copy', { timeout: 20_000 })
})
