import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

describe('migration 0020-memories-map', () => {
  it('indexes shown photos by month-day and by position, leaving out trashed, undated and unplaced ones', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.filter((m) => m.version <= 20))
    expect(db.pragma('user_version', { simple: true })).toBe(20)
    const now = new Date().toISOString()
    const insert = db.prepare(
      `INSERT INTO assets (sha256, state, taken_at, sort_ms, lat, lon, trashed_at, created_at, updated_at) VALUES (?, 'ready', ?, ?, ?, ?, ?, ?, ?)`,
    )
    const ms = Date.parse('2023-12-06T10:00:00Z')
    insert.run('a'.repeat(64), '2023-12-06T10:00:00', ms, 48.85, 2.35, null, now, now)
    insert.run('b'.repeat(64), null, ms, null, null, null, now, now) // a file's time, no position
    insert.run('c'.repeat(64), '2023-12-06T10:00:00', ms, 48.85, 2.35, now, now, now) // trashed
    // A partial index holds only the rows its WHERE admits: counted through the index itself.
    const count = (index: string) => (db.prepare(`SELECT count(*) AS n FROM assets INDEXED BY ${index} WHERE state = 'ready' AND missing_since IS NULL AND trashed_at IS NULL AND ${index === 'assets_geo' ? 'lat IS NOT NULL AND lon IS NOT NULL' : 'taken_at IS NOT NULL'}`).get() as { n: number }).n
    expect(count('assets_month_day')).toBe(1)
    expect(count('assets_geo')).toBe(1)
    expect(db.prepare(`SELECT strftime('%m-%d', sort_ms / 1000, 'unixepoch') AS md FROM assets INDEXED BY assets_month_day WHERE state = 'ready' AND missing_since IS NULL AND trashed_at IS NULL AND taken_at IS NOT NULL`).get()).toEqual({ md: '12-06' })
  })
})
