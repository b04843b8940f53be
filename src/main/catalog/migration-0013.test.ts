import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

describe('migration 0013-albums', () => {
  it('adds albums, album folders and ordered memberships; deleting an album or a photo cleans up, never the other way', () => {
    const db = openDatabase(':memory:')
    // A catalog of version 12 with a photo, brought to 13.
    migrate(db, migrations.filter((m) => m.version <= 12))
    const now = new Date().toISOString()
    const asset = (sha: string) => Number(db.prepare(`INSERT INTO assets (sha256, created_at, updated_at) VALUES (?, ?, ?)`).run(sha.repeat(64), now, now).lastInsertRowid)
    const [a, b] = [asset('a'), asset('b')]
    expect(migrate(db, migrations.filter((m) => m.version <= 13))).toEqual({ from: 12, to: 13 })

    const folder = Number(db.prepare(`INSERT INTO album_folders (name, parent_id, created_at) VALUES ('Trips', NULL, ?)`).run(now).lastInsertRowid)
    const album = Number(
      db.prepare(`INSERT INTO albums (name, folder_id, cover_asset_id, created_at, updated_at) VALUES ('Rome', ?, ?, ?, ?)`).run(folder, b, now, now).lastInsertRowid,
    )
    const member = db.prepare(`INSERT INTO album_assets (album_id, asset_id, position, added_at) VALUES (?, ?, ?, ?)`)
    member.run(album, a, 1, now)
    member.run(album, b, 2, now)
    expect(() => member.run(album, a, 3, now)).toThrow(/UNIQUE|PRIMARY KEY/)
    // A synced album needs its folder path.
    expect(() => db.prepare(`INSERT INTO albums (name, synced, created_at, updated_at) VALUES ('x', 1, ?, ?)`).run(now, now)).toThrow(/CHECK/)
    // A folder holding albums cannot be deleted under them.
    expect(() => db.prepare(`DELETE FROM album_folders WHERE id = ?`).run(folder)).toThrow(/FOREIGN KEY/)

    // A photo deleted for good leaves the album, and stops being its cover.
    db.prepare(`DELETE FROM assets WHERE id = ?`).run(b)
    expect(db.prepare(`SELECT asset_id AS id FROM album_assets WHERE album_id = ?`).all(album)).toEqual([{ id: a }])
    expect(db.prepare(`SELECT cover_asset_id AS cover FROM albums WHERE id = ?`).get(album)).toEqual({ cover: null })

    // Deleting the album takes its memberships, not its photos.
    db.prepare(`DELETE FROM albums WHERE id = ?`).run(album)
    expect(db.prepare(`SELECT count(*) AS n FROM album_assets`).get()).toEqual({ n: 0 })
    expect(db.prepare(`SELECT count(*) AS n FROM assets`).get()).toEqual({ n: 1 })
    // Ids are never reused (an undone delete recreates the album under its old id).
    const next = Number(db.prepare(`INSERT INTO albums (name, created_at, updated_at) VALUES ('New', ?, ?)`).run(now, now).lastInsertRowid)
    expect(next).toBeGreaterThan(album)

    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT album_id FROM album_assets WHERE asset_id = ?`).all(a) as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/album_assets_asset/)
  })
})
