// "On this day" on a catalog of rows with set capture times (the import of real photos is in
// memories-map.import.test.ts): the day in earlier years only, hidden/trashed/undated photos out,
// 29 February, and the index the query seeks.
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { createMemoriesRepository, loadMigrations, migrate, openDatabase, type Db } from '../catalog'
import { createMemoriesService, localDate, type MemoriesService } from './memories.service'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

/** A shown photo taken at this wall-clock time ('yyyy-mm-ddThh:mm:ss'), with overrides. */
function addPhoto(db: Db, wall: string, extra: { hidden?: 1; trashed?: true; undated?: true; state?: string } = {}): number {
  const sortMs = Date.parse(`${wall}Z`)
  const now = new Date().toISOString()
  const info = db
    .prepare(
      `INSERT INTO assets (sha256, state, taken_at, sort_ms, month, hidden, trashed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(`${wall}-${Math.random()}`.padEnd(64, '0'), extra.state ?? 'ready', extra.undated ? null : `${wall}+02:00`, sortMs, wall.slice(0, 7), extra.hidden ?? 0, extra.trashed ? now : null, now, now)
  return Number(info.lastInsertRowid)
}

describe('memories: on this day', () => {
  let db: Db
  let memories: MemoriesService
  beforeEach(() => {
    db = openDatabase(':memory:')
    migrate(db, migrations)
    memories = createMemoriesService({ memories: createMemoriesRepository(db), now: () => new Date(2026, 11, 6, 9, 30) })
  })

  it('gives the day in each earlier year, newest year first, the day in its order', () => {
    const a = addPhoto(db, '2023-12-06T18:00:00')
    const b = addPhoto(db, '2023-12-06T08:00:00')
    const c = addPhoto(db, '2019-12-06T00:00:00')
    const d = addPhoto(db, '2019-12-06T23:59:59')
    addPhoto(db, '2023-12-05T23:59:59') // the day before
    addPhoto(db, '2023-12-07T00:00:00') // the day after
    addPhoto(db, '2026-12-06T07:00:00') // this year: not a memory
    addPhoto(db, '2027-12-06T07:00:00') // a wrong clock: not a memory either
    const day = memories.onThisDay('2026-12-06')
    expect(day.date).toBe('2026-12-06')
    expect(day.years.map((y) => [y.year, y.yearsAgo, y.date, y.count, y.photos.map((p) => p.id)])).toEqual([
      [2023, 3, '2023-12-06', 2, [b, a]],
      [2019, 7, '2019-12-06', 2, [c, d]],
    ])
  })

  it('leaves out hidden, trashed, not-ready photos and those with only a file time', () => {
    const shown = addPhoto(db, '2024-12-06T12:00:00')
    addPhoto(db, '2024-12-06T12:01:00', { hidden: 1 })
    addPhoto(db, '2024-12-06T12:02:00', { trashed: true })
    addPhoto(db, '2024-12-06T12:03:00', { undated: true })
    addPhoto(db, '2024-12-06T12:04:00', { state: 'pending' })
    expect(memories.onThisDay('2026-12-06').years).toMatchObject([{ year: 2024, count: 1, photos: [{ id: shown }] }])
    expect(memories.onThisDay('2026-12-07').years).toEqual([])
  })

  it('follows an edited date (the catalog holds the date in effect)', () => {
    const id = addPhoto(db, '2020-03-01T10:00:00')
    expect(memories.onThisDay('2026-12-06').years).toEqual([])
    db.prepare(`UPDATE assets SET original_taken_at = taken_at, original_sort_ms = sort_ms, date_edited = 1, taken_at = ?, sort_ms = ? WHERE id = ?`).run(
      '2020-12-06T10:00:00',
      Date.parse('2020-12-06T10:00:00Z'),
      id,
    )
    expect(memories.onThisDay('2026-12-06').years.map((y) => y.photos.map((p) => p.id))).toEqual([[id]])
  })

  it('shows a 29 February on 28 February of a year without one, and only on the 29th in a leap year', () => {
    const leap = addPhoto(db, '2024-02-29T10:00:00')
    const eve = addPhoto(db, '2023-02-28T10:00:00')
    expect(memories.onThisDay('2026-02-28').years.map((y) => [y.date, y.photos.map((p) => p.id)])).toEqual([
      ['2024-02-29', [leap]],
      ['2023-02-28', [eve]],
    ])
    expect(memories.onThisDay('2028-02-28').years.map((y) => y.date)).toEqual(['2023-02-28'])
    expect(memories.onThisDay('2028-02-29').years.map((y) => y.date)).toEqual(['2024-02-29'])
  })

  it('caps the photos a year carries but counts them all', () => {
    for (let i = 0; i < 205; i++) addPhoto(db, `2025-12-06T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`)
    const [year] = memories.onThisDay('2026-12-06').years
    expect(year?.count).toBe(205)
    expect(year?.photos).toHaveLength(200)
  })

  it("defaults to today's local date", () => {
    const id = addPhoto(db, '2021-12-06T10:00:00')
    expect(localDate(new Date(2026, 11, 6, 23, 59))).toBe('2026-12-06')
    expect(memories.onThisDay().date).toBe('2026-12-06')
    expect(memories.onThisDay().years[0]?.photos[0]?.id).toBe(id)
  })

  it('seeks the month-day index, not the whole table', () => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT a.id FROM assets a WHERE strftime('%m-%d', a.sort_ms / 1000, 'unixepoch') = '12-06'
         AND a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL AND a.taken_at IS NOT NULL AND a.sort_ms < 0 AND a.hidden = 0`,
      )
      .all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX assets_month_day \(<expr>=\? AND sort_ms<\?\)/)
  })
})
