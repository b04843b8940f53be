// The timeline scrubber beside the library grid: photos from three years (EXIF dates written at test
// time), a click on a year's label, a drag along the track and the slider's keys each bring that
// part of the library into view; hovering names the month under the pointer.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'
import { addFolder, expect, test, waitUntilIdle } from './fixtures'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({ decoyFiles: false, photoFiles: {} })

/** Newest first, as the timeline shows them: 9 photos of July 2024, 9 of March 2021, 4 of November 2018. */
const YEARS = [
  { month: '2024:07', count: 9 },
  { month: '2021:03', count: 9 },
  { month: '2018:11', count: 4 },
]

async function writePhotos(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true })
  let i = 0
  for (const { month, count } of YEARS) {
    for (let k = 0; k < count; k++, i++) {
      // Ten minutes apart (no burst stacks), each a different picture.
      const time = `${month}:12 ${String(10 + Math.floor(k / 6)).padStart(2, '0')}:${String((k % 6) * 10).padStart(2, '0')}:00`
      await sharp({ create: { width: 240, height: 180, channels: 3, background: { r: (i * 53) % 256, g: (i * 97) % 256, b: (i * 151) % 256 } } })
        .composite([{ input: Buffer.from(`<svg width="240" height="180"><rect x="${10 + i * 9}" y="${20 + (i % 5) * 25}" width="40" height="40" fill="white"/></svg>`) }])
        .jpeg({ quality: 85 })
        .withExif({ IFD0: { Make: 'Nikon', Model: 'Z6' }, IFD2: { DateTimeOriginal: time } })
        .toFile(join(dir, `shot-${String(i).padStart(2, '0')}.jpg`))
    }
  }
}

test('jump through the library by year and month with the timeline scrubber', async ({ page, server }) => {
  await writePhotos(join(server.photosDir, 'years'))
  // A small window, so the library is several screens tall.
  await page.setViewportSize({ width: 1000, height: 600 })
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await waitUntilIdle(page)
  const grid = page.getByTestId('library-grid')
  const scrubber = page.getByTestId('timeline-scrubber')
  const sticky = grid.locator('.month-header.sticky')
  const tile = (index: number) => grid.locator(`[data-testid="asset-tile"][data-index="${index}"]`)
  await expect(tile(0)).toBeVisible({ timeout: 60_000 })
  await expect(sticky).toHaveAttribute('data-month', '2024-07')
  // The last year is below the fold.
  await expect(tile(18)).not.toBeInViewport()

  // One label per year, top to bottom newest first.
  await expect(scrubber.locator('[data-year]')).toHaveText(['2024', '2021', '2018'])

  // A click on 2021's label: its month is at the top, header and all.
  await scrubber.locator('[data-year="2021"]').click()
  await expect(sticky).toHaveAttribute('data-month', '2021-03')
  await expect(tile(9)).toBeInViewport()
  await expect(scrubber).toHaveAttribute('aria-valuetext', 'March 2021')

  // Hovering names the month under the pointer, without moving the grid.
  const box = (await scrubber.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + 4)
  await expect(page.getByTestId('scrubber-label')).toHaveText('July 2024')
  await expect(sticky).toHaveAttribute('data-month', '2021-03')

  // A drag from the top to the bottom of the track ends at the oldest photos.
  await page.mouse.down()
  await expect(sticky).toHaveAttribute('data-month', '2024-07')
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 })
  await page.mouse.move(box.x + box.width / 2, box.y + box.height - 2, { steps: 5 })
  await expect(page.getByTestId('scrubber-label')).toHaveText('November 2018')
  await page.mouse.up()
  await expect(tile(21)).toBeInViewport()
  await expect(grid.locator('[data-testid="month-header"][data-month="2018-11"]')).toBeInViewport()

  // The keys: Home to the newest month, Page Down a year on, End to the oldest.
  await scrubber.focus()
  await page.keyboard.press('Home')
  await expect(sticky).toHaveAttribute('data-month', '2024-07')
  await expect(tile(0)).toBeInViewport()
  await page.keyboard.press('PageDown')
  await expect(sticky).toHaveAttribute('data-month', '2021-03')
  await expect(scrubber).toHaveAttribute('aria-valuetext', 'March 2021')
  await page.keyboard.press('End')
  await expect(tile(21)).toBeInViewport()
  await expect(scrubber).toHaveAttribute('aria-valuetext', 'November 2018')

  // Scrolled so that only the last pixels of July's gap touch the top: the photos under the pinned
  // header are March's, and so is its name.
  await page.keyboard.press('Home')
  await expect(sticky).toHaveAttribute('data-month', '2024-07')
  const marchStyle = await grid.locator('[data-testid="month-header"][data-month="2021-03"]').getAttribute('style')
  const marchTop = Number(/translateY\((\d+)px\)/.exec(marchStyle ?? '')?.[1])
  expect(marchTop).toBeGreaterThan(0)
  await grid.evaluate((el, top) => el.scrollTo({ top }), marchTop - 3)
  await expect(sticky).toHaveAttribute('data-month', '2021-03')
  await grid.evaluate((el, top) => el.scrollTo({ top }), marchTop - 60)
  await expect(sticky).toHaveAttribute('data-month', '2024-07')
})
