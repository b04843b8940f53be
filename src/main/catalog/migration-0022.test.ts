import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'
import { createSidecarsRepository } from './sidecars.repository'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

describe('migration 0022-sidecars', () => {
  it('marks a photo whose sidecar would change, whatever changed it, and forgets what leaves with its photo', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.filter((m) => m.version <= 22))
    expect(db.pragma('user_version', { simple: true })).toBe(22)
    const now = new Date().toISOString()
    const insert = db.prepare(`INSERT INTO assets (sha256, state, created_at, updated_at) VALUES (?, 'ready', ?, ?)`)
    const [a, b] = ['a', 'b'].map((ch) => Number(insert.run(ch.repeat(64), now, now).lastInsertRowid)) as [number, number]
    const repo = createSidecarsRepository(db)
    const dirty = () => (db.prepare(`SELECT asset_id AS id FROM sidecar_dirty ORDER BY asset_id`).all() as { id: number }[]).map((r) => r.id)
    const clear = () => db.prepare(`DELETE FROM sidecar_dirty`).run()

    // Marks and edits; an update that changes nothing marks nothing.
    db.prepare(`UPDATE assets SET rating = 3 WHERE id = ?`).run(a)
    db.prepare(`UPDATE assets SET hidden = 1 WHERE id = ?`).run(b)
    expect(dirty()).toEqual([a])
    clear()
    db.prepare(`UPDATE assets SET rating = 3, favorite = 0 WHERE id = ?`).run(a)
    expect(dirty()).toEqual([])
    db.prepare(`UPDATE assets SET description = 'x' WHERE id = ?`).run(b)
    expect(dirty()).toEqual([b])
    clear()

    // Keywords.
    repo.addUserTags(a, ['beach'], 'sidecar')
    expect(dirty()).toEqual([a])
    clear()
    expect(() => db.prepare(`INSERT INTO user_tags VALUES (?, 'x', 'guess')`).run(a)).toThrow(/CHECK/)

    // A face confirmed, a person renamed (its faces' photos, and its named regions without a face).
    const person = repo.personNamed('Anna')
    expect(repo.personNamed('Anna')).toBe(person)
    const face = Number(
      db
        .prepare(`INSERT INTO faces (asset_id, x, y, w, h, landmarks, score, size, blur, yaw, embedding, model_id, created_at) VALUES (?, 0, 0, 0.1, 0.1, '[]', 1, 1, 1, 0, ?, 'm', ?)`)
        .run(a, Buffer.alloc(4), now).lastInsertRowid,
    )
    expect(dirty()).toEqual([])
    expect(repo.confirmFace(face, person)).toBe(true)
    expect(dirty()).toEqual([a])
    clear()
    repo.replaceRegions(b, [{ name: 'Anna', box: [0.5, 0.5, 0.1, 0.1], source: 'sidecar' }])
    const [region] = repo.regions(b)
    repo.setRegionMatch(region!.id, person, null)
    expect(dirty()).toEqual([b])
    clear()
    db.prepare(`UPDATE persons SET name = 'Anna B' WHERE id = ?`).run(person)
    expect(dirty()).toEqual([a, b])
    clear()
    expect(repo.regionsWithoutFace(b)).toEqual([{ name: 'Anna B', box: [0.5, 0.5, 0.1, 0.1] }])

    // A user's confirmation is not overridden by a file's name.
    const other = repo.personNamed('Bo')
    expect(repo.confirmFace(face, other)).toBe(false)

    // The photo leaves: its keywords, regions and mark go, and its faces' deletion marks nothing.
    repo.markDirty([a])
    db.prepare(`DELETE FROM assets WHERE id = ?`).run(a)
    expect(dirty()).toEqual([])
    expect(db.prepare(`SELECT count(*) AS n FROM user_tags`).get()).toEqual({ n: 0 })
    db.prepare(`DELETE FROM assets WHERE id = ?`).run(b)
    expect(db.prepare(`SELECT count(*) AS n FROM xmp_regions`).get()).toEqual({ n: 0 })
  })
})
