// Issue 12's duplicate review in the browser: a resized copy and its original side by side, the
// suggested keeper marked, "Keep this one" trashes the copy, and the toast's Undo brings it back.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { expect, test, addFolder, waitUntilIdle, REAL_PHOTOS } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({ decoyFiles: false, photoFiles: { 'baboon.jpg': REAL_PHOTOS.baboon, 'flowers.jpg': REAL_PHOTOS.nikon } })

test('resolve a duplicate group from the Duplicates screen, then undo it', async ({ page, server }) => {
  // A smaller, recompressed copy in another folder, as a phone export or a web download leaves it.
  await sharp(REAL_PHOTOS.baboon).resize(256).jpeg({ quality: 60 }).toFile(join(server.photosDir, 'baboon-small.jpg'))
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(3, { timeout: 60_000 })
  await waitUntilIdle(page)

  await page.getByTestId('duplicates-nav').click()
  await expect(page.getByTestId('duplicates-screen')).toBeVisible()
  const group = page.getByTestId('duplicate-group')
  await expect(group).toHaveCount(1)
  await expect(group).toHaveAttribute('data-tier', 'near')
  await expect(group.locator('figure')).toHaveCount(2)
  // The original is suggested: it has more pixels.
  const suggested = group.locator('figure.suggested')
  await expect(suggested.getByTestId('duplicate-suggested')).toContainText('Largest pixel count')
  await expect(suggested).toContainText('baboon.jpg')
  await expect(suggested).toContainText('512 × 512')

  await suggested.getByTestId('duplicate-keep').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Kept 1 photo and moved 1 duplicate to the trash')
  await expect(page.getByTestId('duplicate-group')).toHaveCount(0)
  await expect(page.getByTestId('duplicates-none')).toBeVisible()

  await page.getByTestId('undo').click()
  await expect(page.getByTestId('duplicate-group')).toHaveCount(1)
  await expect(page.getByTestId('duplicate-group').locator('figure')).toHaveCount(2)
  // The copy is back in the library too.
  await page.getByTestId('nav-library').click()
  await expect(page.getByTestId('asset-tile')).toHaveCount(3)
})

// Stacks (a burst as one tile with its count, opened, walked in the viewer): e2e/stacks.spec.ts.

test.describe('one photo at two paths', () => {
  // The same file twice (a backup folder); "Remove extra copies" moves one to a temporary home's OS
  // trash, never the real one. Set before the fixture spawns the server, which inherits them.
  const home = mkdtempSync(join(tmpdir(), 'photohouse-e2e-home-'))
  const saved = { HOME: process.env.HOME, XDG_DATA_HOME: process.env.XDG_DATA_HOME }
  test.skip(process.platform !== 'linux', 'the OS trash checked here is the freedesktop.org one (Linux)')
  test.use({ photoFiles: { 'baboon.jpg': REAL_PHOTOS.baboon, 'flowers.jpg': REAL_PHOTOS.nikon, [join('Backup', 'flowers.jpg')]: REAL_PHOTOS.nikon } })
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

  test('remove the extra copy of a same-bytes group after a confirmation naming the files', async ({ page, server }) => {
    await page.goto(server.url)
    await addFolder(page, server.photosDir)
    await expect(page.getByTestId('asset-tile')).toHaveCount(2, { timeout: 60_000 })
    await waitUntilIdle(page)
    const kept = join(server.photosDir, 'Backup', 'flowers.jpg')
    const extra = join(server.photosDir, 'flowers.jpg')

    await page.getByTestId('duplicates-nav').click()
    const group = page.locator('[data-testid="duplicate-group"][data-tier="same-bytes"]')
    await expect(group).toHaveCount(1)
    await expect(group.locator('figure')).toHaveCount(2)
    await group.getByTestId('duplicate-remove-copies').click()
    const dialog = page.getByTestId('remove-copies-dialog')
    await expect(dialog.getByTestId('remove-copies-path')).toHaveCount(2)
    // Cancel moves nothing.
    await dialog.getByTestId('remove-copies-cancel').click()
    await expect(dialog).toHaveCount(0)
    expect(existsSync(extra) && existsSync(kept)).toBe(true)

    // Keep the backup's copy (the first path is kept unless another is chosen).
    await group.getByTestId('duplicate-remove-copies').click()
    await dialog.locator(`[data-path="${kept}"]`).getByTestId('remove-copies-keep').check()
    await expect(dialog.locator(`[data-path="${kept}"]`).getByTestId('remove-copies-remove')).toBeDisabled()
    await expect(dialog.locator(`[data-path="${extra}"]`).getByTestId('remove-copies-remove')).toBeChecked()
    await expect(dialog.getByTestId('remove-copies-confirm')).toHaveText('Move 1 file to the system trash')
    await dialog.getByTestId('remove-copies-confirm').click()
    await expect(page.getByText(`Moved 1 copy to the system trash; kept ${kept}`)).toBeVisible()
    await expect(group).toHaveCount(0)
    expect(existsSync(extra)).toBe(false)
    expect(existsSync(kept)).toBe(true)
    const trashed = readdirSync(join(home, '.local', 'share', 'Trash', 'files'))
    expect(trashed).toHaveLength(1)
    expect(readFileSync(join(home, '.local', 'share', 'Trash', 'files', trashed[0]!))).toEqual(readFileSync(REAL_PHOTOS.nikon))

    // The photo stays in the library.
    await page.getByTestId('nav-library').click()
    await expect(page.getByTestId('asset-tile')).toHaveCount(2)
  })
})
