// What an export reads of the catalog: for each photo, its content id, type and the files holding it.
import { statementCache, type Db } from './connection'

export interface ExportFileRow {
  assetId: number
  sha256: string
  mime: string | null
  /** Every path holding the photo's bytes (first the ones seen most recently). */
  locations: { path: string; size: number; mtimeMs: number }[]
  /** A live photo's video (the MOV beside it), exported with the original. */
  livePhotoVideo: string | null
}

export function createExportRepository(db: Db) {
  const sql = statementCache(db)
  return {
    /** The photos of `assetIds` that exist, in the order asked (duplicates dropped). */
    filesOf(assetIds: readonly number[]): ExportFileRow[] {
      const asset = sql(`SELECT id, sha256, mime FROM assets WHERE id = ?`)
      const locations = sql(`SELECT path, size, mtime_ms AS mtimeMs FROM locations WHERE asset_id = ? ORDER BY seen_at DESC, path`)
      const live = sql(`SELECT path FROM asset_motion WHERE asset_id = ? AND kind = 'live-photo'`)
      const out: ExportFileRow[] = []
      for (const id of new Set(assetIds)) {
        const row = asset.get(id) as { id: number; sha256: string; mime: string | null } | undefined
        if (!row) continue
        const video = live.get(id) as { path: string } | undefined
        out.push({ assetId: row.id, sha256: row.sha256, mime: row.mime, locations: locations.all(id) as ExportFileRow['locations'], livePhotoVideo: video?.path ?? null })
      }
      return out
    },
  }
}

export type ExportRepository = ReturnType<typeof createExportRepository>
