// Events in the browser: photos with set times and places (EXIF written at test time) become events
// on the Events screen, grouped by year; an event's page renames in place, merges with the next
// event, splits at the selected photo, and Undo takes a step back.
import { join } from 'node:path'
import { writeEventPhotos } from '../src/main/testing/event-photos'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'
import { addFolder, expect, test, waitUntilIdle } from './fixtures'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({ decoyFiles: false, photoFiles: {} })

test('see the events of an import by year, open one, rename it, merge, split and undo', async ({ page, server }) => {
  await writeEventPhotos(join(server.photosDir, 'shots'))
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(10, { timeout: 60_000 })
  await waitUntilIdle(page)

  await page.getByTestId('nav-events').click()
  await expect(page.getByTestId('events-screen')).toBeVisible()
  const cards = page.getByTestId('event-card')
  await expect(cards.getByTestId('event-card-title')).toHaveText(
    ['10 May 2024', 'Munich, 3 May 2024', 'Berlin, 3 May 2024', 'Tokyo, 20–21 Aug 2023', 'Paris, 10 June 2023'],
    { timeout: 30_000 },
  )
  await expect(page.getByTestId('events-year')).toHaveCount(2)
  await expect(page.getByTestId('events-year').first()).toHaveAttribute('data-year', '2024')
  await expect(cards.filter({ hasText: 'Paris' }).getByTestId('event-card-count')).toHaveAttribute('data-count', '4')
  await expect(cards.filter({ hasText: 'Paris' }).locator('img')).toHaveCount(1)

  // Open Berlin: its two photos, in capture order.
  await cards.filter({ hasText: 'Berlin' }).click()
  await expect(page.getByTestId('event-page')).toBeVisible()
  await expect(page.getByTestId('event-title')).toHaveText('Berlin, 3 May 2024')
  await expect(page.getByTestId('event-photo')).toHaveCount(2)

  // Rename in place.
  await page.getByTestId('event-title').click()
  await page.getByTestId('event-name-input').fill('Train day')
  await page.getByTestId('event-name-save').click()
  await expect(page.getByTestId('event-title')).toHaveText('Train day')
  await expect(page.getByTestId('event-facts')).toContainText('Berlin, 3 May 2024')

  // Merge with the next event (Munich, the same afternoon): one event of three photos, still named.
  await page.getByTestId('event-merge-next').click()
  await expect(page.getByTestId('event-count')).toHaveAttribute('data-count', '3')
  await expect(page.getByTestId('event-title')).toHaveText('Train day')
  await expect(page.getByTestId('event-facts')).toContainText('Berlin & Munich, 3 May 2024')
  await expect(page.getByTestId('undo-toast')).toContainText('Merged')

  // Split at the third photo (Munich): it starts a new event; this one keeps the first two.
  const third = page.getByTestId('event-photo').nth(2)
  await third.hover()
  await third.getByTestId('tile-select').click()
  await page.getByTestId('event-split').click()
  await expect(page.getByTestId('undo-toast')).toContainText('Split')
  await page.getByTestId('event-back').click()
  await expect(cards.getByTestId('event-card-title')).toHaveText(['10 May 2024', 'Munich, 3 May 2024', 'Train day', 'Tokyo, 20–21 Aug 2023', 'Paris, 10 June 2023'])

  // Undo the split: Berlin and Munich are one event again.
  await page.getByTestId('undo').click()
  await expect(cards.getByTestId('event-card-title')).toHaveText(['10 May 2024', 'Train day', 'Tokyo, 20–21 Aug 2023', 'Paris, 10 June 2023'])
  await expect(cards.filter({ hasText: 'Train day' }).getByTestId('event-card-count')).toHaveAttribute('data-count', '3')
})
