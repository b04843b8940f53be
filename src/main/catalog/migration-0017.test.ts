import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'
import { createPhotoEventsRepository } from './photo-events.repository'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

describe('migration 0017-photo-events', () => {
  it('adds events whose members leave with their photo, and the user cuts that outlive both', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.filter((m) => m.version <= 17))
    expect(db.pragma('user_version', { simple: true })).toBe(17)
    // The repository speaks the latest schema (later migrations add columns it reads), so the rest runs
    // on a catalog migrated to the end: what this migration made must survive them.
    migrate(db, migrations)
    const now = new Date().toISOString()
    const insert = db.prepare(`INSERT INTO assets (sha256, state, sort_ms, created_at, updated_at) VALUES (?, 'ready', ?, ?, ?)`)
    const [a, b, c] = ['a', 'b', 'c'].map((ch, i) => Number(insert.run(ch.repeat(64), 1_000 * i, now, now).lastInsertRowid)) as [number, number, number]
    const events = createPhotoEventsRepository(db)
    const base = { title: 't', place: null, startMs: 0, endMs: 2000, fileTimeCount: 0 }
    const [id] = events.apply([], [{ ...base, count: 3, members: [a, b, c] }]) as [number]
    expect(events.eventOf(b)).toBe(id)
    // A photo is in one event only: writing it into another moves it.
    const [other] = events.apply([], [{ ...base, count: 1, members: [c] }]) as [number]
    expect(events.eventOf(c)).toBe(other)
    db.prepare('DELETE FROM assets WHERE id = ?').run(a)
    expect(events.photos(id, 0, 10).map((p) => p.id)).toEqual([b])
    // Cuts are kept in time, not by event or photo row: they stay when both go.
    events.addSplit({ t: 1000, id: b })
    events.addJoin({ t: 0, id: a }, { t: 2000, id: c })
    expect(events.edits().map((e) => e.kind)).toEqual(['join'])
    events.apply([id, other], [])
    expect(db.prepare('SELECT count(*) AS n FROM photo_event_members').get()).toEqual({ n: 0 })
    expect(events.edits()).toHaveLength(1)
    expect(() => db.prepare(`INSERT INTO photo_event_edits (kind, from_ms, to_ms, created_at) VALUES ('split', 1, 1, ?)`).run(now)).toThrow(/CHECK/)
  })
})
