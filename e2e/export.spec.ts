// Issue 14 in the browser: "Export…" on an album's page writes exact copies into a folder (the toast
// follows the job to its end), and a library folder that moved is found again with "Locate folder…".
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, addFolder, waitUntilIdle, REAL_PHOTOS } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({
  decoyFiles: false,
  photoFiles: { 'starfish.jpg': REAL_PHOTOS.starfish, 'nikon.jpg': REAL_PHOTOS.nikon, 'Home/right.jpg': REAL_PHOTOS.rotated },
})

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

test('export an album as originals into a folder; locate the library folder after it moved', async ({ page, server }) => {
  const out = mkdtempSync(join(tmpdir(), 'photohouse-e2e-export-'))
  try {
    await page.goto(server.url)
    await addFolder(page, server.photosDir)
    await expect(page.getByTestId('asset-tile')).toHaveCount(3, { timeout: 60_000 })
    await waitUntilIdle(page)
    const ids = await page.getByTestId('asset-tile').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-asset-id'))))
    await page.evaluate(async (assetIds) => {
      await fetch('/api/albums.create', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Trip', assetIds }) })
    }, ids)

    await page.getByTestId('nav-albums').click()
    await page.getByTestId('album-card').click()
    await page.getByTestId('action-export').click()
    const dialog = page.getByTestId('export-dialog')
    await expect(dialog).toContainText('Export album “Trip”')
    // JPEG is the default and strips the location; originals cannot.
    await expect(page.getByTestId('export-strip-gps')).toBeChecked()
    await page.getByTestId('export-format-original').check()
    await expect(page.getByTestId('export-strip-gps')).toBeDisabled()
    await page.getByTestId('export-to').fill(join(out, 'Trip'))
    await page.getByTestId('export-submit').click()
    await expect(dialog).toHaveCount(0)
    const toast = page.getByTestId('export-toast')
    await expect(toast).toHaveAttribute('data-state', 'done')
    await expect(toast).toContainText(`Exported 3 photos to ${join(out, 'Trip')}`)
    expect(readdirSync(join(out, 'Trip')).sort()).toEqual(['nikon.jpg', 'right.jpg', 'starfish.jpg'])
    expect(sha(join(out, 'Trip', 'right.jpg'))).toBe(sha(join(server.photosDir, 'Home', 'right.jpg')))
    await page.getByTestId('export-dismiss').click()
    await expect(toast).toHaveCount(0)

    // The folder moves (as a drive mounted elsewhere would): the watcher finds it unreachable.
    const moved = `${server.photosDir} (moved)`
    renameSync(server.photosDir, moved)
    await expect(page.getByTestId('root-unreachable')).toBeVisible({ timeout: 30_000 })
    await page.getByTestId('root-locate').click()
    await page.getByTestId('locate-folder-path').fill(out)
    await page.getByTestId('locate-folder-submit').click()
    // The export folder holds copies of two of them at other relative paths: that is not the folder.
    await expect(page.getByTestId('locate-folder-error')).toContainText('None of the 3 files')
    await page.getByTestId('locate-folder-path').fill(moved)
    await page.getByTestId('locate-folder-submit').click()
    await expect(page.getByTestId('locate-folder-result')).toContainText('Found 3 files')
    await expect(page.getByTestId('locate-folder-result')).toContainText('Nothing is missing')
    await page.getByRole('button', { name: 'Done' }).click()
    await expect(page.getByTestId('root-unreachable')).toHaveCount(0)
    await expect(page.getByTestId('root-item')).toHaveAttribute('title', moved)
    await page.getByTestId('nav-library').click()
    await expect(page.getByTestId('asset-tile')).toHaveCount(3)
    expect(await page.getByTestId('asset-tile').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-asset-id'))))).toEqual(ids)
    // The fixture removes its work folder by the old name.
    renameSync(moved, server.photosDir)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})
