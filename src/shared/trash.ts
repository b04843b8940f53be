// Trash (issue 12): types and input schemas shared by main and renderer. Pure TypeScript + zod.
import { z } from 'zod'
import { AssetId, type AssetSummary } from './domain'

/** How long a photo stays in the trash before it leaves the catalog (its file stays on disk). */
export const TRASH_RETENTION_DAYS = 30

const TrashIds = z.array(AssetId).min(1).max(100_000)

export const TrashInputs = {
  move: z.object({ ids: TrashIds }).strict(),
  restore: z.object({ ids: TrashIds }).strict(),
  /** Restores every photo in the trash. */
  restoreAll: z.object({}).strict(),
  list: z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000) }).strict(),
  /**
   * Removes trashed photos from the catalog (all of them, or `ids`). Their files stay on disk unless
   * `deleteFiles`, which moves them to the operating system's trash (never deletes them).
   */
  empty: z
    .object({
      ids: TrashIds.optional(),
      deleteFiles: z.boolean(),
      confirm: z.literal(true),
    })
    .strict(),
}

export interface TrashItem {
  asset: AssetSummary
  trashedAt: string
  /** Whole days until it leaves the catalog on its own (0: at the next start). */
  daysLeft: number
}

export interface TrashPage {
  items: TrashItem[]
  /** Photos in the trash in all. */
  total: number
}

export interface TrashFailure {
  path: string
  reason: string
}

export interface TrashEmptied {
  /** Photos removed from the catalog. */
  removed: number
  /** Original files moved to the operating system's trash. */
  filesTrashed: number
  /** Files that could not be moved to the OS trash (the rest went on); their photos stay removed. */
  failures: TrashFailure[]
}
