import { REMOVED } from './assets.repository'
import { statementCache, type Db } from './connection'

export interface CheckedLocation {
  path: string
  rootId: number
  size: number
  mtimeMs: number
  assetId: number
  sha256: string
  hasThumb: boolean
}

/** What the library check compares with the disk and the caches. */
export function createIntegrityRepository(db: Db) {
  const sql = statementCache(db)
  return {
    /** Every file of a photo the library shows or keeps (not removed tombstones, not assets already known missing). */
    locations(): CheckedLocation[] {
      return (
        sql(
          `SELECT l.path, l.root_id AS rootId, l.size, l.mtime_ms AS mtimeMs, a.id AS assetId, a.sha256, a.has_thumb AS hasThumb
           FROM locations l JOIN assets a ON a.id = l.asset_id
           WHERE a.missing_since IS NULL AND a.error_code IS NOT '${REMOVED}'
           ORDER BY l.id`,
        ).all() as (Omit<CheckedLocation, 'hasThumb'> & { hasThumb: number })[]
      ).map((r) => ({ ...r, hasThumb: r.hasThumb === 1 }))
    },
    /** Ready photos the classifier analysed (or should have) that have no vector of `modelId`. */
    assetsWithoutVector(modelId: string): number[] {
      return (
        sql(
          `SELECT a.id FROM assets a WHERE a.state = 'ready' AND a.missing_since IS NULL AND a.error_code IS NULL
             AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.asset_id = a.id AND e.model_id = ?)
           ORDER BY a.id`,
        ).all(modelId) as { id: number }[]
      ).map((r) => r.id)
    },
  }
}

export type IntegrityRepository = ReturnType<typeof createIntegrityRepository>
