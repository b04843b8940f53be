// The trash: photos the user moved out of the library views (assets.trashed_at), and what emptying it
// leaves behind (tombstones, see migration 0014).
import { REMOVED, SUMMARY_COLUMNS, toSummary, type SummaryRow } from './assets.repository'
import { statementCache, type Db } from './connection'
import type { AssetSummary } from '../../shared/domain'

/** A trashed photo's file, with the library folder it is under (only those may go to the OS trash). */
export interface TrashedFile {
  path: string
  rootPath: string
}

export function createTrashRepository(db: Db) {
  const sql = statementCache(db)
  // Tombstones keep trashed_at (every view leaves them out by it) but are no longer in the trash.
  const inTrash = `a.trashed_at IS NOT NULL AND a.error_code IS NOT '${REMOVED}'`

  return {
    /** Whether each photo is in the trash, and since when (tombstones and unknown ids are absent). */
    trashStateOf(assetIds: readonly number[]): Map<number, string | null> {
      const select = sql(`SELECT trashed_at AS trashedAt FROM assets WHERE id = ? AND error_code IS NOT '${REMOVED}'`)
      const out = new Map<number, string | null>()
      for (const id of new Set(assetIds)) {
        const r = select.get(id) as { trashedAt: string | null } | undefined
        if (r) out.set(id, r.trashedAt)
      }
      return out
    },

    /** Moves photos into the trash (`at`) or back out (null); returns how many changed. */
    setTrashed(assetIds: readonly number[], at: string | null): number {
      const update =
        at === null
          ? sql(`UPDATE assets SET trashed_at = NULL, updated_at = ? WHERE id = ? AND trashed_at IS NOT NULL AND error_code IS NOT '${REMOVED}'`)
          : sql(`UPDATE assets SET trashed_at = ?, updated_at = ? WHERE id = ? AND trashed_at IS NULL AND error_code IS NOT '${REMOVED}'`)
      const now = new Date().toISOString()
      let changed = 0
      for (const id of new Set(assetIds)) changed += (at === null ? update.run(now, id) : update.run(at, now, id)).changes
      return changed
    },

    /** Puts back what trashStateOf read (an undo); a photo removed from the catalog since stays removed. */
    restoreTrashState(state: ReadonlyMap<number, string | null>): void {
      const update = sql(`UPDATE assets SET trashed_at = ?, updated_at = ? WHERE id = ? AND error_code IS NOT '${REMOVED}'`)
      const now = new Date().toISOString()
      for (const [id, trashedAt] of state) update.run(trashedAt, now, id)
    },

    /** A window of the trash, newest trashed first. */
    list(offset: number, limit: number): (AssetSummary & { trashedAt: string })[] {
      return (
        sql(
          `SELECT ${SUMMARY_COLUMNS}, a.trashed_at AS trashedAt FROM assets a WHERE ${inTrash}
           ORDER BY a.trashed_at DESC, a.id DESC LIMIT ? OFFSET ?`,
        ).all(limit, offset) as (SummaryRow & { trashedAt: string })[]
      ).map((r) => ({ ...toSummary(r), trashedAt: r.trashedAt }))
    },

    count(): number {
      return (sql(`SELECT count(*) AS n FROM assets a WHERE ${inTrash}`).get() as { n: number }).n
    },

    /** Ids in the trash: all of them, or those of `among`. */
    trashedIds(among?: readonly number[]): number[] {
      const all = (sql(`SELECT a.id FROM assets a WHERE ${inTrash} ORDER BY a.id`).all() as { id: number }[]).map((r) => r.id)
      if (!among) return all
      const wanted = new Set(among)
      return all.filter((id) => wanted.has(id))
    },

    /** Photos trashed before `cutoff` (ISO time). */
    trashedBefore(cutoff: string): number[] {
      return (sql(`SELECT a.id FROM assets a WHERE a.trashed_at < ? AND a.error_code IS NOT '${REMOVED}' ORDER BY a.id`).all(cutoff) as { id: number }[]).map(
        (r) => r.id,
      )
    },

    /** The files of a photo, each with its library folder. */
    filesOf(assetId: number): TrashedFile[] {
      return sql(`SELECT l.path, r.path AS rootPath FROM locations l JOIN roots r ON r.id = l.root_id WHERE l.asset_id = ? ORDER BY l.path`).all(
        assetId,
      ) as TrashedFile[]
    },

    /** Forgets one file of a photo (it went to the OS trash). */
    forgetFile(path: string): void {
      sql(`DELETE FROM locations WHERE path = ?`).run(path)
    },

    /**
     * Removes a photo from the catalog: its row goes with everything attached to it (faces, tags,
     * vectors, albums, text). When files of it are still under a library folder, a bare tombstone
     * with the same id and sha256 takes its place and keeps them (migration 0014), so no scan brings
     * it back. Returns its sha256 (for the cached thumbnails), or undefined when it was not there.
     */
    remove(assetId: number): string | undefined {
      return db.transaction(() => {
        const row = sql(`SELECT sha256, file_size AS fileSize, trashed_at AS trashedAt, created_at AS createdAt FROM assets WHERE id = ?`).get(assetId) as
          | { sha256: string; fileSize: number | null; trashedAt: string | null; createdAt: string }
          | undefined
        if (!row) return undefined
        const paths = (sql(`SELECT path FROM locations WHERE asset_id = ?`).all(assetId) as { path: string }[]).map((r) => r.path)
        sql(`DELETE FROM asset_text WHERE rowid = ?`).run(assetId)
        sql(`DELETE FROM assets WHERE id = ?`).run(assetId)
        if (paths.length > 0) {
          const now = new Date().toISOString()
          sql(
            `INSERT INTO assets (id, sha256, file_size, state, error_code, error, trashed_at, created_at, updated_at)
             VALUES (?, ?, ?, 'error', '${REMOVED}', 'Removed from the library (its file was kept)', ?, ?, ?)`,
          ).run(assetId, row.sha256, row.fileSize, row.trashedAt ?? now, row.createdAt, now)
          const relink = sql(`UPDATE locations SET asset_id = ? WHERE path = ?`)
          for (const p of paths) relink.run(assetId, p)
        }
        return row.sha256
      })()
    },

    /** Whether content was removed by the user and is kept out of the library. */
    isRemoved(assetId: number): boolean {
      return sql(`SELECT 1 FROM assets WHERE id = ? AND error_code = '${REMOVED}'`).get(assetId) !== undefined
    },
  }
}

export type TrashRepository = ReturnType<typeof createTrashRepository>
