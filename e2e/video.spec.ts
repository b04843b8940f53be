import { addFolder, expect, REAL_PHOTOS, test, TEST_DATA, waitUntilIdle } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'

/** The media element's state (e2e compiles without the DOM library). */
type Media = { readyState: number; currentTime: number; play(): Promise<void> }

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)

// WebM (VP9) plays in every Chromium build; H.264 needs one built with proprietary codecs.
test.use({
  photoFiles: {
    'clips/slideshow.webm': `${TEST_DATA}/video/slideshow.webm`,
    'fruits.jpg': REAL_PHOTOS.fruits,
  },
  decoyFiles: false,
})

test('a video shows its duration, plays in the viewer, and a search hit inside it starts at its second', async ({ page, server }) => {
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(2, { timeout: 60_000 })
  await waitUntilIdle(page)

  const tile = page.getByTestId('asset-tile').filter({ has: page.getByTestId('tile-duration') })
  await expect(tile).toHaveCount(1)
  // 4.5 s, its poster frame as the thumbnail.
  await expect(tile.getByTestId('tile-duration')).toHaveText('▶ 0:05')
  await expect(tile.getByTestId('asset-thumb')).toHaveAttribute('data-state', 'loaded')

  await tile.getByRole('button').first().click()
  const video = page.getByTestId('video-player')
  await expect(video).toBeVisible()
  await expect(page.getByTestId('viewer-image')).toHaveCount(0)
  // The details say what the file holds: length, codec, frame rate, no sound track.
  await expect(page.getByTestId('meta-video')).toContainText('0:05 · VP9 · 10 fps · no sound')
  // It loads over the media route (byte ranges) and plays.
  await expect.poll(() => video.evaluate((el) => (el as unknown as Media).readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2)
  await video.evaluate((el) => (el as unknown as Media).play().catch(() => undefined))
  await expect.poll(() => video.evaluate((el) => (el as unknown as Media).currentTime), { timeout: 20_000 }).toBeGreaterThan(0)
  await page.keyboard.press('Escape')

  // The espresso is only in the frame at 3 s (the poster is the cat): the hit opens there.
  const input = page.getByTestId('search-input')
  await input.fill('espresso')
  const view = page.getByTestId('search-view')
  await expect(view).toHaveAttribute('data-state', 'ready')
  const hit = page.getByTestId('search-hit').first()
  // The hit says where in the video it is.
  await expect(hit.getByTestId('tile-duration')).toHaveText('▶ 0:03 / 0:05')
  await hit.click()
  await expect(video).toHaveAttribute('data-start-ms', '3000')
  await expect.poll(() => video.evaluate((el) => (el as unknown as Media).currentTime), { timeout: 20_000 }).toBeGreaterThanOrEqual(3)
})

test.describe('a person seen in a video', () => {
  // The slideshow shows the astronaut (a face) from 1.5 s; the photo of her makes her a person.
  test.use({
    photoFiles: {
      'clips/slideshow.webm': `${TEST_DATA}/video/slideshow.webm`,
      'astronaut.png': `${TEST_DATA}/skimage/astronaut.png`,
    },
    decoyFiles: false,
  })

  test("opening the video from the person's page starts at the second she is seen", async ({ page, server }) => {
    await page.goto(server.url)
    await addFolder(page, server.photosDir)
    await expect(page.getByTestId('asset-tile')).toHaveCount(2, { timeout: 60_000 })
    await waitUntilIdle(page)

    await page.getByTestId('nav-people').click()
    const card = page.getByTestId('person-card').filter({ hasText: '2 photos' })
    await expect(card).toHaveCount(1)
    await card.click()
    const clip = page.getByTestId('person-photo').filter({ has: page.getByTestId('tile-duration') })
    await expect(clip).toHaveCount(1)
    await expect(clip.getByTestId('tile-duration')).toHaveText('▶ 0:01 / 0:05')
    await clip.getByRole('button').first().click()
    const video = page.getByTestId('video-player')
    await expect(video).toHaveAttribute('data-start-ms', '1500')
    await expect.poll(() => video.evaluate((el) => (el as unknown as Media).currentTime), { timeout: 20_000 }).toBeGreaterThanOrEqual(1.5)
  })
})
