// The moving part of a still (table asset_motion, migration 0021): live photos' MOVs and motion
// photos' embedded MP4s. One row per still; a re-ingest of the still replaces or removes it.
import { statementCache, type Db } from './connection'
import { folderPrefix } from './folder-prefix'

export type StoredMotionKind = 'live-photo' | 'motion-photo'

export interface StoredMotion {
  assetId: number
  kind: StoredMotionKind
  /** The file holding the video: the MOV, or the still itself for a motion photo. */
  path: string
  byteOffset: number
  /** Null: to the end of the file. */
  byteLength: number | null
  durationMs: number | null
  contentId: string | null
  stillMs: number | null
}

const COLUMNS = `asset_id AS assetId, kind, path, byte_offset AS byteOffset, byte_length AS byteLength,
  duration_ms AS durationMs, content_id AS contentId, still_ms AS stillMs`

export function createMotionRepository(db: Db) {
  const sql = statementCache(db)
  return {
    set(motion: StoredMotion): void {
      sql(
        `INSERT INTO asset_motion (asset_id, kind, path, byte_offset, byte_length, duration_ms, content_id, still_ms, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (asset_id) DO UPDATE SET kind = excluded.kind, path = excluded.path, byte_offset = excluded.byte_offset,
           byte_length = excluded.byte_length, duration_ms = excluded.duration_ms, content_id = excluded.content_id,
           still_ms = excluded.still_ms, updated_at = excluded.updated_at`,
      ).run(
        motion.assetId,
        motion.kind,
        motion.path,
        motion.byteOffset,
        motion.byteLength,
        motion.durationMs,
        motion.contentId,
        motion.stillMs,
        new Date().toISOString(),
      )
    },

    /** Forgets the motion of a still (it no longer has one). True when there was one. */
    remove(assetId: number): boolean {
      return sql(`DELETE FROM asset_motion WHERE asset_id = ?`).run(assetId).changes > 0
    },

    of(assetId: number): StoredMotion | null {
      return (sql(`SELECT ${COLUMNS} FROM asset_motion WHERE asset_id = ?`).get(assetId) as StoredMotion | undefined) ?? null
    },

    /** Every still with a motion part, by asset id (for listings such as `assets --json`). */
    all(): Map<number, StoredMotion> {
      const rows = sql(`SELECT ${COLUMNS} FROM asset_motion`).all() as StoredMotion[]
      return new Map(rows.map((r) => [r.assetId, r]))
    },

    /** The MOVs of live photos at or under a folder (`dir` ends without a separator). */
    liveMoviesUnder(dir: string): string[] {
      const prefix = folderPrefix(dir)
      return (
        sql(`SELECT path FROM asset_motion WHERE kind = 'live-photo' AND substr(path, 1, ?) = ?`).all(prefix.length, prefix) as { path: string }[]
      ).map((r) => r.path)
    },

    /** Live photos whose MOV is this file. */
    stillsWithMovieAt(path: string): number[] {
      return (sql(`SELECT asset_id AS id FROM asset_motion WHERE kind = 'live-photo' AND path = ?`).all(path) as { id: number }[]).map((r) => r.id)
    },
  }
}

export type MotionRepository = ReturnType<typeof createMotionRepository>
