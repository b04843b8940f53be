// Backup and restore of the catalog (issue 14): types and input schemas shared by main and renderer.
import { z } from 'zod'

/**
 * Why a backup was made. `restore-point`: the catalog as it was just before a restore replaced it;
 * `pre-migration`: the catalog of the older version, taken before an upgrade changed its schema.
 */
export const BACKUP_KINDS = ['manual', 'daily', 'pre-migration', 'restore-point'] as const
export type BackupKind = (typeof BACKUP_KINDS)[number]

export const DEFAULT_BACKUPS_KEPT = 14

export interface BackupInfo {
  path: string
  bytes: number
  /** ISO time the backup was taken (from its file name, so copies keep it). */
  createdAt: string
  /** The catalog schema version (user_version) inside it. */
  schemaVersion: number
  kind: BackupKind
}

export interface BackupSettings {
  /** The folder the user picked (another drive), or null: the library folder's `backups/`. */
  folder: string | null
  /** How many backups are kept; older ones are deleted after each new one. */
  keep: number
}

export interface BackupOverview {
  backups: BackupInfo[]
  settings: BackupSettings
  /** Where new backups go now. */
  folder: string
  /** The schema version this PhotoHouse writes: a backup newer than this cannot be restored. */
  schemaVersion: number
}

export interface RestoreResult {
  restored: BackupInfo
  /** The catalog as it was before the restore (restore it to undo the restore); null: there was none. */
  restorePoint: BackupInfo | null
  /** The backup's schema version, and the version it was brought to after the swap. */
  migratedFrom: number
  migratedTo: number
}

const FolderPath = z.string().min(1).max(4096)

export const BackupInputs = {
  list: z.object({}).strict(),
  create: z.object({}).strict(),
  /** Replaces the catalog with a backup; `confirm` because everything done since is undone. */
  restore: z.object({ path: FolderPath, confirm: z.literal(true) }).strict(),
  setSettings: z
    .object({
      folder: FolderPath.nullable().optional(),
      keep: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
}
