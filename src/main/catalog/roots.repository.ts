import type { LibraryRoot } from '../../shared/domain'
import { statementCache, type Db } from './connection'
import { pathRangeUnder } from './albums.repository'

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
    /** The files of a root as the catalog knows them, with the content each held (for a relink's check). */
    filesOf(id: number): { path: string; size: number; mtimeMs: number; assetId: number | null; sha256: string | null }[] {
      return sql(
        `SELECT l.path, l.size, l.mtime_ms AS mtimeMs, l.asset_id AS assetId, a.sha256 FROM locations l LEFT JOIN assets a ON a.id = l.asset_id
         WHERE l.root_id = ? ORDER BY l.path`,
      ).all(id) as { path: string; size: number; mtimeMs: number; assetId: number | null; sha256: string | null }[]
    },
    /**
     * A root found at a new place (issue 14, "Locate folder"): its path changes, the files found
     * there point at their new paths (same location rows, so the same assets, faces, albums and
     * names), the ones not found are forgotten (their photos become missing unless another copy
     * holds them), and albums that follow a folder under it follow it to the new place. One step.
     */
    relink(id: number, newPath: string, moved: { from: string; to: string; mtimeMs: number }[], gone: string[]): void {
      const oldPath = (sql(`SELECT path FROM roots WHERE id = ?`).get(id) as { path: string } | undefined)?.path
      if (oldPath === undefined) throw new Error(`No library folder with id ${id}`)
      const at = new Date().toISOString()
      db.transaction(() => {
        sql(`UPDATE roots SET path = ?, unreachable_since = NULL, unreachable_reason = NULL WHERE id = ?`).run(newPath, id)
        const move = sql(`UPDATE locations SET path = ?, mtime_ms = ?, seen_at = ? WHERE path = ? AND root_id = ?`)
        for (const m of moved) move.run(m.to, m.mtimeMs, at, m.from, id)
        const affected: number[] = []
        const owner = sql(`SELECT asset_id AS assetId FROM locations WHERE path = ? AND root_id = ?`)
        const forget = sql(`DELETE FROM locations WHERE path = ? AND root_id = ?`)
        for (const path of gone) {
          const row = owner.get(path, id) as { assetId: number | null } | undefined
          if (row?.assetId != null) affected.push(row.assetId)
          forget.run(path, id)
        }
        markMissingIfOrphaned(db, affected)
        // Synced albums read their photos by folder path: the folder and everything under it move.
        const sep = oldPath.includes('\\') && !oldPath.includes('/') ? '\\' : '/'
        // A live photo's MOV is found by path too (not a location: it is no asset of its own).
        const [from, to] = pathRangeUnder(oldPath)
        sql(`UPDATE asset_motion SET path = ? || substr(path, ?) WHERE path >= ? AND path < ?`).run(newPath, oldPath.length + 1, from, to)
        const albums = sql(`SELECT id, source_path AS sourcePath FROM albums WHERE source_path IS NOT NULL`).all() as { id: number; sourcePath: string }[]
        const setSource = sql(`UPDATE albums SET source_path = ? WHERE id = ?`)
        for (const a of albums) {
          if (a.sourcePath === oldPath) setSource.run(newPath, a.id)
          else if (a.sourcePath.startsWith(oldPath + sep)) setSource.run(newPath + a.sourcePath.slice(oldPath.length), a.id)
        }
      })()
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
