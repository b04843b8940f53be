// Issue 12's stacks in the browser: a burst (one camera, shots 0.4 s apart, EXIF written as the camera
// would) is one tile with its count; the count (or S on the tile) opens it in place and closes it;
// the viewer on the tile walks the stack; trash of the closed tile takes the whole stack, one undo.
import { join } from 'node:path'
import sharp from 'sharp'
import { expect, test, addFolder, waitUntilIdle, REAL_PHOTOS } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({ decoyFiles: false, photoFiles: { 'baboon.jpg': REAL_PHOTOS.baboon, 'flowers.jpg': REAL_PHOTOS.nikon } })

test('a burst is one tile with its count; it opens in place, closes, and the viewer walks it', async ({ page, server }) => {
  for (const [name, source, subSec] of [
    ['burst-1.jpg', REAL_PHOTOS.fruits, '20'],
    ['burst-2.jpg', REAL_PHOTOS.baboon, '60'],
  ] as const) {
    await sharp(source)
      .resize(320)
      .jpeg({ quality: 85 })
      .withExif({ IFD0: { Make: 'Canon', Model: 'EOS R5' }, IFD2: { DateTimeOriginal: '2024:07:01 10:00:00', SubSecTimeOriginal: subSec } })
      .toFile(join(server.photosDir, name))
  }
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await waitUntilIdle(page)
  const tiles = page.getByTestId('asset-tile')
  // Four photos, three tiles: the burst is one, newest first (July 2024 before the older photos).
  await expect(tiles).toHaveCount(3, { timeout: 60_000 })
  const badge = page.getByTestId('badge-stack')
  await expect(badge).toHaveCount(1)
  await expect(badge).toHaveAttribute('data-count', '2')
  const burstTile = tiles.nth(0)
  await expect(burstTile.getByTestId('badge-stack')).toBeVisible()
  const coverId = await burstTile.getAttribute('data-asset-id')
  const july = page.locator('[data-testid="month-header"][data-month="2024-07"]')
  await expect(july.locator('.month-count')).toHaveText('1')

  // The count opens the stack: its other photo follows the tile, marked as a member; the month counts it.
  await badge.click()
  await expect(tiles).toHaveCount(4)
  await expect(tiles.nth(0)).toHaveAttribute('data-asset-id', coverId!)
  await expect(tiles.nth(1)).toHaveAttribute('data-stack-role', 'member')
  await expect(tiles.nth(1).getByTestId('stack-member-mark')).toHaveText('2/2')
  await expect(badge).toHaveAttribute('data-expanded', 'true')
  await expect(july.locator('.month-count')).toHaveText('2')
  // And closes it again.
  await badge.click()
  await expect(tiles).toHaveCount(3)
  await expect(page.getByTestId('stack-member-mark')).toHaveCount(0)

  // S on the focused tile does the same.
  await page.getByTestId('library-grid').focus()
  await page.keyboard.press('ArrowRight')
  await expect(tiles.nth(0)).toHaveClass(/focused/)
  await page.keyboard.press('s')
  await expect(tiles).toHaveCount(4)
  // S on a photo of the opened stack closes it, focus back on its tile.
  await page.keyboard.press('ArrowRight')
  await expect(tiles.nth(1)).toHaveClass(/focused/)
  await page.keyboard.press('s')
  await expect(tiles).toHaveCount(3)
  await expect(tiles.nth(0)).toHaveClass(/focused/)

  // The viewer on the closed tile walks the stack (↓, or the strip), ←/→ walk the timeline past it.
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('viewer')).toBeVisible()
  await expect(page.getByTestId('viewer-position')).toHaveText('1 / 3')
  const position = page.getByTestId('viewer-stack-position')
  await expect(position).toHaveText('1 of 2 in this stack')
  const items = page.getByTestId('viewer-stack-item')
  await expect(items).toHaveCount(2)
  await expect(items.nth(0)).toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('ArrowDown')
  await expect(position).toHaveText('2 of 2 in this stack')
  await expect(items.nth(1)).toHaveAttribute('aria-current', 'true')
  await items.nth(0).click()
  await expect(position).toHaveText('1 of 2 in this stack')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('viewer-position')).toHaveText('2 / 3')
  await expect(page.getByTestId('viewer-stack')).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('viewer')).toHaveCount(0)
})

test('trash of a closed stack takes the whole stack in one step; Settings can turn stacks off', async ({ page, server }) => {
  for (const [name, subSec] of [
    ['burst-1.jpg', '20'],
    ['burst-2.jpg', '60'],
  ] as const) {
    await sharp(REAL_PHOTOS.fruits)
      .resize(320 + Number(subSec))
      .jpeg({ quality: 85 })
      .withExif({ IFD0: { Make: 'Canon', Model: 'EOS R5' }, IFD2: { DateTimeOriginal: '2024:07:01 10:00:00', SubSecTimeOriginal: subSec } })
      .toFile(join(server.photosDir, name))
  }
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await waitUntilIdle(page)
  const tiles = page.getByTestId('asset-tile')
  await expect(tiles).toHaveCount(3, { timeout: 60_000 })

  await tiles.nth(0).hover()
  await tiles.nth(0).getByTestId('tile-select').click()
  await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', '1')
  await page.getByTestId('action-trash').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Moved 2 photos to the trash, with every photo of its stack')
  await expect(tiles).toHaveCount(2)
  await page.getByTestId('undo').click()
  await expect(tiles).toHaveCount(3)
  await expect(page.getByTestId('badge-stack')).toHaveAttribute('data-count', '2')

  // Off: every photo on its own, no count; on again: one tile.
  await page.getByTestId('nav-settings').click()
  const toggle = page.getByTestId('stacks-enabled')
  await expect(toggle).toBeChecked()
  await toggle.uncheck()
  await expect(toggle).not.toBeChecked()
  await page.getByTestId('nav-library').click()
  await expect(tiles).toHaveCount(4)
  await expect(page.getByTestId('badge-stack')).toHaveCount(0)
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('stacks-enabled').check()
  await page.getByTestId('nav-library').click()
  await expect(tiles).toHaveCount(3)
  await expect(page.getByTestId('badge-stack')).toHaveAttribute('data-count', '2')
})
