// Online backups of the catalog (SQLite's backup API), kept N, daily and before every migration; and
// restore, which swaps a checked backup in with a restore point to fall back on.
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { BackupInfo, BackupKind, BackupOverview, BackupSettings, RestoreResult } from '../../shared/backup'
import { createBackupRepository, migrate, openDatabase, type Db, type Migration } from '../catalog'
import { thumbPath } from '../ingest'
import { backupFolder, backupInfo, commitFile, headerSchemaVersion, listBackups, newBackupPath, pruneBackups, readBackupSettings, writeBackupSettings } from './backup-files'

const DAY_MS = 24 * 3600 * 1000
/** How often a running app looks whether the daily backup is due (a sleeping laptop misses timers). */
const SCHEDULE_CHECK_MS = 3600 * 1000
/**
 * Pages copied per step of a backup of the running app's catalog (4 MB of 4 KiB pages): the event
 * loop is free between steps, and writes the app makes meanwhile go through the same connection,
 * so SQLite carries them into the copy instead of starting it over.
 */
const PAGES_PER_STEP = 1000
/** Everything in one step: a consistent snapshot when another process may be writing (its writes would restart a stepped copy). */
const ALL_PAGES = 0x7fffffff

/** A backup that cannot be restored; nothing was changed. */
export class BackupRefusedError extends Error {
  override name = 'BackupRefusedError'
  readonly code = 'invalid-backup'
}

function latestVersion(migrations: Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version
}

/**
 * Checks a backup before anything is changed: a SQLite file holding a PhotoHouse catalog, every page
 * and index sound (integrity_check), of a schema this PhotoHouse knows (older is fine: it is
 * migrated after the swap). Returns its schema version.
 */
export function checkBackup(path: string, migrations: Migration[]): number {
  const file = resolve(path)
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupRefusedError(`No backup at ${file}`)
  if (headerSchemaVersion(file) === null) throw new BackupRefusedError(`${file} is not a SQLite database (damaged or not a backup); nothing was changed`)
  let db: Db | undefined
  try {
    db = openDatabase(file, { readonly: true })
    const repo = createBackupRepository(db)
    const problems = repo.integrityProblems()
    if (problems.length > 0) throw new BackupRefusedError(`The backup ${file} is damaged (${problems.slice(0, 3).join('; ')}); nothing was changed`)
    if (!repo.looksLikeCatalog()) throw new BackupRefusedError(`${file} is not a PhotoHouse catalog; nothing was changed`)
    const version = repo.schemaVersion()
    const latest = latestVersion(migrations)
    if (version > latest) throw new BackupRefusedError(`The backup ${file} was made by a newer PhotoHouse (catalog version ${version}; this one knows up to ${latest}); nothing was changed`)
    return version
  } catch (e) {
    if (e instanceof BackupRefusedError) throw e
    throw new BackupRefusedError(`The backup ${file} cannot be read (${(e as Error).message}); nothing was changed`)
  } finally {
    db?.close()
  }
}

/** Backups are single files in rollback-journal mode: no -wal beside them to lose when copied away. */
function finishBackupFile(tmp: string, path: string): void {
  const copy = openDatabase(tmp)
  try {
    createBackupRepository(copy).useRollbackJournal()
  } finally {
    copy.close()
  }
  commitFile(tmp, path)
}

/**
 * Copies a catalog connection's database into a new backup file with SQLite's backup API. `stepped`:
 * a few MB per step, the event loop free between them (the running app); otherwise one step.
 * `pagesPerStep` overrides the step (tests: writes between many small steps).
 */
export async function writeBackup(db: Db, libraryDir: string, kind: BackupKind, options: { now?: Date; stepped?: boolean; pagesPerStep?: number } = {}): Promise<BackupInfo> {
  const version = createBackupRepository(db).schemaVersion()
  const path = newBackupPath(libraryDir, options.now ?? new Date(), version, kind)
  const tmp = `${path}.partial`
  try {
    const pages = options.pagesPerStep ?? (options.stepped ? PAGES_PER_STEP : ALL_PAGES)
    await db.backup(tmp, { progress: () => pages })
    finishBackupFile(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    rmSync(`${tmp}-wal`, { force: true })
    rmSync(`${tmp}-shm`, { force: true })
    throw e
  }
  pruneBackups(libraryDir)
  const info = backupInfo(path)
  if (!info) throw new Error(`The backup ${path} vanished as it was written`)
  return info
}

/**
 * The catalog as it is, before migrations change its schema: synchronous (opening a catalog is),
 * hence VACUUM INTO rather than the backup API; a brand-new catalog (version 0) has nothing to keep.
 */
export function backupBeforeMigration(db: Db, libraryDir: string, migrations: Migration[], now = new Date()): BackupInfo | null {
  const repo = createBackupRepository(db)
  const version = repo.schemaVersion()
  if (version === 0 || version >= latestVersion(migrations)) return null
  const path = newBackupPath(libraryDir, now, version, 'pre-migration')
  const tmp = `${path}.partial`
  try {
    repo.vacuumInto(tmp)
    finishBackupFile(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw new Error(`Could not back up the catalog before upgrading it (${(e as Error).message}); nothing was changed`)
  }
  pruneBackups(libraryDir)
  return backupInfo(path)
}

/**
 * Copies a backup file into the open catalog with the backup API, the backup as source and the
 * catalog as destination: SQLite writes it as ONE transaction on the catalog, so a failure part way
 * leaves the catalog as it was, and the app's connection (with every repository's prepared
 * statements) stays open and sees the restored catalog once it commits.
 */
async function copyIntoCatalog(source: string, catalogFile: string): Promise<void> {
  const from = openDatabase(source, { readonly: true })
  try {
    await from.backup(catalogFile, { progress: () => ALL_PAGES })
  } finally {
    from.close()
  }
}

export interface BackupServiceDeps {
  db: Db
  libraryDir: string
  catalogFile: string
  migrations: Migration[]
  now?: () => Date
  log: (message: string) => void
  /**
   * The running app around a restore: `pause` stops everything that writes to the catalog or holds
   * what is derived from it (task workers, watchers, vector indexes); `resume` rebuilds what is
   * derived and starts them again.
   */
  pause(): Promise<void>
  resume(): void
  /** The thumbnail cache, and how to queue thumbnails: a restored photo whose thumbnails left the cache since the backup gets them again. */
  cacheDir: string
  thumbnailsNeeded(assetIds: number[]): void
}

export function createBackupService(deps: BackupServiceDeps) {
  const now = deps.now ?? (() => new Date())
  // One backup or restore at a time: a restore must not swap the catalog under a running backup.
  let chain: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn)
    chain = run.catch(() => undefined)
    return run
  }
  let timer: NodeJS.Timeout | undefined

  const create = (kind: BackupKind = 'manual'): Promise<BackupInfo> => serial(() => writeBackup(deps.db, deps.libraryDir, kind, { now: now(), stepped: true }))

  const service = {
    overview(): BackupOverview {
      return { backups: listBackups(deps.libraryDir), settings: readBackupSettings(deps.libraryDir), folder: backupFolder(deps.libraryDir), schemaVersion: latestVersion(deps.migrations) }
    },
    setSettings(change: { folder?: string | null; keep?: number }): BackupSettings {
      const settings = writeBackupSettings(deps.libraryDir, change)
      if (change.keep !== undefined) pruneBackups(deps.libraryDir)
      return settings
    },
    create,
    /** The daily backup, when the newest backup (of any kind) is a day old or there is none. */
    async dailyIfDue(): Promise<BackupInfo | null> {
      const newest = listBackups(deps.libraryDir)[0]
      if (newest && now().getTime() - Date.parse(newest.createdAt) < DAY_MS) return null
      return create('daily')
    },
    /** Daily backups while the app runs: one now if due, then a look every hour. */
    startSchedule(): void {
      if (timer) return
      const tick = () => {
        service.dailyIfDue().catch((e: unknown) => deps.log(`the daily backup failed: ${(e as Error).message}`))
      }
      tick()
      timer = setInterval(tick, SCHEDULE_CHECK_MS)
      timer.unref()
    },
    /** Stops the schedule and waits for a backup or restore under way. */
    async close(): Promise<void> {
      if (timer) clearInterval(timer)
      timer = undefined
      await chain
    },
    /**
     * Replaces the catalog with a backup: checks it (refused: nothing changed), stops the app's
     * workers, takes a restore point of the catalog as it is, swaps the backup in, migrates it to
     * this version, checks the result and starts the app again; on any failure after the restore
     * point, the restore point goes back in.
     */
    restore(path: string): Promise<RestoreResult> {
      const source = resolve(path)
      return serial(async () => {
        const migratedFrom = checkBackup(source, deps.migrations)
        const restored = backupInfo(source) ?? { path: source, bytes: statSync(source).size, createdAt: statSync(source).mtime.toISOString(), schemaVersion: migratedFrom, kind: 'manual' as const }
        await deps.pause()
        let restorePoint: BackupInfo
        try {
          // Taken with the workers stopped: exactly the catalog the restore replaces.
          restorePoint = await writeBackup(deps.db, deps.libraryDir, 'restore-point', { now: now() })
        } catch (e) {
          deps.resume()
          throw new Error(`Could not make a restore point of the current catalog (${(e as Error).message}); nothing was changed. A damaged catalog is restored from the command line: close PhotoHouse and run \`photohouse backup restore <path>\``)
        }
        let migratedTo: number
        try {
          await copyIntoCatalog(source, deps.catalogFile)
          migratedTo = migrate(deps.db, deps.migrations).to
          const problems = createBackupRepository(deps.db).integrityProblems(5)
          if (problems.length > 0) throw new Error(`the restored catalog failed its check (${problems.join('; ')})`)
        } catch (e) {
          try {
            await copyIntoCatalog(restorePoint.path, deps.catalogFile)
            migrate(deps.db, deps.migrations)
          } catch (rollback) {
            deps.log(`rolling back a failed restore failed: ${(rollback as Error).message}`)
            throw new Error(`The restore failed (${(e as Error).message}) and so did putting the catalog back (${(rollback as Error).message}); the catalog as it was is in ${restorePoint.path}`)
          } finally {
            deps.resume()
          }
          throw new Error(`The restore failed (${(e as Error).message}); the catalog is as it was`)
        }
        // Photos the backup has whose thumbnails were deleted since (emptied from the trash, purged).
        const gone = createBackupRepository(deps.db)
          .assetsWithThumbnails()
          .filter((a) => !existsSync(thumbPath(deps.cacheDir, a.sha256, 'grid')) || !existsSync(thumbPath(deps.cacheDir, a.sha256, 'preview')))
          .map((a) => a.id)
        if (gone.length > 0) deps.thumbnailsNeeded(gone)
        deps.resume()
        deps.log(`restored ${source} (catalog version ${migratedFrom}${migratedTo !== migratedFrom ? `, upgraded to ${migratedTo}` : ''}); restore point ${restorePoint.path}`)
        return { restored, restorePoint, migratedFrom, migratedTo }
      })
    },
  }
  return service
}

export type BackupService = ReturnType<typeof createBackupService>

/**
 * Restore without a running app (the CLI), which works when the catalog is missing or corrupt:
 * checks the backup, keeps the current catalog as a restore point (a copy of its files when SQLite
 * cannot read it), migrates a copy of the backup beside the catalog, then swaps it in by rename.
 * The caller holds the library lock. Derived files (vector indexes) are removed by the caller.
 */
export async function restoreCatalogFile(options: { libraryDir: string; catalogFile: string; source: string; migrations: Migration[]; now?: Date }): Promise<RestoreResult> {
  const { libraryDir, catalogFile, migrations } = options
  const source = resolve(options.source)
  const migratedFrom = checkBackup(source, migrations)
  const restored = backupInfo(source) ?? { path: source, bytes: statSync(source).size, createdAt: statSync(source).mtime.toISOString(), schemaVersion: migratedFrom, kind: 'manual' as const }
  const now = options.now ?? new Date()
  const restorePoint = await restorePointOf(catalogFile, libraryDir, now)

  // The backup is copied, migrated and checked beside the catalog first: only a good catalog is swapped in.
  const incoming = `${catalogFile}.restoring`
  for (const f of [incoming, `${incoming}-wal`, `${incoming}-shm`]) rmSync(f, { force: true })
  let migratedTo: number
  try {
    copyFileSync(source, incoming)
    const db = openDatabase(incoming)
    try {
      migratedTo = migrate(db, migrations).to
      const problems = createBackupRepository(db).integrityProblems(5)
      if (problems.length > 0) throw new Error(`the restored catalog failed its check (${problems.join('; ')})`)
      // One file to rename: the WAL folded in (closing the last connection also removes it).
      createBackupRepository(db).useRollbackJournal()
    } finally {
      db.close()
    }
  } catch (e) {
    for (const f of [incoming, `${incoming}-wal`, `${incoming}-shm`]) rmSync(f, { force: true })
    throw new Error(`The restore failed (${(e as Error).message}); the catalog is as it was`)
  }

  // The swap: the old catalog's files step aside (its -wal must never pair with the new file), the
  // new one takes its name; if that fails, the old ones step back.
  const aside = `${catalogFile}.replaced`
  const moved: [string, string][] = []
  try {
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(catalogFile + suffix)) {
        renameSync(catalogFile + suffix, aside + suffix)
        moved.push([catalogFile + suffix, aside + suffix])
      }
    }
    commitFile(incoming, catalogFile)
  } catch (e) {
    for (const [from, to] of moved.reverse()) renameSync(to, from)
    rmSync(incoming, { force: true })
    throw new Error(`The restore failed swapping the files (${(e as Error).message}); the catalog is as it was`)
  }
  for (const [, to] of moved) rmSync(to, { force: true })
  pruneBackups(libraryDir)
  return { restored, restorePoint, migratedFrom, migratedTo }
}

/**
 * The restore point of a catalog about to be replaced offline: a backup through SQLite when it can
 * read the catalog, else a copy of its files as they are (kept, though no restore would accept it).
 */
async function restorePointOf(catalogFile: string, libraryDir: string, now: Date): Promise<BackupInfo | null> {
  if (!existsSync(catalogFile)) return null
  try {
    const db = openDatabase(catalogFile, { readonly: true })
    try {
      if (createBackupRepository(db).integrityProblems(1).length === 0) return await writeBackup(db, libraryDir, 'restore-point', { now })
    } finally {
      db.close()
    }
  } catch {
    // Unreadable: copied as it is, below.
  }
  const path = newBackupPath(libraryDir, now, headerSchemaVersion(catalogFile) ?? 0, 'restore-point')
  copyFileSync(catalogFile, `${path}.partial`)
  // SQLite pairs `<name>-wal` with `<name>`: the copy keeps whatever the damaged catalog's WAL held.
  if (existsSync(`${catalogFile}-wal`) && statSync(`${catalogFile}-wal`).size > 0) copyFileSync(`${catalogFile}-wal`, `${path}-wal`)
  commitFile(`${path}.partial`, path)
  return backupInfo(path)
}
