// Albums in the browser: the Albums screen and an album's page (count, rename, order, cover, remove,
// delete and its undo), and a photo's "In albums" chips in the viewer.
import type { Page } from '@playwright/test'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'
import { addFolder, expect, test, waitUntilIdle } from './fixtures'
import { join } from 'node:path'
import sharp from 'sharp'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({ decoyFiles: false })

/** A contract call from the page, as the renderer makes it (browser mode's HTTP transport). */
async function invoke<T>(page: Page, name: string, input: object = {}): Promise<T> {
  return page.evaluate(
    async ([call, body]) => {
      const response = await fetch(`/api/${call}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      return ((await response.json()) as { value: unknown }).value
    },
    [name, input] as const,
  ) as Promise<T>
}

const albumPhotoIds = (page: Page) => page.getByTestId('album-photo').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-asset-id'))))

test('make an album on the Albums screen, fill it, reorder, set the cover, remove, rename, delete and undo', async ({ page, server }) => {
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(5, { timeout: 60_000 })
  await waitUntilIdle(page)
  const ids = await page.getByTestId('asset-tile').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-asset-id'))))

  await page.getByTestId('nav-albums').click()
  await expect(page.getByTestId('albums-empty')).toBeVisible()
  await page.getByTestId('album-create').click()
  await page.getByTestId('album-name-input').fill('Holiday')
  await page.getByTestId('album-name-save').click()
  // A new album opens at once, empty.
  await expect(page.getByTestId('album-page')).toBeVisible()
  await expect(page.getByTestId('album-count')).toHaveAttribute('data-count', '0')
  const albumId = Number(await page.getByTestId('album-page').getAttribute('data-album-id'))

  // Select three photos in the library and add them with the picker.
  await page.getByTestId('nav-library').click()
  const libraryTiles = page.getByTestId('asset-tile')
  await libraryTiles.nth(0).hover()
  await libraryTiles.nth(0).getByTestId('tile-select').click()
  await libraryTiles.nth(2).click({ modifiers: ['Shift'] })
  await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', '3')
  await page.getByTestId('action-album').click()
  await page.getByTestId('album-picker-item').filter({ hasText: 'Holiday' }).click()
  await expect(page.getByTestId('undo-toast')).toContainText('Added 3 photos to “Holiday”')
  await page.keyboard.press('Escape')
  await page.getByTestId('nav-albums').click()
  const card = page.getByTestId('album-card')
  await expect(card).toHaveCount(1)
  await expect(card.getByTestId('album-card-count')).toHaveAttribute('data-count', '3')
  await expect(card.locator('img')).toHaveCount(1)
  await card.click()
  await expect(page.getByTestId('album-count')).toHaveAttribute('data-count', '3')
  // Added together: by date taken; what follows works on the album's own order.
  const order = await albumPhotoIds(page)
  expect([...order].sort()).toEqual([ids[0], ids[1], ids[2]].sort())

  // Select the last photo: move it earlier, then make it the cover.
  const tiles = page.getByTestId('album-photo')
  await tiles.nth(2).hover()
  await tiles.nth(2).getByTestId('tile-select').click()
  await page.getByTestId('album-move-earlier').click()
  await expect.poll(() => albumPhotoIds(page)).toEqual([order[0], order[2], order[1]])
  // Drag a photo by its handle to the front (dropped on the left half of the first tile).
  await page.keyboard.press('Escape')
  await tiles.nth(2).hover()
  await tiles.nth(2).getByTestId('album-drag-handle').dragTo(tiles.nth(0), { targetPosition: { x: 5, y: 20 } })
  await expect.poll(() => albumPhotoIds(page)).toEqual([order[1], order[0], order[2]])
  await page.getByTestId('undo').click()
  await expect.poll(() => albumPhotoIds(page)).toEqual([order[0], order[2], order[1]])
  await tiles.nth(1).hover()
  await tiles.nth(1).getByTestId('tile-select').click()
  await page.getByTestId('album-set-cover').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Changed the cover of “Holiday”')
  await expect(tiles.nth(1).getByTestId('album-cover-badge')).toBeVisible()

  // Remove it: the photo leaves the album, not the library.
  await page.getByTestId('album-remove-photos').click()
  await expect(page.getByTestId('album-count')).toHaveAttribute('data-count', '2')
  expect(await albumPhotoIds(page)).toEqual([order[0], order[1]])
  await page.getByTestId('undo').click()
  await expect(page.getByTestId('album-count')).toHaveAttribute('data-count', '3')
  await page.keyboard.press('Escape')

  // Rename in place.
  await page.getByTestId('album-rename').click()
  await page.getByTestId('album-name-input').fill('Summer holiday')
  await page.getByTestId('album-name-save').click()
  await expect(page.getByTestId('album-title')).toHaveText('Summer holiday')

  // Sort by date, newest first: the library's order (newest first) of these photos, one undoable step.
  await expect(page.getByTestId('album-dates')).toContainText('2006')
  await expect(page.getByTestId('album-dates')).toContainText('2013')
  const handMade = await albumPhotoIds(page)
  await page.getByTestId('album-sort').selectOption('newest')
  await expect(page.getByTestId('undo-toast')).toContainText('Sorted “Summer holiday” by date, newest first')
  await expect.poll(() => albumPhotoIds(page)).toEqual([ids[0], ids[1], ids[2]])
  await page.getByTestId('undo').click()
  await expect.poll(() => albumPhotoIds(page)).toEqual(handMade)

  // The viewer lists the photo's albums; a chip opens the album.
  await tiles.nth(0).click()
  await expect(page.getByTestId('viewer-image')).toBeVisible()
  await expect(page.getByTestId('album-chip')).toHaveText('Summer holiday')
  await page.getByTestId('album-chip').click()
  await expect(page.getByTestId('viewer-image')).toHaveCount(0)
  await expect(page.getByTestId('album-page')).toBeVisible()

  // Delete asks first; the photos stay; Undo brings the album back with its photos.
  await page.getByTestId('album-delete').click()
  await page.getByTestId('album-delete-confirm').click()
  await expect(page.getByTestId('albums-screen')).toBeVisible()
  await expect(page.getByTestId('album-card')).toHaveCount(0)
  await page.getByTestId('undo').click()
  await expect(page.getByTestId('album-card')).toHaveCount(1)
  await expect(page.getByTestId('album-card').getByTestId('album-card-count')).toHaveAttribute('data-count', '3')
  await page.getByTestId('album-card').click()
  expect(Number(await page.getByTestId('album-page').getAttribute('data-album-id'))).toBe(albumId)
  await page.getByTestId('nav-library').click()
  await expect(page.getByTestId('asset-tile')).toHaveCount(5)
  const tree = await invoke<{ albums: { id: number; count: number }[] }>(page, 'albums.list')
  expect(tree.albums).toEqual([expect.objectContaining({ id: albumId, count: 3 })])
})

test('an album folder holds albums; an album synced with a library folder shows its photos', async ({ page, server }) => {
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(5, { timeout: 60_000 })
  await waitUntilIdle(page)

  await page.getByTestId('nav-albums').click()
  await page.getByTestId('album-folder-create').click()
  await page.getByTestId('album-name-input').fill('Trips')
  await page.getByTestId('album-name-save').click()
  await page.getByTestId('album-folder-card').click()
  await expect(page.getByTestId('album-folder-current')).toHaveText('Trips')

  // The default photo set keeps the starfish in "trip/": an album that follows that folder.
  await page.getByTestId('album-from-folder').click()
  await page.getByTestId('album-from-folder-paths').fill(`${server.photosDir}/trip`)
  await expect(page.getByTestId('album-from-folder-sync')).toBeChecked()
  await page.getByTestId('album-from-folder-submit').click()
  const card = page.getByTestId('album-card')
  await expect(card).toHaveCount(1)
  await expect(card.getByTestId('album-card-name')).toHaveText('trip')
  await expect(card.getByTestId('album-card-count')).toHaveAttribute('data-count', '1')
  await card.click()
  await expect(page.getByTestId('album-source')).toContainText('Follows the folder')
  // Back to the folder it is in, through the breadcrumb; the top level holds only the folder.
  await page.getByRole('button', { name: 'Trips' }).click()
  await expect(page.getByTestId('album-card')).toHaveCount(1)
  await page.getByTestId('albums-top').click()
  await expect(page.getByTestId('album-card')).toHaveCount(0)
  await expect(page.getByTestId('album-folder-card')).toHaveCount(1)
})

test('a second window sees albums made, renamed and deleted in the first without a reload', async ({ page, server, context }) => {
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(5, { timeout: 60_000 })
  await waitUntilIdle(page)
  // The other window (same browser session), on the Albums screen.
  const other = await context.newPage()
  await other.goto(server.url)
  await other.getByTestId('nav-albums').click()
  await expect(other.getByTestId('albums-empty')).toBeVisible()

  // The first window makes an album (through the contract, as its UI does): the other lists it.
  const ids = await page.getByTestId('asset-tile').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-asset-id'))))
  const { album } = await invoke<{ album: { id: number } }>(page, 'albums.create', { name: 'Shared', assetIds: ids.slice(0, 2) })
  const card = other.getByTestId('album-card')
  await expect(card.getByTestId('album-card-name')).toHaveText('Shared')
  await expect(card.getByTestId('album-card-count')).toHaveAttribute('data-count', '2')
  // The other window opens it; the first renames it and adds a photo: the page there follows.
  await card.click()
  await expect(other.getByTestId('album-photo')).toHaveCount(2)
  await invoke(page, 'albums.rename', { albumId: album.id, name: 'Shared trip' })
  await invoke(page, 'albums.addAssets', { albumId: album.id, ids: [ids[4]] })
  await expect(other.getByTestId('album-title')).toHaveText('Shared trip')
  await expect(other.getByTestId('album-photo')).toHaveCount(3)
  // Deleted there: the page here says so, and an action on it would say the album is gone.
  await invoke(page, 'albums.delete', { albumId: album.id })
  await expect(other.getByTestId('album-gone')).toBeVisible()
  // A call on the deleted album is refused as "not found", not as a server failure.
  const refused = await other.evaluate(async (albumId) => {
    const response = await fetch('/api/albums.rename', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ albumId, name: 'x' }) })
    return { status: response.status, body: (await response.json()) as { error: { code: string } } }
  }, album.id)
  expect(refused).toEqual({ status: 404, body: { ok: false, error: { code: 'album-not-found', message: `No album with id ${album.id}` } } })
  await other.close()
})

test.describe('an album larger than the pages its grid loads', () => {
  // 700 photos: the album's grid loads pages of 200 around what it shows, so a range from the top to
  // the bottom spans pages never loaded. (3000 proved the same and cost 5-13 minutes of import in CI.)
  test.use({ photoFiles: {} })
  const COUNT = 700

  test('a Shift range across unloaded pages selects exactly those photos; the last photo and the viewer reach the end', async ({ page, server }) => {
    // Importing the photos dominates (the AI stages run beside it).
    test.setTimeout(600_000)
    // Distinct small photos (noise), made at test time.
    for (let i = 0; i < COUNT; i++) {
      await sharp({ create: { width: 32, height: 32, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
        .jpeg({ quality: 70 })
        .toFile(join(server.photosDir, `noise-${String(i).padStart(4, '0')}.jpg`))
    }
    await page.goto(server.url)
    await addFolder(page, server.photosDir)
    // Every photo in the library (the AI stages may still be running: albums do not wait for them).
    await expect
      .poll(async () => (await invoke<unknown[]>(page, 'assets.page', { offset: COUNT - 1, limit: 1 })).length, { timeout: 480_000, intervals: [1000, 2000] })
      .toBe(1)
    const library = [
      ...(await invoke<{ id: number }[]>(page, 'assets.page', { offset: 0, limit: 2000 })),
      ...(await invoke<{ id: number }[]>(page, 'assets.page', { offset: 2000, limit: 2000 })),
    ].map((a) => a.id)
    expect(library).toHaveLength(COUNT)

    // The album, made through the contract as any client would.
    const { album } = await invoke<{ album: { id: number; count: number } }>(page, 'albums.create', { name: 'Everything', assetIds: library })
    expect(album.count).toBe(COUNT)
    const albumPhotos = async () => [
      ...(await invoke<{ id: number; sha256: string }[]>(page, 'albums.photos', { albumId: album.id, offset: 0, limit: 2000 })),
      ...(await invoke<{ id: number; sha256: string }[]>(page, 'albums.photos', { albumId: album.id, offset: 2000, limit: 2000 })),
    ]
    const albumOrder = async () => (await albumPhotos()).map((a) => a.id)
    const photos = await albumPhotos()
    const order = photos.map((a) => a.id)
    expect(order).toHaveLength(COUNT)

    // The pages the album page asks for, to be sure the range really reaches ones never loaded.
    const asked: { offset: number; limit: number }[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/albums.photos')) asked.push(request.postDataJSON() as { offset: number; limit: number })
    })
    await page.getByTestId('nav-albums').click()
    await page.getByTestId('album-card').click()
    await expect(page.getByTestId('album-count')).toHaveAttribute('data-count', String(COUNT))
    const grid = page.getByTestId('album-photos')
    const tileAt = (position: number) => page.locator(`[data-testid="album-photo"][data-index="${position}"]`)
    await expect(tileAt(0)).toBeVisible()
    // Only what is on screen is in the page, not every tile.
    expect(await page.getByTestId('album-photo').count()).toBeLessThan(400)

    await tileAt(5).hover()
    await tileAt(5).getByTestId('tile-select').click()
    // To the bottom without stopping in between: rows in the middle never render, their pages never load.
    await grid.evaluate((el) => (el.scrollTop = el.scrollHeight))
    await expect(tileAt(COUNT - 1)).toBeVisible()
    expect(Number(await tileAt(COUNT - 1).getAttribute('data-asset-id'))).toBe(order[COUNT - 1])
    // The middle page (offsets 200-399) is neither at the top nor at the bottom.
    const middle = Math.floor(COUNT / 2)
    const coversMiddle = (r: { offset: number; limit: number }) => r.offset <= middle && r.offset + r.limit > middle
    expect(asked.filter(coversMiddle)).toEqual([])
    await tileAt(COUNT - 5).click({ modifiers: ['Shift'] })
    const selected = COUNT - 5 - 5 + 1
    await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', String(selected))
    // The selection asked for the ids it did not have, by offset.
    expect(asked.filter(coversMiddle).length).toBeGreaterThan(0)

    // Remove the range from the album: exactly positions 5 to COUNT-5 leave it.
    await page.getByTestId('album-remove-photos').click()
    await expect(page.getByTestId('undo-toast')).toContainText(`Removed ${selected} photos from “Everything”`)
    await expect(page.getByTestId('album-count')).toHaveAttribute('data-count', '9')
    expect(await albumOrder()).toEqual([...order.slice(0, 5), ...order.slice(COUNT - 4)])
    await page.getByTestId('undo').click()
    await expect(page.getByTestId('album-count')).toHaveAttribute('data-count', String(COUNT))
    expect(await albumOrder()).toEqual(order)

    // The keyboard reaches the last photo (End), and the viewer opened there walks back across a page
    // boundary in the album's order.
    await grid.evaluate((el) => (el.scrollTop = 0))
    await tileAt(0).click()
    await expect(page.getByTestId('viewer-position')).toHaveText(`1 / ${COUNT.toLocaleString('en-US')}`)
    await page.keyboard.press('Escape')
    await grid.focus()
    await page.keyboard.press('End')
    await expect(tileAt(COUNT - 1)).toHaveClass(/focused/)
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('viewer-position')).toHaveText(`${COUNT.toLocaleString('en-US')} / ${COUNT.toLocaleString('en-US')}`)
    // Position 600 is the last of the page before the album's last page (pages of 200).
    const boundary = COUNT - 100
    const total = COUNT.toLocaleString('en-US')
    for (let i = 0; i < COUNT - boundary; i++) await page.keyboard.press('ArrowLeft')
    await expect(page.getByTestId('viewer-position')).toHaveText(`${boundary.toLocaleString('en-US')} / ${total}`)
    await page.keyboard.press('ArrowLeft')
    await expect(page.getByTestId('viewer-position')).toHaveText(`${(boundary - 1).toLocaleString('en-US')} / ${total}`)
    // The photo shown is the album's photo at that position.
    await expect(page.getByTestId('viewer-image')).toHaveAttribute('src', new RegExp(photos[boundary - 2]!.sha256))
    await page.keyboard.press('Escape')
    // The grid's focus followed the viewer.
    await expect(tileAt(boundary - 2)).toHaveClass(/focused/)
  })
})
