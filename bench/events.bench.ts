/**
 * Events benchmark: PhotoHouse's event segmentation (adaptive time gaps, places, trips:
 * src/main/photo-events/segment.ts) beside a bare sort-and-scan of the same data (sort by time, a
 * break at every gap over a fixed 8 hours), in the same run.
 *
 *   npm run bench:events                          # 100k photos, then 1,000 new ones
 *   options: --size 100000  --added 1000
 *
 * 1. Pure: sort + segment the synthetic capture times and places, vs sort + fixed-gap scan. Both
 *    are scored against the planted events (boundary precision and recall).
 * 2. The service on a real catalog (SQLite file, WAL): the first cut of the library (every event
 *    written), a recompute with nothing changed, and the incremental update after `added` new
 *    photos (a trip imported at the end, and as many photos spread over the years, e.g. a second
 *    phone's backup), which re-reads and re-cuts everything but rewrites only the events that
 *    changed. Beside each, the bare sort-and-scan of the same photos in memory.
 *
 * Synthetic library: outings at home (one day, 1-6 hours, sessions of shots with bursts; three in ten
 * days a second outing 3-6 hours later) and trips (2-10 days far away, photos from morning to night),
 * a few days apart; 70% of photos with GPS.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPhotoEventsRepository, createUndoRepository, loadMigrations, migrate, openDatabase } from '../src/main/catalog'
import { createUndoService } from '../src/main/curation'
import { comparePoints, createPhotoEventsService, segment, type SegmentPoint } from '../src/main/photo-events'
import { appRoot } from '../src/main/platform/app-root'
import { seededRandom } from '../src/main/platform/seeded-random'

function parseArgs(argv: string[]) {
  const get = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`)
    const value = i >= 0 ? Number(argv[i + 1]) : fallback
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`)
    return value
  }
  return { size: get('size', 100_000), added: get('added', 1000) }
}

const args = parseArgs(process.argv.slice(2))
const random = seededRandom(13)
const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const HOME = { lat: 48.85, lon: 2.35 }

interface Photo extends SegmentPoint {
  /** The planted event it belongs to. */
  event: number
}

/** Shots of one session from `start`: bursts (1 s apart) and single shots a minute or so apart. */
function session(start: number, count: number, place: { lat: number; lon: number }, event: number, out: Photo[]): number {
  let t = start
  for (let i = 0; i < count; i++) {
    t += random() < 0.3 ? 1000 : Math.round(-Math.log(1 - random()) * 90_000)
    const located = random() < 0.7
    out.push({ id: 0, t, lat: located ? place.lat + (random() - 0.5) * 0.02 : null, lon: located ? place.lon + (random() - 0.5) * 0.02 : null, event })
  }
  return t
}

/** Planted events from `from` until `size` photos: outings at home and trips far away. */
function library(size: number, from: number, firstEvent: number): Photo[] {
  const out: Photo[] = []
  let day = from
  let event = firstEvent
  while (out.length < size) {
    day += Math.ceil(-Math.log(1 - random()) * 3) * DAY
    if (random() < 0.2) {
      const place = { lat: -40 + random() * 100, lon: -150 + random() * 300 }
      const days = 2 + Math.floor(random() * 9)
      for (let d = 0; d < days; d++) {
        let t = day + d * DAY + 9 * HOUR
        for (let s = 0; s < 4; s++) t = session(t + (30 + random() * 90) * MIN, 5 + Math.floor(random() * 15), place, event, out)
      }
      day += days * DAY
    } else {
      let t = day + (9 + random() * 8) * HOUR
      const sessions = 1 + Math.floor(random() * 4)
      for (let s = 0; s < sessions; s++) t = session(t + (5 + random() * 40) * MIN, 3 + Math.floor(random() * 20), HOME, event, out)
      // A second outing the same day, after a pause of 3-6 hours (lunch at home, then a party).
      if (random() < 0.3) {
        event++
        session(t + (3 + random() * 3) * HOUR, 5 + Math.floor(random() * 20), HOME, event, out)
      }
    }
    event++
  }
  return out.slice(0, size)
}

/** Boundary precision and recall of found event starts against the planted events. */
function score(sorted: readonly Photo[], starts: readonly number[]): { precision: number; recall: number } {
  const truth = new Set<number>()
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.event !== sorted[i - 1]!.event) truth.add(i)
  const found = starts.filter((s) => s > 0)
  const hits = found.filter((s) => truth.has(s)).length
  return { precision: found.length ? hits / found.length : 1, recall: truth.size ? hits / truth.size : 1 }
}

/** The bare baseline: sort by time, a break at every gap over 8 hours. */
function sortAndScan(points: readonly SegmentPoint[]): number[] {
  const sorted = [...points].sort(comparePoints)
  const starts = [0]
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.t - sorted[i - 1]!.t > 8 * HOUR) starts.push(i)
  return starts
}

const timed = <T>(run: () => T): { ms: number; value: T } => {
  const start = performance.now()
  const value = run()
  return { ms: performance.now() - start, value }
}

// ── 1. Pure: segmentation vs sort-and-scan, on the same shuffled photos ──
const photos = library(args.size, Date.UTC(2019, 0, 1), 1)
photos.forEach((p, i) => (p.id = i + 1))
const shuffled = [...photos].sort(() => random() - 0.5)
const ours = timed(() => {
  const sorted = [...shuffled].sort(comparePoints)
  return { sorted, starts: segment(sorted) }
})
const bare = timed(() => sortAndScan(shuffled))
const ourScore = score(ours.value.sorted, ours.value.starts)
const bareScore = score(ours.value.sorted, bare.value)
const plantedEvents = new Set(photos.map((p) => p.event)).size

// ── 2. The service on a catalog ──
const dir = mkdtempSync(join(tmpdir(), 'photohouse-bench-events-'))
const db = openDatabase(join(dir, 'catalog.sqlite'))
migrate(db, loadMigrations(join(appRoot(), 'migrations')))
const insert = db.prepare(
  `INSERT INTO assets (sha256, state, sort_ms, taken_at, lat, lon, width, height, created_at, updated_at) VALUES (?, 'ready', ?, ?, ?, ?, 4000, 3000, ?, ?)`,
)
let sha = 0
const store = (list: readonly Photo[]) =>
  db.transaction(() => {
    const now = new Date().toISOString()
    for (const p of list) p.id = Number(insert.run((++sha).toString(16).padStart(64, '0'), p.t, new Date(p.t).toISOString().slice(0, 19), p.lat, p.lon, now, now).lastInsertRowid)
  })()
store(photos)
const service = createPhotoEventsService({ events: createPhotoEventsRepository(db), undo: createUndoService({ db, journal: createUndoRepository(db) }), changed: () => {} })
/** The raw library doing the same work: read the photos' times and places in time order, scan the gaps. */
const readAndScan = () => sortAndScan(db.prepare(`SELECT id, sort_ms AS t, lat, lon FROM assets WHERE state = 'ready' ORDER BY sort_ms, id`).all() as SegmentPoint[])
const first = timed(() => service.resegment())
const bareFirst = timed(() => sortAndScan(photos))
const catalogFirst = timed(readAndScan)
const unchanged = timed(() => service.resegment())

// New photos: half a trip after the last photo, half spread over the years (another phone's backup).
const last = photos.reduce((m, p) => Math.max(m, p.t), 0)
const trip = library(Math.ceil(args.added / 2), last, 1_000_000)
const spread = Array.from({ length: args.added - trip.length }, (): Photo => {
  const at = photos[Math.floor(random() * photos.length)]!
  return { id: 0, t: at.t + Math.round((random() - 0.5) * 10 * MIN), lat: at.lat, lon: at.lon, event: at.event }
})
const added = [...trip, ...spread]
store(added)
const incremental = timed(() => service.resegment())
// What the Events screen asks for: every event with its cover and people.
const screen = timed(() => service.list())
const all = [...photos, ...added]
const bareAll = timed(() => sortAndScan(all))
const catalogAll = timed(readAndScan)
db.close()
rmSync(dir, { recursive: true, force: true })

const ratio = (a: number, b: number) => (a / b).toFixed(2)
console.log(`events bench: ${args.size} photos (${plantedEvents} planted events: outings at home, trips far away; 70% with GPS), then ${added.length} new ones`)
console.log(
  `  segmentation (sort + adaptive gaps, places, trips): ${ours.ms.toFixed(1)} ms, ${ours.value.starts.length} events; boundary precision ${(ourScore.precision * 100).toFixed(1)}%, recall ${(ourScore.recall * 100).toFixed(1)}%`,
)
console.log(
  `  bare sort-and-scan (gaps over 8 h):                 ${bare.ms.toFixed(1)} ms, ${bare.value.length} events; boundary precision ${(bareScore.precision * 100).toFixed(1)}%, recall ${(bareScore.recall * 100).toFixed(1)}%`,
)
console.log(`  ratio segmentation / sort-and-scan: ${ratio(ours.ms, bare.ms)}`)
console.log(
  `  service, first cut of the catalog: ${first.ms.toFixed(0)} ms (${first.value.written} events written); bare catalog read + sort-and-scan ${catalogFirst.ms.toFixed(0)} ms (ratio ${ratio(first.ms, catalogFirst.ms)}); sort-and-scan in memory ${bareFirst.ms.toFixed(1)} ms (ratio ${ratio(first.ms, bareFirst.ms)})`,
)
console.log(`  service, recompute with nothing changed: ${unchanged.ms.toFixed(0)} ms (${unchanged.value.written} written)`)
console.log(
  `  service, after ${added.length} new photos: ${incremental.ms.toFixed(0)} ms (${incremental.value.written} of ${incremental.value.events} events written, ${incremental.value.removed} removed); bare catalog read + sort-and-scan of all ${all.length}: ${catalogAll.ms.toFixed(0)} ms (ratio ${ratio(incremental.ms, catalogAll.ms)}); in memory ${bareAll.ms.toFixed(1)} ms (ratio ${ratio(incremental.ms, bareAll.ms)})`,
)
console.log(`  the Events screen's list (every event with its cover and people): ${screen.ms.toFixed(0)} ms for ${screen.value.length} events`)
