import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

/** A photo with two faces of one named person, its sidecar already marked out of date. */
function catalogAt(version: number) {
  const db = openDatabase(':memory:')
  migrate(db, migrations.filter((m) => m.version <= version))
  expect(db.pragma('user_version', { simple: true })).toBe(version)
  const now = new Date().toISOString()
  const asset = Number(db.prepare(`INSERT INTO assets (sha256, state, created_at, updated_at) VALUES (?, 'ready', ?, ?)`).run('a'.repeat(64), now, now).lastInsertRowid)
  const person = Number(db.prepare(`INSERT INTO persons (name, created_at, updated_at) VALUES ('Ann', ?, ?)`).run(now, now).lastInsertRowid)
  const face = db.prepare(
    `INSERT INTO faces (asset_id, x, y, w, h, landmarks, score, size, blur, yaw, embedding, model_id, person_id, created_at) VALUES (?, ?, 0, 0.1, 0.1, '[]', 1, 1, 1, 0, ?, 'm', ?, ?)`,
  )
  face.run(asset, 0.1, Buffer.alloc(4), person, now)
  face.run(asset, 0.5, Buffer.alloc(4), person, now)
  db.prepare(`INSERT INTO sidecar_dirty (asset_id) VALUES (?)`).run(asset)
  // What people undo does to put a person's name back: an upsert.
  const putBackName = () =>
    db
      .prepare(`INSERT INTO persons (id, name, hidden, created_at, updated_at) VALUES (?, NULL, 0, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name`)
      .run(person, now, now)
  return { db, asset, person, putBackName }
}

describe('migration 0023-sidecar-dirty-triggers', () => {
  it("0022's triggers failed under an upsert when the photo was already marked", () => {
    const { putBackName } = catalogAt(22)
    expect(putBackName).toThrow(/UNIQUE constraint failed: sidecar_dirty.asset_id/)
  })

  it('marks each photo once under any outer statement, and still marks what changed', () => {
    const { db, asset, putBackName } = catalogAt(23)
    expect(putBackName).not.toThrow()
    const dirty = () => db.prepare(`SELECT asset_id AS id FROM sidecar_dirty`).all()
    expect(dirty()).toEqual([{ id: asset }])
    // Not marked yet: a rename marks the photo once though two of its faces are the person's.
    db.prepare(`DELETE FROM sidecar_dirty`).run()
    db.prepare(`UPDATE persons SET name = 'Anna'`).run()
    expect(dirty()).toEqual([{ id: asset }])
    db.prepare(`DELETE FROM sidecar_dirty`).run()
    db.prepare(`UPDATE assets SET rating = 4`).run()
    db.prepare(`UPDATE assets SET favorite = 1`).run()
    db.prepare(`INSERT INTO user_tags (asset_id, tag, source) VALUES (?, 'beach', 'user') ON CONFLICT DO NOTHING`).run(asset)
    db.prepare(`DELETE FROM faces WHERE x = 0.1`).run()
    expect(dirty()).toEqual([{ id: asset }])
    const triggers = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sidecar_dirty_%'`).get()
    expect(triggers).toEqual({ n: 7 })
  })
})
