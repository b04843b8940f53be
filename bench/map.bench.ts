/**
 * Map and "On this day" benchmark on a catalog of 100k synthetic photos (SQLite file, WAL), through
 * the services the contract calls, beside a bare read of the same rows in the same run:
 *
 *   npx tsx bench/map.bench.ts [--size 100000]
 *
 * - map.points: every placed photo as [id, lat, lon] (the JSON size the renderer receives), vs a bare
 *   `SELECT id, lat, lon FROM assets` (no filters, no index).
 * - map.photosInBounds: a city's first page (newest first) and the whole world's, with the count.
 * - memories.onThisDay: one day across 20 years, vs a bare full scan of strftime('%m-%d') (what the
 *   query costs without the month-day index of migration 0020).
 * Median of 7 runs each. 70% of photos have GPS (a third of those around 5 cities), 1% hidden, 1% trashed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMapRepository, createMemoriesRepository, loadMigrations, migrate, openDatabase } from '../src/main/catalog'
import { createMapService } from '../src/main/map'
import { createMemoriesService } from '../src/main/memories'
import { appRoot } from '../src/main/platform/app-root'
import { seededRandom } from '../src/main/platform/seeded-random'

const i = process.argv.indexOf('--size')
const size = i >= 0 ? Number(process.argv[i + 1]) : 100_000
if (!Number.isInteger(size) || size <= 0) throw new Error('--size must be a positive integer')

const dir = mkdtempSync(join(tmpdir(), 'photohouse-bench-map-'))
const db = openDatabase(join(dir, 'catalog.sqlite'))
migrate(db, loadMigrations(join(appRoot(), 'migrations')))
const random = seededRandom(13)
const CITIES = [
  [48.8566, 2.3522],
  [35.6895, 139.6917],
  [40.7128, -74.006],
  [-33.8688, 151.2093],
  [52.52, 13.405],
] as const
const insert = db.prepare(
  `INSERT INTO assets (sha256, state, taken_at, sort_ms, month, lat, lon, hidden, trashed_at, created_at, updated_at)
   VALUES (?, 'ready', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
)
const now = new Date().toISOString()
const start = Date.UTC(2006, 0, 1)
const span = Date.UTC(2026, 0, 1) - start
db.transaction(() => {
  for (let n = 0; n < size; n++) {
    const ms = start + Math.floor(random() * span)
    const iso = new Date(ms).toISOString().slice(0, 19)
    let lat: number | null = null
    let lon: number | null = null
    if (random() < 0.7) {
      if (random() < 0.33) {
        const c = CITIES[Math.floor(random() * CITIES.length)]!
        ;[lat, lon] = [c[0] + (random() - 0.5) * 0.2, c[1] + (random() - 0.5) * 0.2]
      } else [lat, lon] = [(random() - 0.5) * 140, (random() - 0.5) * 360]
    }
    insert.run(String(n).padStart(64, '0'), iso, ms, iso.slice(0, 7), lat, lon, random() < 0.01 ? 1 : 0, random() < 0.01 ? now : null, now, now)
  }
})()
db.exec('ANALYZE')

const map = createMapService({ map: createMapRepository(db) })
const memories = createMemoriesService({ memories: createMemoriesRepository(db) })

function median(run: () => unknown): { ms: number; result: unknown } {
  const times: number[] = []
  let result: unknown
  for (let k = 0; k < 7; k++) {
    const t = performance.now()
    result = run()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { ms: times[3]!, result }
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`

const points = median(() => JSON.stringify(map.points()))
const query = median(() => map.points())
const bare = median(() => db.prepare('SELECT id, lat, lon FROM assets').raw().all())
const json = points.result as string
console.log(`map.points (${size.toLocaleString('en-US')} photos, ${(JSON.parse(json) as { points: unknown[] }).points.length.toLocaleString('en-US')} placed): ${fmt(points.ms)} incl. JSON (${fmt(query.ms)} without), ${(json.length / 1024).toFixed(0)} KB; bare SELECT of all rows ${fmt(bare.ms)}`)
const paris = { west: 2.25, south: 48.8, east: 2.45, north: 48.9 }
const city = median(() => map.photosInBounds(paris, 0, 60))
const world = median(() => map.photosInBounds({ west: -180, south: -90, east: 180, north: 90 }, 0, 60))
console.log(`map.photosInBounds first 60: a city (${(city.result as { total: number }).total} photos) ${fmt(city.ms)}, the world (${(world.result as { total: number }).total}) ${fmt(world.ms)}`)
const day = median(() => memories.onThisDay('2026-12-06'))
const scan = median(() => db.prepare(`SELECT id FROM assets NOT INDEXED WHERE strftime('%m-%d', sort_ms / 1000, 'unixepoch') = '12-06' AND hidden = 0 AND trashed_at IS NULL`).all())
const years = (day.result as { years: { count: number }[] }).years
console.log(`memories.onThisDay: ${years.length} years, ${years.reduce((s, y) => s + y.count, 0)} photos in ${fmt(day.ms)}; bare full scan of the same day ${fmt(scan.ms)}`)
db.close()
rmSync(dir, { recursive: true, force: true })
