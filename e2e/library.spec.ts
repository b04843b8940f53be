import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)

test('import a folder, see the photos, open one, delete a file on disk', async ({ page, server }) => {
  await page.goto(server.url)
  await expect(page.getByTestId('empty-state')).toBeVisible()

  // Browser mode has no native picker: "Add folder" asks for the folder's path.
  await page.getByTestId('add-folder').click()
  await page.getByTestId('add-folder-input').fill(server.photosDir)
  await page.getByTestId('add-folder-submit').click()

  // Five real photos become tiles; the text file named .jpg does not, it is reported as broken.
  const tiles = page.getByTestId('asset-tile')
  await expect(tiles).toHaveCount(5, { timeout: 60_000 })
  await expect(page.getByTestId('empty-state')).toHaveCount(0)
  // Every thumbnail really loads.
  await expect
    .poll(async () =>
      tiles.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length),
    )
    .toBe(5)

  await page.getByTestId('activity-toggle').click()
  const activity = page.getByTestId('activity-panel')
  await expect(activity).toContainText('notes.jpg')
  await page.getByTestId('activity-toggle').click()

  // Newest first: the Nokia photo (2013) comes before the Nikon one (2006).
  const ids = await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-id')))
  const starfishTile = page.locator('[data-testid="asset-tile"]').nth(0)
  await starfishTile.click()
  await expect(page.getByTestId('viewer-image')).toBeVisible()
  await expect(page.getByTestId('meta-camera')).toContainText('Nokia')
  await expect(page.getByTestId('meta-camera')).toContainText('Lumia 820')
  await expect(page.getByTestId('meta-date')).toContainText('2013')
  await expect(page.getByTestId('metadata-panel')).toContainText('55.03')

  // F and 0–5 mark the shown photo (issue 12), kept in the catalog.
  await expect(page.getByTestId('meta-favorite')).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByTestId('meta-rating')).toHaveAttribute('data-rating', '0')
  await page.keyboard.press('f')
  await page.keyboard.press('4')
  await expect(page.getByTestId('meta-favorite')).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('meta-rating')).toHaveAttribute('data-rating', '4')

  // Arrow keys walk the timeline; the next photo is unmarked.
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('meta-camera')).not.toContainText('Nokia')
  await expect(page.getByTestId('meta-favorite')).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByTestId('meta-rating')).toHaveAttribute('data-rating', '0')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('viewer-image')).toHaveCount(0)

  // The marks were stored: after a reload (nothing cached) the first photo still has them.
  await page.reload()
  await tiles.nth(0).click()
  await expect(page.getByTestId('meta-camera')).toContainText('Nokia')
  await expect(page.getByTestId('meta-favorite')).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('meta-rating')).toHaveAttribute('data-rating', '4')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('viewer-image')).toHaveCount(0)
  expect(ids).toHaveLength(5)

  // Deleting a file on disk removes its photo from the grid (the watcher sees it).
  rmSync(join(server.photosDir, 'baboon-baboon.jpg'))
  await expect(tiles).toHaveCount(4, { timeout: 30_000 })
})
