import type { LibraryRoot } from '../../shared/domain'
import { statementCache, type Db } from './connection'

export function createRootsRepository(db: Db) {
  const sql = statementCache(db)
  const listStmt = sql(
    `SELECT r.id, r.path, r.added_at AS addedAt, (SELECT count(*) FROM locations l WHERE l.root_id = r.id) AS fileCount
     FROM roots r ORDER BY r.path`,
  )
  return {
    list(): LibraryRoot[] {
      return listStmt.all() as LibraryRoot[]
    },
    get(id: number): LibraryRoot | undefined {
      return this.list().find((r) => r.id === id)
    },
    /** Adds a root (idempotent) and returns its id. */
    add(path: string): number {
      sql(`INSERT INTO roots (path, added_at) VALUES (?, ?) ON CONFLICT (path) DO NOTHING`).run(
        path,
        new Date().toISOString(),
      )
      return (sql(`SELECT id FROM roots WHERE path = ?`).get(path) as { id: number }).id
    },
    /** Removing a root forgets its locations (cascade); the assets become missing, not deleted. */
    remove(id: number): boolean {
      return db.transaction(() => {
        const assetIds = (
          sql(`SELECT DISTINCT asset_id AS id FROM locations WHERE root_id = ? AND asset_id IS NOT NULL`).all(id) as {
            id: number
          }[]
        ).map((r) => r.id)
        const removed = sql(`DELETE FROM roots WHERE id = ?`).run(id).changes > 0
        markMissingIfOrphaned(db, assetIds)
        return removed
      })()
    },
  }
}

/** Assets whose last location is gone are hidden (missing_since), not deleted: a move brings them back. */
export function markMissingIfOrphaned(db: Db, assetIds: Iterable<number>): void {
  const stmt = statementCache(db)(
    `UPDATE assets SET missing_since = ?, updated_at = ?
     WHERE id = ? AND missing_since IS NULL AND NOT EXISTS (SELECT 1 FROM locations WHERE asset_id = assets.id)`,
  )
  const now = new Date().toISOString()
  for (const id of assetIds) stmt.run(now, now, id)
}

export type RootsRepository = ReturnType<typeof createRootsRepository>
