// Backups in the browser: Settings → Backups makes one, an album made afterwards is gone once the
// backup is restored (after a confirmation saying what happens), and the restore point is listed;
// and Settings → Check library finds a lost thumbnail and repairs it.
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'
import { addFolder, expect, test, waitUntilIdle } from './fixtures'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({ decoyFiles: false })

test('back up, make an album, restore: the album is gone and the restore point is listed', async ({ page, server }) => {
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(5, { timeout: 60_000 })
  await waitUntilIdle(page)

  await page.getByTestId('nav-settings').click()
  const section = page.getByTestId('backup-section')
  await expect(section.getByTestId('backup-folder')).toContainText(server.libraryDir)
  await section.getByTestId('backup-now').click()
  const manual = section.locator('[data-testid="backup-row"][data-kind="manual"]')
  await expect(manual).toHaveCount(1)
  await expect(manual.getByTestId('backup-kind')).toHaveText('Backed up by hand')

  // An album made after the backup.
  await page.getByTestId('nav-albums').click()
  await expect(page.getByTestId('albums-empty')).toBeVisible()
  await page.getByTestId('album-create').click()
  await page.getByTestId('album-name-input').fill('Made after the backup')
  await page.getByTestId('album-name-save').click()
  await expect(page.getByTestId('album-page')).toBeVisible()
  await page.getByTestId('nav-albums').click()
  await expect(page.getByTestId('album-card')).toHaveCount(1)

  // Restore, after a confirmation that says what happens; cancelling first changes nothing.
  await page.getByTestId('nav-settings').click()
  await manual.getByTestId('backup-restore').click()
  const dialog = page.getByTestId('backup-confirm-dialog')
  await expect(dialog).toContainText('restore point')
  await expect(dialog).toContainText('photo files are not touched')
  await dialog.getByTestId('backup-cancel').click()
  await expect(dialog).toHaveCount(0)
  await expect(section.locator('[data-testid="backup-row"][data-kind="restore-point"]')).toHaveCount(0)
  await manual.getByTestId('backup-restore').click()
  await dialog.getByTestId('backup-confirm').click()
  await expect(section.locator('[data-testid="backup-row"][data-kind="restore-point"]')).toHaveCount(1)
  await expect(section.getByTestId('backup-restore-error')).toHaveCount(0)

  // The album is gone; the photos are all there.
  await page.getByTestId('nav-albums').click()
  await expect(page.getByTestId('albums-empty')).toBeVisible()
  await page.getByTestId('nav-library').click()
  await expect(page.getByTestId('asset-tile')).toHaveCount(5)

  // Restoring the restore point brings the album back.
  await page.getByTestId('nav-settings').click()
  await section.locator('[data-testid="backup-row"][data-kind="restore-point"]').getByTestId('backup-restore').click()
  await dialog.getByTestId('backup-confirm').click()
  await expect(section.locator('[data-testid="backup-row"][data-kind="restore-point"]')).toHaveCount(2)
  await page.getByTestId('nav-albums').click()
  await expect(page.getByTestId('album-card')).toHaveCount(1)
  await expect(page.getByTestId('album-card')).toContainText('Made after the backup')
})

test('backup settings: keep N and a folder of ones own', async ({ page, server }) => {
  await page.goto(server.url)
  await page.getByTestId('nav-settings').click()
  const section = page.getByTestId('backup-section')
  const folder = `${server.libraryDir}-elsewhere`
  await section.getByTestId('backup-keep').fill('2')
  await section.getByTestId('backup-folder-input').fill(folder)
  await section.getByTestId('backup-settings-save').click()
  await expect(section.getByTestId('backup-folder')).toContainText(folder)
  for (let i = 1; i <= 3; i++) {
    await section.getByTestId('backup-now').click()
    await expect(section.getByTestId('backup-now')).toBeEnabled()
  }
  // Kept 2 in the chosen folder (the daily one of the start stays in the library's own folder).
  await expect(section.locator('[data-testid="backup-row"][data-kind="manual"]')).toHaveCount(2)
  await expect(section.getByTestId('backup-keep')).toHaveValue('2')
})

test('check library: a deleted thumbnail is found and repaired', async ({ page, server }) => {
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(5, { timeout: 60_000 })
  await waitUntilIdle(page)
  await page.getByTestId('nav-settings').click()
  const section = page.getByTestId('integrity-section')
  await section.getByTestId('integrity-check').click()
  await expect(section.getByTestId('integrity-ok')).toBeVisible()
  await expect(section.getByTestId('integrity-repair')).toHaveCount(0)

  // A thumbnail gone from the cache.
  const thumbs = join(server.libraryDir, 'cache', 'thumbs')
  const grid = readdirSync(thumbs, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('-grid.webp'))!
  rmSync(join(thumbs, grid))
  await section.getByTestId('integrity-check').click()
  await expect(section.getByTestId('integrity-thumbnails')).toHaveAttribute('data-count', '1')
  await section.getByTestId('integrity-repair').click()
  await expect(section.getByTestId('integrity-repaired')).toContainText('1 thumbnails')
  await waitUntilIdle(page)
  await expect.poll(() => existsSync(join(thumbs, grid))).toBe(true)
  await section.getByTestId('integrity-check').click()
  await expect(section.getByTestId('integrity-ok')).toBeVisible()
})
