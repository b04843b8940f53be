import { addFolder, expect, test, TEST_DATA, waitUntilIdle } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'

/** The media element's state (e2e compiles without the DOM library). */
type Media = { readyState: number; currentTime: number; paused: boolean; currentSrc: string }

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)

test.use({
  photoFiles: {
    'IMG_0001.JPG': `${TEST_DATA}/live/IMG_0001.JPG`,
    'IMG_0001.MOV': `${TEST_DATA}/live/IMG_0001.MOV`,
    'MVIMG_20230501_101112.jpg': `${TEST_DATA}/live/MVIMG_20230501_101112.jpg`,
  },
  decoyFiles: false,
})

test('a live photo is one tile whose motion plays while pressed; a motion photo plays its embedded clip', async ({ page, server }) => {
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  // The MOV is the live photo's motion, not a tile of its own.
  await expect(page.getByTestId('asset-tile')).toHaveCount(2, { timeout: 60_000 })
  await waitUntilIdle(page)
  await expect(page.getByTestId('asset-tile')).toHaveCount(2)

  // Each tile says it moves: LIVE for the live photo, MOTION for the motion photo, named for screen readers.
  const liveTile = page.getByTestId('asset-tile').filter({ has: page.locator('[data-testid="tile-motion"][data-kind="live"]') })
  const motionTile = page.getByTestId('asset-tile').filter({ has: page.locator('[data-testid="tile-motion"][data-kind="embedded"]') })
  await expect(liveTile).toHaveCount(1)
  await expect(motionTile).toHaveCount(1)
  await expect(liveTile.getByRole('img', { name: 'Live photo' })).toHaveText('LIVE')
  await expect(motionTile.getByRole('img', { name: 'Motion photo' })).toHaveText('MOTION')
  // Resting the pointer on a tile plays its clip over the still (muted); leaving it shows the still.
  for (const tile of [liveTile, motionTile]) {
    await tile.hover()
    const clip = tile.getByTestId('tile-motion-video')
    await expect(clip).toHaveCount(1)
    await expect.poll(() => clip.evaluate((el) => (el as unknown as Media).currentSrc)).toMatch(/\/media\/motion\/\d+$/)
    await expect.poll(() => clip.evaluate((el) => (el as unknown as Media & { muted: boolean }).muted)).toBe(true)
    await expect.poll(() => clip.evaluate((el) => (el as unknown as Media).currentTime), { timeout: 20_000 }).toBeGreaterThan(0)
    await page.mouse.move(0, 0)
    await expect(tile.getByTestId('tile-motion-video')).toHaveCount(0)
  }

  for (const badge of ['LIVE', 'MOTION']) {
    const tiles = page.getByTestId('asset-tile')
    // Open each photo in turn and find the one with this badge.
    let found = false
    for (let i = 0; i < 2 && !found; i++) {
      await tiles.nth(i).getByRole('button').first().click()
      await expect(page.getByTestId('viewer-image')).toHaveAttribute('data-state', 'loaded')
      const layer = page.getByTestId('motion-layer')
      await expect(layer).toHaveCount(1)
      if ((await page.getByTestId('motion-badge').textContent()) === badge) {
        found = true
        const video = page.getByTestId('motion-video')
        await expect(layer).toHaveAttribute('data-playing', 'false')
        // Pressing the photo plays the clip from the media route; releasing shows the still again.
        const box = (await layer.boundingBox())!
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
        await page.mouse.down()
        await expect(layer).toHaveAttribute('data-playing', 'true')
        await expect.poll(() => video.evaluate((el) => (el as unknown as Media).currentSrc)).toMatch(/\/media\/motion\/\d+$/)
        await expect.poll(() => video.evaluate((el) => (el as unknown as Media).readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2)
        await expect.poll(() => video.evaluate((el) => (el as unknown as Media).currentTime), { timeout: 20_000 }).toBeGreaterThan(0)
        await page.mouse.up()
        await page.mouse.move(0, 0)
        await expect(layer).toHaveAttribute('data-playing', 'false')
        await expect.poll(() => video.evaluate((el) => (el as unknown as Media).paused)).toBe(true)
      }
      await page.keyboard.press('Escape')
    }
    expect(found, `a photo with the ${badge} badge`).toBe(true)
  }
})
