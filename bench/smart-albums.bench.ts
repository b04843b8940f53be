/**
 * Smart albums benchmark: opening a smart album with a typical rule (person + place + year + rating)
 * on a catalog of synthetic photos — its count and first page of photos — through PhotoHouse's rule
 * compiler (src/main/catalog/smart-albums.repository.ts) and the album read the app does
 * (albums.get + albums.photos), beside a hand-written SQL query of the same filter on the same
 * database, in the same run.
 *
 *   npm run bench:smart-albums                 # 100k photos
 *   options: --size 100000  --runs 30
 *
 * Synthetic library: photos over 2015-2025, 60% placed (a quarter of those at home, Paris; the rest in
 * 39 other places), ratings 0-5 (most unrated), 40% with 1-3 faces of 30 named people (Anna, family, in
 * a third of those); a few hidden and trashed. No ANALYZE (the app never runs it): the planner works
 * from the schema's indexes alone, as in a user's catalog.
 * Target: < 100 ms for the count and first page.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAlbumsRepository, createSmartAlbumsRepository, loadMigrations, migrate, openDatabase, wallClockNow } from '../src/main/catalog'
import { appRoot } from '../src/main/platform/app-root'
import { seededRandom } from '../src/main/platform/seeded-random'
import { parseSmartRule } from '../src/shared/smart-albums'

function parseArgs(argv: string[]) {
  const get = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`)
    const value = i >= 0 ? Number(argv[i + 1]) : fallback
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`)
    return value
  }
  return { size: get('size', 100_000), runs: get('runs', 30) }
}

const args = parseArgs(process.argv.slice(2))
const random = seededRandom(13)
const PAGE = 200
const CITIES = ['Paris', 'Lyon', 'Berlin', 'Munich', 'Rome', 'Madrid', 'Lisbon', 'London', 'Oslo', 'Vienna', ...Array.from({ length: 30 }, (_, i) => `Town ${i}`)]
const COUNTRY: Record<string, string> = { Paris: 'France', Lyon: 'France', Berlin: 'Germany', Munich: 'Germany', Rome: 'Italy', Madrid: 'Spain', Lisbon: 'Portugal', London: 'United Kingdom', Oslo: 'Norway', Vienna: 'Austria' }
const PEOPLE = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'Anna' : `Person ${i}`))

const dir = mkdtempSync(join(tmpdir(), 'photohouse-smart-bench-'))
const db = openDatabase(join(dir, 'catalog.sqlite'))
try {
  migrate(db, loadMigrations(join(appRoot(), 'migrations')))
  const now = new Date().toISOString()
  const built = performance.now()
  db.transaction(() => {
    db.prepare(`INSERT INTO roots (path, added_at) VALUES ('/photos', ?)`).run(now)
    const personIds = PEOPLE.map((name) => Number(db.prepare(`INSERT INTO persons (name, created_at, updated_at) VALUES (?, ?, ?)`).run(name, now, now).lastInsertRowid))
    const asset = db.prepare(
      `INSERT INTO assets (sha256, state, mime, sort_ms, month, taken_at, city, country, lat, lon, rating, favorite, hidden, trashed_at, make, model, iso, created_at, updated_at)
       VALUES (?, 'ready', 'image/jpeg', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Canon', 'EOS R6', ?, ?, ?)`,
    )
    const location = db.prepare(`INSERT INTO locations (path, root_id, asset_id, size, mtime_ms, seen_at) VALUES (?, 1, ?, 1000, 0, ?)`)
    const face = db.prepare(
      `INSERT INTO faces (asset_id, person_id, x, y, w, h, landmarks, score, size, blur, yaw, embedding, model_id, created_at)
       VALUES (?, ?, 0, 0, 0.2, 0.2, '[]', 0.9, 120, 50, 0, zeroblob(512), 'bench', ?)`,
    )
    const from = Date.UTC(2015, 0, 1)
    const span = Date.UTC(2026, 0, 1) - from
    for (let i = 0; i < args.size; i++) {
      const sortMs = from + Math.floor(random() * span)
      // Home (Paris) is where most placed photos are; the rest spread over the other places.
      const city = random() < 0.6 ? (random() < 0.25 ? 'Paris' : CITIES[1 + Math.floor(random() * (CITIES.length - 1))]!) : null
      const r = random()
      const rating = r < 0.6 ? 0 : r < 0.7 ? 1 : r < 0.8 ? 2 : r < 0.88 ? 3 : r < 0.95 ? 4 : 5
      const iso = new Date(sortMs).toISOString()
      const id = Number(
        asset.run(
          i.toString(16).padStart(64, '0'), sortMs, iso.slice(0, 7), iso, city, city ? (COUNTRY[city] ?? 'Elsewhere') : null, city ? 48 + random() : null,
          city ? 2 + random() : null, rating, random() < 0.05 ? 1 : 0, random() < 0.01 ? 1 : 0, random() < 0.01 ? now : null, 100 * (1 + Math.floor(random() * 32)), now, now,
        ).lastInsertRowid,
      )
      location.run(`/photos/${Math.floor(i / 1000)}/${i}.jpg`, id, now)
      if (random() < 0.4) {
        const faces = 1 + Math.floor(random() * 3)
        const seen = new Set<number>()
        for (let f = 0; f < faces; f++) {
          // Family (Anna) is in a third of the photos with faces, friends share the rest.
          const person = random() < 0.35 ? personIds[0]! : personIds[1 + Math.floor(random() * (personIds.length - 1))]!
          if (!seen.has(person)) face.run(id, person, now)
          seen.add(person)
        }
      }
    }
  })()
  console.log(`catalog: ${args.size} photos built in ${((performance.now() - built) / 1000).toFixed(1)} s`)

  const text = 'person:Anna place:Paris year:2023 rating>=4'
  const rule = parseSmartRule(text)
  const context = { nowMs: wallClockNow(), resolved: new Map<string, number[]>() }
  const smart = createSmartAlbumsRepository(db)
  const albums = createAlbumsRepository(db, { smartContext: () => context })
  const albumId = albums.insert({ name: 'Anna in Paris 2023', description: '', folderId: null, coverAssetId: null, sourcePath: null, synced: false, rule: JSON.stringify(rule) })

  // The same filter as one would write it by hand, the person's id known.
  const annaId = (db.prepare(`SELECT id FROM persons WHERE name = 'Anna'`).get() as { id: number }).id
  const HAND_WHERE = `a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL AND a.hidden = 0
    AND (a.city = 'Paris' COLLATE NOCASE OR a.region = 'Paris' COLLATE NOCASE OR a.country = 'Paris' COLLATE NOCASE OR a.place_label = 'Paris' COLLATE NOCASE)
    AND a.sort_ms >= ${Date.UTC(2023, 0, 1)} AND a.sort_ms < ${Date.UTC(2024, 0, 1)} AND a.rating >= 4
    AND a.id IN (SELECT f.asset_id FROM faces f WHERE f.person_id = ${annaId})`
  const handCount = db.prepare(`SELECT count(*) AS n FROM assets a WHERE ${HAND_WHERE}`)
  const handPage = db.prepare(`SELECT a.id, a.sha256, a.width, a.height, a.taken_at AS takenAt, a.month, a.has_thumb AS hasThumb, a.favorite, a.rating, a.hidden
    FROM assets a WHERE ${HAND_WHERE} ORDER BY a.sort_ms DESC, a.id DESC LIMIT ${PAGE}`)

  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
  const measure = (run: () => { count: number; ids: number[] }) => {
    let last = run()
    const times: number[] = []
    for (let i = 0; i < args.runs; i++) {
      const start = performance.now()
      last = run()
      times.push(performance.now() - start)
    }
    return { ms: median(times), ...last }
  }

  const hand = measure(() => ({ count: (handCount.get() as { n: number }).n, ids: (handPage.all() as { id: number }[]).map((r) => r.id) }))
  const compiled = measure(() => ({ count: smart.count(rule, context), ids: smart.page(rule, 0, PAGE, context).map((a) => a.id) }))
  const opened = measure(() => {
    const summary = albums.get(albumId)!
    return { count: summary.count, ids: albums.photos(albumId, 0, PAGE).map((a) => a.id) }
  })
  const same = (x: { count: number; ids: number[] }) => x.count === hand.count && x.ids.join() === hand.ids.join()
  if (!same(compiled) || !same(opened)) throw new Error(`results differ: hand ${hand.count}, compiled ${compiled.count}, album ${opened.count}`)

  const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM assets a WHERE ${smart.compile(rule, context).where}`).all(...smart.compile(rule, context).params) as { detail: string }[])
    .map((p) => p.detail)
    .join('; ')
  console.log(`rule: ${text}  →  ${hand.count} photos (first page ${hand.ids.length})`)
  console.log(`plan: ${plan}`)
  console.log(`hand-written SQL, count + first page:      ${hand.ms.toFixed(2)} ms`)
  console.log(`compiled rule,    count + first page:      ${compiled.ms.toFixed(2)} ms  (${(compiled.ms / hand.ms).toFixed(2)}x hand-written)`)
  console.log(`album opened (albums.get + first page):    ${opened.ms.toFixed(2)} ms  (${(opened.ms / hand.ms).toFixed(2)}x hand-written; also dates, cover, hidden count)`)
  console.log(`target < 100 ms: ${opened.ms < 100 ? 'met' : 'MISSED'}  (median of ${args.runs} runs each)`)
} finally {
  db.close()
  rmSync(dir, { recursive: true, force: true })
}
