// The map's catalog reads on rows with set positions (the import of real photos is in
// memories/memories-map.import.test.ts): shown photos only, regions (across the antimeridian too),
// paging, and the index the reads use.
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { createMapRepository, loadMigrations, migrate, openDatabase, type Db } from '../catalog'
import { normalizeBounds } from '../../shared/map'
import { createMapService, type MapService } from './map.service'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

let n = 0
function addPhoto(db: Db, at: [number, number] | null, wall: string, extra: { hidden?: 1; trashed?: true } = {}): number {
  const now = new Date().toISOString()
  const info = db
    .prepare(
      `INSERT INTO assets (sha256, state, taken_at, sort_ms, month, lat, lon, hidden, trashed_at, created_at, updated_at)
       VALUES (?, 'ready', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(String(++n).padStart(64, '0'), wall, Date.parse(`${wall}Z`), wall.slice(0, 7), at?.[0] ?? null, at?.[1] ?? null, extra.hidden ?? 0, extra.trashed ? now : null, now, now)
  return Number(info.lastInsertRowid)
}

const PARIS: [number, number] = [48.8566, 2.3522]
const WORLD = { west: -180, south: -90, east: 180, north: 90 }

describe('map', () => {
  let db: Db
  let map: MapService
  beforeEach(() => {
    db = openDatabase(':memory:')
    migrate(db, migrations)
    map = createMapService({ map: createMapRepository(db) })
  })

  it('gives every shown photo with a position as [id, lat, lon], rounded to about a metre', () => {
    const a = addPhoto(db, [48.856613456, 2.352221987], '2023-06-10T10:00:00')
    const b = addPhoto(db, [-33.8688, 151.2093], '2023-06-11T10:00:00')
    addPhoto(db, null, '2023-06-12T10:00:00')
    addPhoto(db, PARIS, '2023-06-13T10:00:00', { hidden: 1 })
    addPhoto(db, PARIS, '2023-06-14T10:00:00', { trashed: true })
    expect(map.points().points.sort((x, y) => x[0] - y[0])).toEqual([
      [a, 48.85661, 2.35222],
      [b, -33.8688, 151.2093],
    ])
  })

  it('lists the photos in a region newest first, in pages, with their total', () => {
    const older = addPhoto(db, PARIS, '2020-01-01T10:00:00')
    const newer = addPhoto(db, [48.86, 2.34], '2024-01-01T10:00:00')
    const middle = addPhoto(db, [48.85, 2.36], '2022-01-01T10:00:00')
    addPhoto(db, [35.6895, 139.6917], '2025-01-01T10:00:00') // Tokyo
    addPhoto(db, PARIS, '2025-01-01T10:00:00', { hidden: 1 })
    const paris = { west: 2.2, south: 48.8, east: 2.5, north: 48.9 }
    expect(map.photosInBounds(paris, 0, 2)).toMatchObject({ total: 3, photos: [{ id: newer }, { id: middle }] })
    expect(map.photosInBounds(paris, 2, 2)).toMatchObject({ total: 3, photos: [{ id: older }] })
    expect(map.photosInBounds(paris, 5, 2)).toEqual({ total: 3, photos: [] })
    expect(map.photosInBounds(WORLD, 0, 10).total).toBe(4)
    expect(map.photosInBounds({ west: 2.2, south: 49, east: 2.5, north: 50 }, 0, 10).total).toBe(0)
  })

  it('reads a region across the antimeridian as two longitude ranges', () => {
    const fiji = addPhoto(db, [-17.7134, 178.065], '2023-01-01T10:00:00')
    const samoa = addPhoto(db, [-13.759, -172.1046], '2023-01-02T10:00:00')
    addPhoto(db, [-17.7, 0], '2023-01-03T10:00:00')
    const across = normalizeBounds({ west: 170, south: -30, east: 190, north: 0 })
    expect(across).toEqual({ west: 170, south: -30, east: -170, north: 0 })
    expect(map.photosInBounds(across, 0, 10).photos.map((p) => p.id)).toEqual([samoa, fiji])
  })

  it('seeks the position index', () => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT a.id FROM assets a WHERE a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL
         AND a.lat IS NOT NULL AND a.lon IS NOT NULL AND a.hidden = 0 AND a.lat BETWEEN 1 AND 2 AND a.lon BETWEEN 1 AND 2`,
      )
      .all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX assets_geo \(lat>\? AND lat<\?\)/)
  })
})

describe('normalizeBounds', () => {
  it('wraps longitudes a panned map reports, keeps 180 as the east edge, and a 360° view is the world', () => {
    expect(normalizeBounds({ west: -190, south: -10, east: -170, north: 10 })).toEqual({ west: 170, south: -10, east: -170, north: 10 })
    expect(normalizeBounds({ west: 10, south: -95, east: 180, north: 95 })).toEqual({ west: 10, south: -90, east: 180, north: 90 })
    expect(normalizeBounds({ west: 370, south: 0, east: 380, north: 1 })).toEqual({ west: 10, south: 0, east: 20, north: 1 })
    expect(normalizeBounds({ west: -400, south: 0, east: 400, north: 1 })).toEqual({ west: -180, south: 0, east: 180, north: 1 })
  })
})
