import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'

const migrations = loadMigrations(join(appRoot(), 'migrations'))
const now = '2026-12-05T10:00:00.000Z'

describe('migration 0014-trash-edits', () => {
  it('adds trash and edit columns, keeps the full text and makes the description searchable', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 13))
    const insert = db.prepare(`INSERT INTO assets (sha256, state, sort_ms, month, created_at, updated_at) VALUES (?, 'ready', ?, ?, ?, ?)`)
    const a = Number(insert.run('a'.repeat(64), 1000, '1970-01', now, now).lastInsertRowid)
    db.prepare(`INSERT INTO asset_text (rowid, path, camera, dates, tags, places, ocr, people) VALUES (?, 'beach holiday', '', '', '', '', '', '')`).run(a)

    migrate(db, migrations.slice(0, 14))
    expect(db.pragma('user_version', { simple: true })).toBe(14)
    const row = db.prepare(`SELECT trashed_at, description, date_edited, original_taken_at, original_sort_ms, place_edited, original_lat, original_lon, place_label FROM assets WHERE id = ?`).get(a)
    expect(row).toEqual({
      trashed_at: null,
      description: null,
      date_edited: 0,
      original_taken_at: null,
      original_sort_ms: null,
      place_edited: 0,
      original_lat: null,
      original_lon: null,
      place_label: null,
    })
    // The text written before the migration is still found; the new column is searchable.
    expect(db.prepare(`SELECT rowid FROM asset_text WHERE asset_text MATCH 'holi*'`).all()).toEqual([{ rowid: a }])
    db.prepare(`UPDATE asset_text SET description = 'grandmother birthday cake' WHERE rowid = ?`).run(a)
    expect(db.prepare(`SELECT rowid FROM asset_text WHERE asset_text MATCH 'description:birthday'`).all()).toEqual([{ rowid: a }])
    expect(() => db.prepare(`UPDATE assets SET date_edited = 2 WHERE id = ?`).run(a)).toThrow(/CHECK/)
  })

  it('leaves trashed photos out of the timeline indexes and indexes the trash', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 14))
    const indexSql = (name: string) => (db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(name) as { sql: string }).sql
    expect(indexSql('assets_timeline')).toMatch(/trashed_at IS NULL/)
    expect(indexSql('assets_timeline_month')).toMatch(/trashed_at IS NULL/)
    expect(indexSql('assets_trash')).toMatch(/trashed_at IS NOT NULL/)
    // The timeline page query is answered from the partial index (no scan of the table).
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT a.id FROM assets a WHERE a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL AND a.hidden = 0
         ORDER BY a.sort_ms DESC, a.id DESC LIMIT 10`,
      )
      .all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX assets_timeline\b/)
  })
})
