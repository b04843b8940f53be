// Smart albums in the browser: build a rule (favourite + year) in the rule builder, the text form in
// step both ways with a live count, and the album shows exactly the matching photos, following
// changes made elsewhere.
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

const albumPhotoIds = async (page: Page) =>
  (await page.getByTestId('album-photo').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-asset-id'))))).sort((a, b) => a - b)

test('build a smart album (favourite + year) in the rule builder and see exactly its photos, live', async ({ page, server }) => {
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(5, { timeout: 60_000 })
  await waitUntilIdle(page)
  const ids = await page.getByTestId('asset-tile').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-asset-id'))))
  const [a, b, c, d, e] = ids as [number, number, number, number, number]
  // Two photos of 2021 and three of 2018; one favourite in each year.
  await invoke(page, 'edits.setDate', { ids: [a, b], mode: 'set', takenAt: '2021-06-01T12:00' })
  await invoke(page, 'edits.setDate', { ids: [c, d, e], mode: 'set', takenAt: '2018-03-01T12:00' })
  await invoke(page, 'assets.setFavorite', { ids: [a, c], favorite: true })

  await page.getByTestId('nav-albums').click()
  await page.getByTestId('smart-album-create').click()
  const dialog = page.getByTestId('smart-album-dialog')
  await dialog.getByTestId('smart-album-name').fill('Loved in 2021')
  // The first row is "Favourite: yes"; add a row and make it "Date in year 2021".
  const rows = dialog.getByTestId('smart-rule-row')
  await expect(rows).toHaveCount(1)
  await expect(dialog.getByTestId('smart-album-text')).toHaveValue('favorite:yes')
  await expect(dialog.getByTestId('smart-album-count')).toHaveAttribute('data-count', '2')
  await dialog.getByTestId('smart-rule-add').click()
  await rows.nth(1).getByTestId('smart-rule-field').selectOption('date')
  await rows.nth(1).getByTestId('smart-rule-op').selectOption('year')
  await rows.nth(1).getByTestId('smart-rule-value').fill('2021')
  await expect(dialog.getByTestId('smart-album-text')).toHaveValue('favorite:yes year:2021')
  await expect(dialog.getByTestId('smart-album-count')).toHaveAttribute('data-count', '1')

  // The text form drives the builder too, and says where it does not read.
  await dialog.getByTestId('smart-album-text').fill('favorite:yes year:2018')
  await expect(rows.nth(1).getByTestId('smart-rule-value')).toHaveValue('2018')
  await expect(dialog.getByTestId('smart-album-count')).toHaveAttribute('data-count', '1')
  await dialog.getByTestId('smart-album-text').fill('favorite:maybe year:2018')
  await expect(dialog.getByTestId('smart-album-text-error')).toContainText('favorite expects yes or no, not "maybe" (at character 10)')
  await expect(dialog.getByTestId('smart-album-save')).toBeDisabled()
  await dialog.getByTestId('smart-album-text').fill('favorite:yes year:2021')
  await expect(dialog.getByTestId('smart-album-text-error')).toHaveCount(0)
  await expect(rows.nth(1).getByTestId('smart-rule-value')).toHaveValue('2021')
  await dialog.getByTestId('smart-album-save').click()

  // The new album opens with exactly the favourite of 2021.
  await expect(page.getByTestId('album-page')).toBeVisible()
  await expect(page.getByTestId('album-rule')).toHaveText('favorite:yes year:2021')
  await expect(page.getByTestId('album-count')).toHaveAttribute('data-count', '1')
  await expect.poll(() => albumPhotoIds(page)).toEqual([a])
  // Photos are not placed by hand in a smart album.
  await expect(page.getByTestId('album-sort')).toHaveCount(0)

  // A favourite marked elsewhere joins the open album.
  await invoke(page, 'assets.setFavorite', { ids: [b], favorite: true })
  await expect.poll(() => albumPhotoIds(page), { timeout: 15_000 }).toEqual([a, b].sort((x, y) => x - y))

  // Edit the rule later: any favourite of 2018 or 2021 … none of 2021 (a none-group).
  await page.getByTestId('album-edit-rule').click()
  const edit = page.getByTestId('smart-album-dialog')
  await edit.getByTestId('smart-album-text').fill('favorite:yes -(year:2021)')
  await expect(edit.getByTestId('smart-rule-group')).toHaveCount(2)
  await expect(edit.getByTestId('smart-album-count')).toHaveAttribute('data-count', '1')
  await edit.getByTestId('smart-album-save').click()
  await expect(page.getByTestId('album-rule')).toHaveText('favorite:yes -(year:2021)')
  await expect.poll(() => albumPhotoIds(page)).toEqual([c])

  // Listed with the albums, marked smart.
  await page.getByTestId('album-back').click()
  await expect(page.getByTestId('album-card').filter({ hasText: 'Loved in 2021' }).getByTestId('album-card-count')).toContainText('smart')
})
