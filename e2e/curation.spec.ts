// Issue 12 in the browser: select photos like in a file manager, act on the selection in one step,
// and take the step back from its toast.
import { expect, test, addFolder, waitUntilIdle } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'
import type { Page } from '@playwright/test'
import { join } from 'node:path'
import sharp from 'sharp'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({ decoyFiles: false })

async function importPhotos(page: Page, photosDir: string, count: number) {
  await addFolder(page, photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(count, { timeout: 60_000 })
  await waitUntilIdle(page)
}

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

const idsOf = (page: Page) => page.getByTestId('asset-tile').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-asset-id'))))

test('select with the checkbox and Shift, favourite and rate the selection, undo from the toast and with Ctrl+Z', async ({ page, server }) => {
  await page.goto(server.url)
  await importPhotos(page, server.photosDir, 5)
  const tiles = page.getByTestId('asset-tile')
  const ids = await idsOf(page)

  // A plain click still opens the viewer while nothing is selected.
  await tiles.nth(0).click()
  await expect(page.getByTestId('viewer-image')).toBeVisible()
  // The viewer has the keys though the grid kept focus under it.
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('viewer-position')).toHaveText('2 / 5')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('viewer-image')).toHaveCount(0)
  await expect(page.getByTestId('selection-bar')).toHaveCount(0)

  // The checkbox starts selecting; Shift-click takes the range from it.
  await tiles.nth(1).hover()
  await tiles.nth(1).getByTestId('tile-select').click()
  await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', '1')
  await tiles.nth(3).click({ modifiers: ['Shift'] })
  await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', '3')
  const selected = await tiles.evaluateAll((els) => els.filter((e) => e.getAttribute('data-selected') === 'true').map((e) => Number(e.getAttribute('data-asset-id'))))
  expect(selected).toEqual(ids.slice(1, 4))
  // While selecting, a plain click toggles instead of opening.
  await tiles.nth(3).click()
  await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', '2')
  await expect(page.getByTestId('viewer-image')).toHaveCount(0)
  await tiles.nth(3).click()
  await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', '3')

  // Favourite: one step, its label in the toast, hearts on exactly those tiles.
  await page.getByTestId('action-favorite').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Added 3 photos to favourites')
  for (const [i, id] of ids.entries()) {
    await expect(page.locator(`[data-testid="asset-tile"][data-asset-id="${id}"] [data-testid="badge-favorite"]`)).toHaveCount(i >= 1 && i <= 3 ? 1 : 0)
  }
  // The selection stays for the next action: rate it.
  await page.getByTestId('action-rate-4').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Rated 3 photos 4 stars')
  await expect(page.getByTestId('badge-rating')).toHaveCount(3)
  await expect(page.getByTestId('badge-rating').first()).toHaveAttribute('data-rating', '4')

  // Undo from the toast takes back the rating only; the hearts stay.
  await page.getByTestId('undo').click()
  await expect(page.getByTestId('badge-rating')).toHaveCount(0)
  await expect(page.getByTestId('badge-favorite')).toHaveCount(3)
  await expect(page.getByTestId('notice').filter({ hasText: 'Undone: Rated 3 photos 4 stars' })).toBeVisible()

  // Escape clears the selection; the Favourites view shows just those three.
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('selection-bar')).toHaveCount(0)
  await page.getByTestId('view-favorites').click()
  await expect(page.getByTestId('view-favorites')).toHaveAttribute('aria-pressed', 'true')
  await expect(tiles).toHaveCount(3)
  expect(await idsOf(page)).toEqual(ids.slice(1, 4))

  // Ctrl+Z takes back the latest step, the favourites: the view empties.
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('view-empty')).toBeVisible()
  await page.getByTestId('view-favorites').click()
  await expect(tiles).toHaveCount(5)
  await expect(page.getByTestId('badge-favorite')).toHaveCount(0)

  // The catalog agrees after a reload: nothing is marked.
  await page.reload()
  await expect(tiles).toHaveCount(5)
  await expect(page.getByTestId('badge-favorite')).toHaveCount(0)
})

test('keyboard and Ctrl+A select, a drag rectangle selects, hide leaves the timeline and undo brings it back', async ({ page, server }) => {
  await page.goto(server.url)
  await importPhotos(page, server.photosDir, 5)
  const tiles = page.getByTestId('asset-tile')
  const ids = await idsOf(page)
  const count = page.getByTestId('selection-count')

  // Ctrl+A on the page selects the whole view; Escape clears it.
  await page.keyboard.press('Control+a')
  await expect(count).toHaveAttribute('data-count', '5')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('selection-bar')).toHaveCount(0)

  // Arrows move the focus, Space toggles, Shift+arrow extends from there.
  await page.getByTestId('library-grid').focus()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(tiles.nth(1)).toHaveClass(/focused/)
  await page.keyboard.press(' ')
  await expect(count).toHaveAttribute('data-count', '1')
  await page.keyboard.press('Shift+ArrowRight')
  await expect(count).toHaveAttribute('data-count', '2')
  await expect(tiles.nth(2)).toHaveAttribute('data-selected', 'true')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('selection-bar')).toHaveCount(0)
  // Enter opens the focused photo; the viewer walking on moves the grid's focus along.
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('viewer-image')).toBeVisible()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('viewer-position')).toHaveText('4 / 5')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('viewer-image')).toHaveCount(0)
  await expect(tiles.nth(3)).toHaveClass(/focused/)
  await expect(tiles.nth(2)).not.toHaveClass(/focused/)

  // A rectangle dragged from inside the first tile to inside the third selects the first three.
  const first = (await tiles.nth(0).boundingBox())!
  const third = (await tiles.nth(2).boundingBox())!
  await page.mouse.move(first.x + first.width / 2, first.y + first.height / 2)
  await page.mouse.down()
  await page.mouse.move(first.x + first.width * 0.8, first.y + first.height * 0.7, { steps: 4 })
  await page.mouse.move(third.x + third.width / 2, third.y + third.height / 2, { steps: 8 })
  await expect(page.getByTestId('selection-rect')).toBeVisible()
  await page.mouse.up()
  await expect(count).toHaveAttribute('data-count', '3')
  // Ending the drag over a tile neither opened it nor toggled it.
  await expect(page.getByTestId('viewer-image')).toHaveCount(0)
  await expect(tiles.nth(2)).toHaveAttribute('data-selected', 'true')

  // Hide: the three leave the timeline, the selection empties; Undo brings them back.
  await page.getByTestId('action-hide').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Hid 3 photos')
  await expect(tiles).toHaveCount(2)
  await expect(page.getByTestId('selection-bar')).toHaveCount(0)
  expect(await idsOf(page)).toEqual(ids.slice(3))
  await page.getByTestId('undo').click()
  await expect(tiles).toHaveCount(5)

  // Hide one again; the Hidden view shows only it, marked; Unhide there takes it out of the view.
  await tiles.nth(4).getByTestId('tile-select').click()
  await page.getByTestId('action-hide').click()
  await expect(tiles).toHaveCount(4)
  await page.getByTestId('view-hidden').click()
  await expect(page.getByTestId('view-hidden')).toHaveAttribute('aria-pressed', 'true')
  await expect(tiles).toHaveCount(1)
  await expect(tiles.nth(0)).toHaveAttribute('data-asset-id', String(ids[4]))
  await expect(tiles.nth(0).getByTestId('badge-hidden')).toHaveCount(1)
  await tiles.nth(0).getByTestId('tile-select').click()
  await page.getByTestId('action-unhide').click()
  await expect(page.getByTestId('view-empty')).toBeVisible()
  await expect(page.getByTestId('selection-bar')).toHaveCount(0)
  await page.getByTestId('view-hidden').click()
  await expect(tiles).toHaveCount(5)
})

test('move to trash and undo, restore from the Trash screen; shift the date, set a place and a description of a selection', async ({ page, server }) => {
  await page.goto(server.url)
  await importPhotos(page, server.photosDir, 5)
  const tiles = page.getByTestId('asset-tile')
  const ids = await idsOf(page)

  // Trash two: they leave the timeline in one step; Undo brings both back.
  await tiles.nth(3).getByTestId('tile-select').click()
  await tiles.nth(4).click({ modifiers: ['Control'] })
  await page.getByTestId('action-trash').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Moved 2 photos to the trash')
  await expect(tiles).toHaveCount(3)
  await expect(page.getByTestId('selection-bar')).toHaveCount(0)
  await page.getByTestId('undo').click()
  await expect(tiles).toHaveCount(5)
  expect(await idsOf(page)).toEqual(ids)

  // Trash them again, then restore one from the Trash screen (selected there like any grid).
  await tiles.nth(3).getByTestId('tile-select').click()
  await tiles.nth(4).click({ modifiers: ['Shift'] })
  await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', '2')
  await page.getByTestId('action-trash').click()
  await expect(tiles).toHaveCount(3)
  await page.getByTestId('trash-nav').click()
  const trashTiles = page.getByTestId('trash-tile')
  await expect(trashTiles).toHaveCount(2)
  const restored = Number(await trashTiles.nth(0).getAttribute('data-asset-id'))
  await trashTiles.nth(0).getByTestId('tile-select').click()
  await page.getByTestId('trash-restore').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Restored 1 photo from the trash')
  await expect(trashTiles).toHaveCount(1)
  await page.getByTestId('nav-library').click()
  await expect(tiles).toHaveCount(4)
  expect(await idsOf(page)).toContain(restored)
  // And the other one, with everything in the trash.
  await page.getByTestId('trash-nav').click()
  await page.getByTestId('trash-restore').click()
  await expect(page.getByTestId('trash-empty-state')).toBeVisible()
  await page.getByTestId('nav-library').click()
  await expect(tiles).toHaveCount(5)

  // The newest photo (the Nokia one, 10 May 2013 15:21) shifted one day and two hours later.
  await tiles.nth(0).getByTestId('tile-select').click()
  await page.getByTestId('action-date').click()
  await page.getByTestId('shift-days').fill('1')
  await page.getByTestId('shift-hours').fill('2')
  await page.getByTestId('edit-submit').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Shifted the time of 1 photo')
  await expect(page.getByTestId('date-dialog')).toHaveCount(0)

  // A place and a description for the same selection (still selected).
  await page.getByTestId('action-place').click()
  await page.getByTestId('place-coordinates').fill('48.8584, 2.2945')
  await page.getByTestId('place-label').fill('Eiffel Tower')
  await page.getByTestId('edit-submit').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Set the place of 1 photo')
  await expect(page.getByTestId('place-dialog')).toHaveCount(0)
  await page.getByTestId('action-description').click()
  await page.getByTestId('description-text').fill('picnic by the lighthouse')
  await page.getByTestId('edit-submit').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Described 1 photo')
  await expect(page.getByTestId('description-dialog')).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('selection-bar')).toHaveCount(0)

  // The viewer shows the edited date and place (the file is untouched: the catalog keeps both).
  await tiles.nth(0).click()
  await expect(page.getByTestId('meta-date')).toContainText('May 11, 2013')
  await expect(page.getByTestId('meta-date')).toContainText('5:21:35 PM')
  await expect(page.getByTestId('meta-location')).toContainText('48.8584')
  await page.keyboard.press('Escape')

  // The description is searchable.
  await page.getByTestId('search-input').fill('lighthouse')
  await expect(page.getByTestId('search-hit')).toHaveCount(1)
  await expect(page.getByTestId('search-hit')).toHaveAttribute('data-asset-id', String(ids[0]))

  // Search results select like the timeline: Ctrl+A (from the page) and an action on the hits.
  await page.getByTestId('search-results').focus()
  await page.keyboard.press('Control+a')
  await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', '1')
  await page.getByTestId('action-favorite').click()
  await expect(page.getByTestId('search-hit').getByTestId('badge-favorite')).toHaveCount(1)
})

test.describe('a timeline longer than the pages the grid has loaded', () => {
  // 450 photos: the grid loads pages of 200 around what it shows, so a range from the top to the
  // bottom spans a page (200-399) it never loaded.
  test.use({ photoFiles: {} })
  const COUNT = 450

  test('a Shift-click range across pages never loaded selects exactly the photos between', async ({ page, server }) => {
    test.setTimeout(240_000)
    // Distinct small photos (noise), made at test time.
    for (let i = 0; i < COUNT; i++) {
      await sharp({ create: { width: 48, height: 48, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
        .jpeg({ quality: 80 })
        .toFile(join(server.photosDir, `noise-${String(i).padStart(3, '0')}.jpg`))
    }
    await page.goto(server.url)
    await addFolder(page, server.photosDir)
    await expect(page.getByTestId('photo-count')).toHaveText(`${COUNT} photos`, { timeout: 180_000 })
    await waitUntilIdle(page, 180_000)
    const timeline = await invoke<{ id: number }[]>(page, 'assets.page', { offset: 0, limit: COUNT })
    expect(timeline).toHaveLength(COUNT)

    // The pages the page asks for, to be sure the range really reaches one never loaded.
    const asked: { offset: number; limit: number }[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/assets.page')) asked.push(request.postDataJSON() as { offset: number; limit: number })
    })
    const grid = page.getByTestId('library-grid')
    const tileAt = (position: number) => page.locator(`[data-testid="asset-tile"][data-index="${position}"]`)
    await tileAt(5).getByTestId('tile-select').click()
    // To the bottom without stopping in between: rows in the middle never render, their page never loads.
    await grid.evaluate((el) => (el.scrollTop = el.scrollHeight))
    await expect(tileAt(440)).toBeVisible()
    const coversMiddle = (r: { offset: number; limit: number }) => r.offset <= 300 && r.offset + r.limit > 300
    expect(asked.filter(coversMiddle)).toEqual([])
    await tileAt(440).click({ modifiers: ['Shift'] })
    await expect(page.getByTestId('selection-count')).toHaveAttribute('data-count', String(440 - 5 + 1))
    // The selection asked for the ids it did not have, by offset.
    expect(asked.filter(coversMiddle).length).toBeGreaterThan(0)

    // Favourite the range, and ask the catalog which photos are favourites: exactly positions 5-440.
    await page.getByTestId('action-favorite').click()
    await expect(page.getByTestId('undo-toast')).toContainText(`Added ${440 - 5 + 1} photos to favourites`)
    const favourites = await invoke<{ id: number }[]>(page, 'assets.page', { offset: 0, limit: COUNT, only: 'favorites' })
    expect(favourites.map((a) => a.id).sort((a, b) => a - b)).toEqual(
      timeline
        .slice(5, 441)
        .map((a) => a.id)
        .sort((a, b) => a - b),
    )

    // A drag held at the bottom edge keeps scrolling, and the rectangle grows over what scrolls in.
    await page.getByTestId('selection-clear').click()
    await grid.evaluate((el) => (el.scrollTop = 0))
    const box = (await grid.boundingBox())!
    const first = (await tileAt(0).boundingBox())!
    await page.mouse.move(first.x + first.width / 2, first.y + first.height / 2)
    await page.mouse.down()
    await page.mouse.move(first.x + first.width * 0.7, first.y + first.height * 0.7, { steps: 3 })
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 8, { steps: 5 })
    await expect.poll(() => grid.evaluate((el) => el.scrollTop)).toBeGreaterThan(box.height * 2)
    await page.mouse.up()
    const selected = Number(await page.getByTestId('selection-count').getAttribute('data-count'))
    const firstScreen = await page.getByTestId('asset-tile').count()
    expect(selected).toBeGreaterThan(firstScreen / 2)
  })
})

test('add a Shift-selected range to a new album in one step, then to that album again; undo takes the album back', async ({ page, server }) => {
  await page.goto(server.url)
  await importPhotos(page, server.photosDir, 5)
  const tiles = page.getByTestId('asset-tile')
  const ids = await idsOf(page)
  type Albums = { albums: { id: number; name: string; count: number }[] }

  await tiles.nth(0).getByTestId('tile-select').click()
  await tiles.nth(2).click({ modifiers: ['Shift'] })
  await page.getByTestId('action-album').click()
  await page.getByTestId('album-picker-new').click()
  await page.getByTestId('album-name-input').fill('Summer trip')
  await page.getByTestId('album-create').click()
  await expect(page.getByTestId('album-picker')).toHaveCount(0)
  await expect(page.getByTestId('undo-toast')).toContainText('Created album “Summer trip” with 3 photos')
  let tree = await invoke<Albums>(page, 'albums.list')
  expect(tree.albums.map((a) => [a.name, a.count])).toEqual([['Summer trip', 3]])
  const albumId = tree.albums[0]!.id
  const photos = await invoke<{ id: number }[]>(page, 'albums.photos', { albumId, offset: 0, limit: 100 })
  expect(photos.map((p) => p.id).sort()).toEqual(ids.slice(0, 3).sort())

  // Two more into the same album: only the one not in it yet counts.
  await page.keyboard.press('Escape')
  await tiles.nth(2).getByTestId('tile-select').click()
  await tiles.nth(3).click({ modifiers: ['Shift'] })
  await page.getByTestId('action-album').click()
  await page.locator(`[data-testid="album-picker-item"][data-album-id="${albumId}"]`).click()
  await expect(page.getByTestId('undo-toast')).toContainText('Added 1 photo to “Summer trip”')
  tree = await invoke<Albums>(page, 'albums.list')
  expect(tree.albums[0]!.count).toBe(4)

  // Undo takes back the addition; Ctrl+Z then the album itself. The photos stay in the library.
  await page.getByTestId('undo').click()
  await expect.poll(async () => (await invoke<Albums>(page, 'albums.list')).albums[0]?.count).toBe(3)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Control+z')
  await expect.poll(async () => (await invoke<Albums>(page, 'albums.list')).albums.length).toBe(0)
  await expect(tiles).toHaveCount(5)
})
