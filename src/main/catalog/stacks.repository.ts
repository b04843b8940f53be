// Stacks (migration 0016): derived from the catalog and replaced whole by each recompute.
import type { AssetSummary } from '../../shared/domain'
import { statementCache, type Db } from './connection'
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './assets.repository'

export type StackKind = 'burst' | 'same-name'

/** A photo with an EXIF capture time and camera, for burst detection. */
export interface BurstCandidate {
  id: number
  make: string
  model: string
  sortMs: number
}

export interface StackRow {
  kind: StackKind
  /** Members in order, the cover first. */
  assetIds: number[]
}

const SHOWN = `a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL`
// Stacks are computed from what ingest reads (camera, date, name), before the thumbnails are made.
const KNOWN = `a.state <> 'error' AND a.missing_since IS NULL AND a.trashed_at IS NULL`

export function createStacksRepository(db: Db) {
  const sql = statementCache(db)
  return {
    /** Shown photos whose camera and capture time are known, by camera then time. */
    burstCandidates(): BurstCandidate[] {
      return sql(
        `SELECT a.id, a.make, a.model, a.sort_ms AS sortMs FROM assets a
         WHERE ${KNOWN} AND a.taken_at IS NOT NULL AND a.make IS NOT NULL AND a.model IS NOT NULL
         ORDER BY a.make, a.model, a.sort_ms, a.id`,
      ).all() as BurstCandidate[]
    },

    /** Every path of a shown photo, with the photo's MIME type. */
    paths(): { id: number; path: string; mime: string | null }[] {
      return sql(
        `SELECT l.asset_id AS id, l.path, a.mime FROM locations l JOIN assets a ON a.id = l.asset_id WHERE ${KNOWN} ORDER BY l.path`,
      ).all() as { id: number; path: string; mime: string | null }[]
    },

    /** Changes whenever a photo is added, removed or changed: a recompute that saw it change runs again. */
    version(): string {
      const r = sql(`SELECT count(*) AS n, max(updated_at) AS at FROM assets`).get() as { n: number; at: string | null }
      return `${r.n}:${r.at ?? ''}`
    },

    /** Replaces every stack with these (one transaction: readers see the old set or the new one). */
    replaceAll(stacks: readonly StackRow[]): void {
      db.transaction(() => {
        sql(`DELETE FROM stack_members`).run()
        sql(`DELETE FROM stacks`).run()
        const insertStack = sql(`INSERT INTO stacks (kind, cover_asset_id) VALUES (?, ?)`)
        const insertMember = sql(`INSERT INTO stack_members (asset_id, stack_id, position) VALUES (?, ?, ?)`)
        for (const stack of stacks) {
          const id = Number(insertStack.run(stack.kind, stack.assetIds[0]).lastInsertRowid)
          stack.assetIds.forEach((assetId, position) => insertMember.run(assetId, id, position))
        }
      })()
    },

    /** The stack a photo is in, with its shown members in order (hidden ones too). */
    of(assetId: number): { id: number; kind: StackKind; coverAssetId: number; assets: AssetSummary[] } | null {
      const stack = sql(
        `SELECT s.id, s.kind, s.cover_asset_id AS coverAssetId FROM stack_members m JOIN stacks s ON s.id = m.stack_id WHERE m.asset_id = ?`,
      ).get(assetId) as { id: number; kind: StackKind; coverAssetId: number } | undefined
      if (!stack) return null
      const members = (
        sql(
          `SELECT ${SUMMARY_COLUMNS} FROM stack_members m JOIN assets a ON a.id = m.asset_id WHERE m.stack_id = ? AND ${SHOWN} ORDER BY m.position`,
        ).all(stack.id) as SummaryRow[]
      ).map(toSummary)
      return { ...stack, assets: members }
    },

    /**
     * The stacks these photos are in, with every member still in the library (hidden ones too, not
     * trashed or missing ones), in stack order.
     */
    stacksOf(assetIds: readonly number[]): { coverId: number; assetIds: number[] }[] {
      const rows = sql(
        `SELECT s.cover_asset_id AS coverId, m.asset_id AS assetId FROM stack_members m JOIN stacks s ON s.id = m.stack_id JOIN assets a ON a.id = m.asset_id
         WHERE m.stack_id IN (SELECT stack_id FROM stack_members WHERE asset_id IN (SELECT value FROM json_each(?)))
           AND a.missing_since IS NULL AND a.trashed_at IS NULL
         ORDER BY m.stack_id, m.position`,
      ).all(JSON.stringify([...new Set(assetIds)])) as { coverId: number; assetId: number }[]
      const out = new Map<number, number[]>()
      for (const r of rows) out.set(r.coverId, [...(out.get(r.coverId) ?? []), r.assetId])
      return [...out].map(([coverId, ids]) => ({ coverId, assetIds: ids }))
    },

    /** How many shown photos the stacks of these cover photos hold (covers of no stack are absent). */
    counts(coverIds: readonly number[]): Map<number, number> {
      const out = new Map<number, number>()
      const count = sql(
        `SELECT count(*) AS n FROM stacks s JOIN stack_members m ON m.stack_id = s.id JOIN assets a ON a.id = m.asset_id
         WHERE s.cover_asset_id = ? AND ${SHOWN}`,
      )
      for (const id of new Set(coverIds)) {
        const { n } = count.get(id) as { n: number }
        if (n > 1) out.set(id, n)
      }
      return out
    },
  }
}

export type StacksRepository = ReturnType<typeof createStacksRepository>
