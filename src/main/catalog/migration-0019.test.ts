import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

describe('migration 0019-themes', () => {
  it('adds themes, one per set of labels, whose members leave with their photo or their theme', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.filter((m) => m.version <= 19))
    expect(db.pragma('user_version', { simple: true })).toBe(19)
    const now = new Date().toISOString()
    const [a, b] = ['a', 'b'].map((ch) => Number(db.prepare(`INSERT INTO assets (sha256, state, created_at, updated_at) VALUES (?, 'ready', ?, ?)`).run(ch.repeat(64), now, now).lastInsertRowid)) as [number, number]
    const theme = db.prepare(`INSERT INTO themes (key, name, tags, photo_count, event_count, updated_at) VALUES (?, 'seashore', '[]', 2, 2, ?)`)
    const id = Number(theme.run('sandbar|seashore', now).lastInsertRowid)
    expect(() => theme.run('sandbar|seashore', now)).toThrow(/UNIQUE/)
    const member = db.prepare(`INSERT INTO theme_members (theme_id, asset_id, event_id, score) VALUES (?, ?, 1, 0.8)`)
    member.run(id, a)
    member.run(id, b)
    expect(() => member.run(id, a)).toThrow(/UNIQUE|PRIMARY/)
    db.prepare('DELETE FROM assets WHERE id = ?').run(a)
    expect(db.prepare('SELECT asset_id AS id FROM theme_members').all()).toEqual([{ id: b }])
    db.prepare('DELETE FROM themes WHERE id = ?').run(id)
    expect(db.prepare('SELECT count(*) AS n FROM theme_members').get()).toEqual({ n: 0 })
  })
})
