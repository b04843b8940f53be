// Issue 12 in the browser: the details panel edits a photo's description, date and place; the Trash
// screen restores, empties (files kept) and, after its own confirmation, moves files to the OS trash.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, addFolder, waitUntilIdle, REAL_PHOTOS } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'
import type { Page } from '@playwright/test'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.skip(process.platform !== 'linux', 'the OS trash checked here is the freedesktop.org one (Linux)')
test.use({ decoyFiles: false })

// `photohouse serve` inherits these: "Delete the files too" goes to a temporary home's trash, never
// the real one. Set before the fixture spawns the server.
const home = mkdtempSync(join(tmpdir(), 'photohouse-e2e-home-'))
const saved = { HOME: process.env.HOME, XDG_DATA_HOME: process.env.XDG_DATA_HOME }
test.beforeAll(() => {
  mkdirSync(join(home, '.local', 'share'), { recursive: true })
  process.env.HOME = home
  process.env.XDG_DATA_HOME = join(home, '.local', 'share')
})
test.afterAll(() => {
  process.env.HOME = saved.HOME
  if (saved.XDG_DATA_HOME === undefined) delete process.env.XDG_DATA_HOME
  else process.env.XDG_DATA_HOME = saved.XDG_DATA_HOME
  rmSync(home, { recursive: true, force: true })
})

const idsOf = (page: Page, testId: string) => page.getByTestId(testId).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-asset-id'))))

/** The files of a photo, asked of the server as the renderer would. */
async function pathsOf(page: Page, assetId: number): Promise<string[]> {
  return page.evaluate(async (id) => {
    const response = await fetch('/api/assets.get', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ assetId: id }) })
    const body = (await response.json()) as { value: { locations: { path: string }[] } | null }
    return body.value?.locations.map((l) => l.path) ?? []
  }, assetId)
}

test('edit description, date and place in the details panel; trash, restore, empty, delete the files too', async ({ page, server }) => {
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  const tiles = page.getByTestId('asset-tile')
  await expect(tiles).toHaveCount(5, { timeout: 60_000 })
  await waitUntilIdle(page)
  const ids = await idsOf(page, 'asset-tile')

  // Description: typed in the panel, saved when the field loses focus, one undoable step.
  await tiles.nth(0).click()
  await page.getByTestId('meta-description-input').fill('Grandma blowing out the candles')
  await page.getByTestId('meta-date').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Described 1 photo')

  // Date: set; the panel says it was edited and what the file says.
  await page.getByTestId('meta-date-edit').click()
  await page.getByTestId('meta-date-input').fill('2030-01-02T03:04')
  await page.getByTestId('meta-date-save').click()
  await expect(page.getByTestId('meta-date')).toContainText('2030')
  await expect(page.getByTestId('meta-date-edited')).toContainText('edited')

  // Place: coordinates and a name; the reverse geocoder names the city.
  await page.getByTestId('meta-place-edit').click()
  await page.getByTestId('meta-place-lat').fill('48.8584')
  await page.getByTestId('meta-place-lon').fill('2.2945')
  await page.getByTestId('meta-place-name').fill('Eiffel Tower')
  await page.getByTestId('meta-place-save').click()
  await expect(page.getByTestId('meta-place')).toContainText('Paris')
  await expect(page.getByTestId('meta-place-label')).toHaveText('Eiffel Tower')
  await expect(page.getByTestId('meta-place-edited')).toContainText('edited')
  await page.keyboard.press('Escape')

  // The description is searchable, and so is the edited date (2030) and the place's name.
  for (const words of ['candles', '2030', 'eiffel']) {
    await page.getByTestId('search-input').fill(words)
    await expect(page.getByTestId('search-hit')).toHaveCount(1)
    await expect(page.getByTestId('search-hit')).toHaveAttribute('data-asset-id', String(ids[0]))
  }
  await page.getByTestId('search-input').fill('')

  // Trash four photos from the action bar; the Trash screen lists them with 30 days left.
  const trashed = (await idsOf(page, 'asset-tile')).slice(1, 5)
  await tiles.nth(1).hover()
  await tiles.nth(1).getByTestId('tile-select').click()
  await tiles.nth(4).click({ modifiers: ['Shift'] })
  await page.getByTestId('action-trash').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Moved 4 photos to the trash')
  await expect(tiles).toHaveCount(1)
  await page.getByTestId('trash-nav').click()
  await expect(page.getByTestId('trash-screen')).toBeVisible()
  const trashTiles = page.getByTestId('trash-tile')
  await expect(trashTiles).toHaveCount(4)
  expect((await idsOf(page, 'trash-tile')).sort()).toEqual([...trashed].sort())
  await expect(page.getByTestId('trash-days-left').first()).toHaveText('30 days left')

  // Opened from the trash, a photo says so and can be restored from its details.
  const restoredInViewer = (await idsOf(page, 'trash-tile'))[0]!
  await trashTiles.nth(0).click()
  await expect(page.getByTestId('meta-trashed')).toContainText('In the trash')
  await page.getByTestId('meta-restore').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Restored 1 photo from the trash')
  await page.keyboard.press('Escape')
  await expect(trashTiles).toHaveCount(3)

  // Restore one (selected): it leaves the trash, an Undo is offered.
  const restored = (await idsOf(page, 'trash-tile'))[0]!
  await trashTiles.nth(0).hover()
  await trashTiles.nth(0).getByTestId('tile-select').click()
  await expect(page.getByTestId('trash-restore')).toHaveText('Restore 1 photo')
  await page.getByTestId('trash-restore').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Restored 1 photo from the trash')
  await expect(trashTiles).toHaveCount(2)

  // "Delete the files too" for one selected photo: its file goes to the (temporary) OS trash.
  const deleted = (await idsOf(page, 'trash-tile'))[0]!
  const deletedPaths = await pathsOf(page, deleted)
  expect(deletedPaths).toHaveLength(1)
  await trashTiles.nth(0).hover()
  await trashTiles.nth(0).getByTestId('tile-select').click()
  await page.getByTestId('trash-delete-files').click()
  await expect(page.getByTestId('trash-confirm-dialog')).toContainText('system')
  await page.getByTestId('trash-confirm').click()
  await expect(trashTiles).toHaveCount(1)
  expect(existsSync(deletedPaths[0]!)).toBe(false)
  expect(readdirSync(join(home, '.local', 'share', 'Trash', 'files'))).toHaveLength(1)

  // Empty the rest: removed from the library, the file stays on disk.
  const kept = (await idsOf(page, 'trash-tile'))[0]!
  const keptPaths = await pathsOf(page, kept)
  await page.getByTestId('trash-empty').click()
  await page.getByTestId('trash-confirm').click()
  await expect(page.getByTestId('trash-empty-state')).toBeVisible()
  expect(existsSync(keptPaths[0]!)).toBe(true)

  // The library has the untouched photo and the two restored ones, also after a reload.
  await page.reload()
  await expect(tiles).toHaveCount(3)
  expect((await idsOf(page, 'asset-tile')).sort()).toEqual([ids[0]!, restoredInViewer, restored].sort())
})

/** Sets the open photo's date in the details panel. */
async function setDateInViewer(page: Page, value: string, year: string) {
  await page.getByTestId('meta-date-edit').click()
  await page.getByTestId('meta-date-input').fill(value)
  await page.getByTestId('meta-date-save').click()
  await expect(page.getByTestId('meta-date')).toContainText(year)
}

test.describe('a date edit under the viewer', () => {
  // One folder with a word of its own, so one search lists all five.
  test.use({ photoFiles: Object.fromEntries(Object.entries(REAL_PHOTOS).map(([name, path]) => [join('Grandpa keepsakes', `${name}.jpg`), path])) })

  test('the viewer stays on a photo whose date edit moves it: in the library (found at its new position), search results and an album', async ({ page, server }) => {
    await page.goto(server.url)
    await addFolder(page, server.photosDir)
    const tiles = page.getByTestId('asset-tile')
    await expect(tiles).toHaveCount(5, { timeout: 60_000 })
    await waitUntilIdle(page)
    const viewerId = async () => Number(await page.getByTestId('viewer-image').getAttribute('data-asset-id'))

    // Library: a photo in the middle, dated later than all others, becomes the first; then the last.
    const edited = (await idsOf(page, 'asset-tile'))[2]!
    await tiles.nth(2).click()
    await expect(page.getByTestId('viewer-position')).toHaveText('3 / 5')
    await setDateInViewer(page, '2030-01-02T03:04', '2030')
    await expect(page.getByTestId('viewer-position')).toHaveText('1 / 5')
    await expect(page.getByTestId('viewer-image')).toHaveAttribute('data-asset-id', String(edited))
    await expect(page.getByTestId('meta-date')).toContainText('2030')
    await setDateInViewer(page, '1990-01-02T03:04', '1990')
    await expect(page.getByTestId('viewer-position')).toHaveText('5 / 5')
    await expect(page.getByTestId('viewer-image')).toHaveAttribute('data-asset-id', String(edited))
    // ← walks on from its new place: the photo before it in the timeline.
    await page.keyboard.press('ArrowLeft')
    await expect(page.getByTestId('viewer-position')).toHaveText('4 / 5')
    const before = await viewerId()
    await page.keyboard.press('Escape')
    await expect.poll(() => idsOf(page, 'asset-tile')).toEqual(expect.arrayContaining([edited]))
    const order = await idsOf(page, 'asset-tile')
    expect(order.slice(3)).toEqual([before, edited])

    // Search results: an edit keeps the viewer on the same hit.
    await page.getByTestId('search-input').fill('keepsakes')
    const hits = page.getByTestId('search-hit')
    await expect(hits).toHaveCount(5)
    const hitIds = await idsOf(page, 'search-hit')
    await hits.nth(1).click()
    await setDateInViewer(page, '2031-03-04T05:06', '2031')
    await expect(page.getByTestId('viewer-image')).toHaveAttribute('data-asset-id', String(hitIds[1]))
    await expect(page.getByTestId('viewer-position')).toHaveText('2 / 5')
    await page.keyboard.press('ArrowRight')
    await expect(page.getByTestId('viewer-image')).toHaveAttribute('data-asset-id', String(hitIds[2]))
    await page.keyboard.press('Escape')
    await page.getByTestId('search-input').fill('')

    // An album of all five: the same.
    await page.evaluate(async (assetIds) => {
      await fetch('/api/albums.create', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Everything', assetIds }) })
    }, order)
    await page.getByTestId('nav-albums').click()
    await page.getByTestId('album-card').filter({ hasText: 'Everything' }).click()
    const albumTiles = page.getByTestId('album-photo')
    await expect(albumTiles).toHaveCount(5)
    const albumIds = await idsOf(page, 'album-photo')
    await albumTiles.nth(3).click()
    await setDateInViewer(page, '2032-05-06T07:08', '2032')
    await expect(page.getByTestId('viewer-image')).toHaveAttribute('data-asset-id', String(albumIds[3]))
    await expect(page.getByTestId('viewer-position')).toHaveText('4 / 5')
    await page.keyboard.press('Escape')
  })
})
