// The map and "On this day" in the browser, on photos with set times and places (EXIF written at
// test time): four photos a few hundred metres apart in Paris are one cluster with a count, which a
// click zooms into, and the region's photos list beside the map and open in the viewer; the viewer's
// "Show on map" opens the map at a photo's place. "On this day" shows today's calendar day in earlier
// years at the top of the library (the photos' dates are made from today's, so the test holds any day).
import { join } from 'node:path'
import { writePlacedPhotos, type PlacedShot } from '../src/main/testing/placed-photos'
import { onThisDayLabel } from '../src/shared/memories'
import { BROWSER_PATH, NO_BROWSER_MESSAGE } from './browser'
import { addFolder, expect, test, waitUntilIdle } from './fixtures'

test.skip(!BROWSER_PATH, NO_BROWSER_MESSAGE)
test.use({ decoyFiles: false, photoFiles: {} })

const pad = (n: number) => String(n).padStart(2, '0')
const now = new Date()
// Years back that have today's day (a 29 February only comes back in leap years).
const leapDay = now.getMonth() === 1 && now.getDate() === 29
const [recent, older] = leapDay ? [4, 8] : [1, 3]
const onDay = (yearsAgo: number, time: string) => `${now.getFullYear() - yearsAgo}:${pad(now.getMonth() + 1)}:${pad(now.getDate())} ${time}`
const isoDay = (yearsAgo: number) => `${now.getFullYear() - yearsAgo}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
// Not today's day in any year (the 10th or 20th of a month other than this one).
const otherDay = (year: number) => `${year}:${pad(((now.getMonth() + 6) % 12) + 1)}:${now.getDate() === 10 ? 20 : 10} 12:00:00`

const SHOTS: PlacedShot[] = [
  { name: 'paris-louvre.jpg', time: onDay(older, '10:00:00'), at: [48.8606, 2.3376] },
  { name: 'paris-pont-des-arts.jpg', time: onDay(recent, '11:00:00'), at: [48.8583, 2.3375] },
  { name: 'paris-tuileries.jpg', time: otherDay(2020), at: [48.8634, 2.327] },
  { name: 'paris-palais-royal.jpg', time: otherDay(2021), at: [48.8637, 2.3371] },
  { name: 'tokyo-shibuya.jpg', time: otherDay(2022), at: [35.6595, 139.7005] },
  // No place: not on the map, but a memory of its day.
  { name: 'home.jpg', time: onDay(older, '18:00:00') },
]

test.beforeEach(async ({ page, server }) => {
  await writePlacedPhotos(join(server.photosDir, 'shots'), SHOTS)
  await page.goto(server.url)
  await addFolder(page, server.photosDir)
  await expect(page.getByTestId('asset-tile')).toHaveCount(SHOTS.length, { timeout: 60_000 })
  await waitUntilIdle(page)
})

test('On this day: earlier years of today at the top of the library, a card opens its photos', async ({ page }) => {
  const cards = page.getByTestId('memory-card')
  await expect(cards).toHaveCount(2)
  await expect(cards.getByTestId('memory-label')).toHaveText([
    onThisDayLabel({ yearsAgo: recent, date: isoDay(recent) }),
    onThisDayLabel({ yearsAgo: older, date: isoDay(older) }),
  ])
  await expect(cards.nth(1)).toHaveAttribute('data-count', '2')
  await cards.nth(1).click()
  await expect(page.getByTestId('viewer')).toBeVisible()
  await expect(page.getByTestId('viewer-position')).toHaveText('1 / 2')
  await page.getByTestId('viewer-close').click()
})

test('the map: a cluster with a count, zoom into it, its photos beside the map open the viewer; Show on map', async ({ page, server }) => {
  // Offline: the map asks nothing of any server but PhotoHouse's own (no tiles, glyphs, sprites).
  const elsewhere: string[] = []
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== new URL(server.url).origin) elsewhere.push(url)
  })
  const refused: string[] = []
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) refused.push(message.text())
  })
  const openMap = async () => {
    await page.getByTestId('nav-map').click()
    await expect(page.getByTestId('map-screen')).toBeVisible()
    await expect(page.getByTestId('photo-map')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 })
  }
  await openMap()
  // The whole world in view: Paris's four photos are one cluster, Tokyo's a photo of its own.
  const cluster = page.locator('[data-testid="map-cluster"][data-count="4"]')
  await expect(cluster).toHaveCount(1)
  await expect(cluster).toHaveText('4')
  await expect(page.getByTestId('map-region-count')).toHaveAttribute('data-count', '5')
  await expect(page.getByTestId('map-region-photo')).toHaveCount(5)

  // Tokyo's marker opens the viewer on it; its place's "Show on map" opens the map there, Tokyo alone in view.
  const tokyo = page.getByTestId('map-photo')
  await expect(tokyo).toHaveCount(1)
  await expect(tokyo.locator('img')).toHaveCount(1)
  await tokyo.click()
  await expect(page.getByTestId('viewer')).toBeVisible()
  await expect(page.getByTestId('meta-place')).toContainText('Tokyo', { timeout: 30_000 })
  await page.getByTestId('meta-show-on-map').click()
  await expect(page.getByTestId('viewer')).toHaveCount(0)
  await expect(page.getByTestId('photo-map')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 })
  await expect(page.getByTestId('map-region-count')).toHaveAttribute('data-count', '1')
  await expect(page.getByTestId('map-cluster')).toHaveCount(0)

  // The Map entry again: the whole world. A click zooms into the cluster: the region is Paris alone.
  await page.getByTestId('nav-library').click()
  await openMap()
  await expect(cluster).toHaveCount(1)
  await cluster.click()
  await expect(page.getByTestId('map-region-count')).toHaveAttribute('data-count', '4')
  await expect(page.locator('[data-testid="map-cluster"][data-count="4"]')).toHaveCount(0)
  await expect(page.getByTestId('map-region-photo')).toHaveCount(4)

  // A photo of the region opens the viewer on the region's photos.
  await page.getByTestId('map-region-photo').first().click()
  await expect(page.getByTestId('viewer')).toBeVisible()
  await expect(page.getByTestId('viewer-position')).toHaveText('1 / 4')
  expect(elsewhere).toEqual([])
  expect(refused).toEqual([])
})
