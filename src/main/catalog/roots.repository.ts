import type { LibraryRoot } from '../../shared/domain'
import { statementCache, type Db } from './connection'

interface RootRow extends Omit<LibraryRoot, 'unreachable'> {
  unreachableSince: string | null
  unreachableReason: string | null
}

export function createRootsRepository(db: Db) {
  const sql = statementCache(db)
  const listStmt = sql(
    `SELECT r.id, r.path, r.added_at AS addedAt, (SELECT count(*) FROM locations l WHERE l.root_id = r.id) AS fileCount,
       r.unreachable_since AS unreachableSince, r.unreachable_reason AS unreachableReason
     FROM roots r ORDER BY r.path`,
  )
  return {
    list(): LibraryRoot[] {
      return (listStmt.all() as RootRow[]).map(({ unreachableSince, unreachableReason, ...r }) => ({
        ...r,
        unreachable: unreachableSince === null ? null : { since: unreachableSince, reason: unreachableReason ?? '' },
      }))
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
    /**
     * Records whether the root's folder could be read (reason null: it could). The first time it
     * became unreachable is kept while it stays so.
     */
    setUnreachable(id: number, reason: string | null): void {
      if (reason === null) sql(`UPDATE roots SET unreachable_since = NULL, unreachable_reason = NULL WHERE id = ?`).run(id)
      else {
        sql(`UPDATE roots SET unreachable_since = coalesce(unreachable_since, ?), unreachable_reason = ? WHERE id = ?`).run(
          new Date().toISOString(),
          reason,
          id,
        )
      }
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
