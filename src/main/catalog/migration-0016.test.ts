import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'
import { createStacksRepository } from './stacks.repository'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

describe('migration 0016-stacks', () => {
  it('adds stacks whose members leave with their photo; a photo is in one stack only', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.filter((m) => m.version <= 16))
    expect(db.pragma('user_version', { simple: true })).toBe(16)
    // The repository speaks the latest schema (later migrations add columns it reads), so the rest runs
    // on a catalog migrated to the end: what this migration made must survive them.
    migrate(db, migrations)
    const now = new Date().toISOString()
    const insert = db.prepare(`INSERT INTO assets (sha256, state, created_at, updated_at) VALUES (?, 'ready', ?, ?)`)
    const [a, b, c] = ['a', 'b', 'c'].map((ch) => Number(insert.run(ch.repeat(64), now, now).lastInsertRowid)) as [number, number, number]
    const stacks = createStacksRepository(db)
    stacks.replaceAll([{ kind: 'burst', assetIds: [a, b, c] }])
    expect(stacks.of(b)).toMatchObject({ kind: 'burst', coverAssetId: a })
    expect(stacks.counts([a, b])).toEqual(new Map([[a, 3]]))
    expect(() => db.prepare(`INSERT INTO stack_members (asset_id, stack_id, position) VALUES (?, (SELECT id FROM stacks), 9)`).run(b)).toThrow(/UNIQUE|PRIMARY/)
    db.prepare('DELETE FROM assets WHERE id = ?').run(c)
    expect(stacks.of(a)!.assets.map((s) => s.id)).toEqual([a, b])
    // The cover gone, the stack goes (the next recompute makes what is left of it).
    db.prepare('DELETE FROM assets WHERE id = ?').run(a)
    expect(stacks.of(b)).toBeNull()
    expect(db.prepare('SELECT count(*) AS n FROM stack_members').get()).toEqual({ n: 0 })
    // A recompute replaces every stack.
    stacks.replaceAll([{ kind: 'same-name', assetIds: [b] }])
    stacks.replaceAll([])
    expect(db.prepare('SELECT count(*) AS n FROM stacks').get()).toEqual({ n: 0 })
  })
})
