// Albums in the browser: the Albums screen and an album's page (count, rename, order, cover, remove,
// delete and its undo), and a photo's "In albums" chips in the viewer.
import type { Page } from '@playwright/test'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'
import { addFolder, expect, test, waitUntilIdle } from './fixtures'

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
