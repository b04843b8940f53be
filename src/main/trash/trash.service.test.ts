// The trash service on a catalog alone: what a tombstone keeps and drops, and the guard that only a
// file under a library folder may go to the OS trash.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAssetsRepository, createRootsRepository, createTrashRepository, createUndoRepository, loadMigrations, migrate, openDatabase, type Db } from '../catalog'
import { createUndoService } from '../curation'
import { appRoot } from '../platform/app-root'
import { tempDir } from '../testing/fixtures'
import { createTrashService } from './trash.service'

function setUp() {
  const db = openDatabase(':memory:')
  migrate(db, loadMigrations(join(appRoot(), 'migrations')))
  const assets = createAssetsRepository(db)
  const roots = createRootsRepository(db)
  const undo = createUndoService({ db, journal: createUndoRepository(db) })
  const cache = tempDir()
  const logs: string[] = []
  const trash = createTrashService({ trash: createTrashRepository(db), undo, cacheDir: cache.path, libraryChanged: () => {}, log: (m) => logs.push(m) })
  const rootId = roots.add('/photos')
  const add = (n: number, path: string) => {
    const { assetId } = assets.attachFile({ sha256: String(n).repeat(64).slice(0, 64), size: 10, path, rootId, mtimeMs: 1 })
    assets.markReady(assetId, { width: 1, height: 1, phash: '0' })
    return assetId
  }
  return { db, assets, trash, add, logs, cleanup: () => cache.cleanup() }
}

const count = (db: Db, sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n

describe('trash service (catalog)', () => {
  let cleanup = () => {}
  afterEach(() => cleanup())

  it('an emptied photo leaves a bare tombstone that keeps its files and nothing else', async () => {
    const t = setUp()
    cleanup = t.cleanup
    const id = t.add(1, '/photos/a.jpg')
    t.db.prepare(`INSERT INTO asset_tags (asset_id, label, score, kind, model_id) VALUES (?, 'cat', 0.9, 'label', 'm')`).run(id)
    t.db.prepare(`UPDATE assets SET favorite = 1, description = 'the cat' WHERE id = ?`).run(id)
    // Only photos in the trash can be emptied, whatever ids are asked for.
    expect(await t.trash.empty({ ids: [id], deleteFiles: true }, () => Promise.reject(new Error('must not be called')))).toEqual({ removed: 0, filesTrashed: 0, failures: [] })
    expect(t.assets.get(id)).not.toBeNull()
    t.trash.move([id])
    expect(await t.trash.empty({ deleteFiles: false })).toEqual({ removed: 1, filesTrashed: 0, failures: [] })

    const row = t.db.prepare(`SELECT id, state, error_code AS code, favorite, description, trashed_at IS NOT NULL AS trashed FROM assets`).all()
    expect(row).toEqual([{ id, state: 'error', code: 'removed', favorite: 0, description: null, trashed: 1 }])
    expect(count(t.db, `SELECT count(*) AS n FROM asset_tags`)).toBe(0)
    expect(t.db.prepare(`SELECT path, asset_id AS assetId FROM locations`).all()).toEqual([{ path: '/photos/a.jpg', assetId: id }])
    // Not in the trash, not broken, not restorable, no details.
    expect(t.trash.list(0, 10)).toEqual({ items: [], total: 0 })
    expect(t.assets.broken()).toEqual([])
    expect(t.assets.get(id)).toBeNull()
    expect(t.trash.restore([id])).toEqual({ changed: 0, undo: null })
    // The same content seen again (a rescan, a copy) finds the tombstone: nothing to import.
    expect(t.assets.attachFile({ sha256: '1'.repeat(64), size: 10, path: '/photos/copy.jpg', rootId: 1, mtimeMs: 1 })).toEqual({ assetId: id, state: 'error' })
  })

  it('never sends a file outside the library folders to the OS trash; the photo stays in the trash', async () => {
    const t = setUp()
    cleanup = t.cleanup
    const inside = t.add(1, '/photos/in.jpg')
    // A location whose path is not under its root (a catalog written by something else).
    const outside = t.add(2, '/elsewhere/out.jpg')
    const asked: string[] = []
    t.trash.move([inside, outside])
    const result = await t.trash.empty({ deleteFiles: true }, (path) => {
      asked.push(path)
      return Promise.resolve()
    })
    expect(asked).toEqual(['/photos/in.jpg'])
    expect(result).toEqual({ removed: 1, filesTrashed: 1, failures: [{ path: '/elsewhere/out.jpg', reason: 'not inside a library folder' }] })
    expect(t.trash.list(0, 10).items.map((i) => i.asset.id)).toEqual([outside])
    // All its files gone to the OS trash: no tombstone is needed, the row is gone.
    expect(count(t.db, `SELECT count(*) AS n FROM assets WHERE id = ?`, inside)).toBe(0)
    expect(t.logs).toHaveLength(1)
  })
})
