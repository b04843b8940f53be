// `photohouse backup create|list|restore`: catalog backups from the command line, over the same
// backup code as the app. None of them migrates or even needs a sound catalog first: `restore` is
// how a missing or damaged catalog comes back.
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { BackupInfo, RestoreResult } from '../../shared/backup'
import { catalogPath } from '../app'
import { listBackups, restoreCatalogFile, writeBackup } from '../backup'
import { loadMigrations, openDatabase } from '../catalog'
import { appRoot } from '../platform/app-root'
import { acquireLibraryLock, LibraryLockedError } from '../platform/library-lock'
import type { CliIo } from './albums'

export const BACKUP_USAGE = `  backup create [--json]           back up the catalog now (beside a running app too): {"path","bytes","createdAt"}
  backup list [--json]             this library's backups, newest first
  backup restore <path> [--json]   replace the catalog with a backup (the current one is kept as a
                                   restore point); works when the catalog is missing or damaged`

const row = (b: BackupInfo) => ({ path: b.path, bytes: b.bytes, createdAt: b.createdAt, schemaVersion: b.schemaVersion, kind: b.kind })

export async function runBackup(libraryDir: string, args: string[], options: { json: boolean }, io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  switch (sub) {
    case 'create':
      return create(libraryDir, options.json, io)
    case 'list': {
      const rows = listBackups(libraryDir).map(row)
      if (options.json) io.write(JSON.stringify(rows, null, 2))
      else if (rows.length === 0) io.write('No backups yet.')
      else for (const b of rows) io.write(`${b.createdAt}\t${b.kind}\tv${b.schemaVersion}\t${b.bytes} bytes\t${b.path}`)
      return 0
    }
    case 'restore': {
      const [path] = rest
      if (path === undefined || rest.length > 1) throw io.usage('backup restore <path>')
      const result = await restore(libraryDir, path)
      if (options.json) io.write(JSON.stringify({ restored: row(result.restored), restorePoint: result.restorePoint && row(result.restorePoint), migratedFrom: result.migratedFrom, migratedTo: result.migratedTo }, null, 2))
      else {
        io.write(`Restored ${result.restored.path} (catalog version ${result.migratedFrom}${result.migratedTo !== result.migratedFrom ? `, upgraded to ${result.migratedTo}` : ''}).`)
        io.write(result.restorePoint ? `The catalog it replaced is kept as ${result.restorePoint.path}` : 'There was no catalog to keep.')
      }
      return 0
    }
    default:
      throw io.usage(`Unknown backup command: ${sub ?? '(none)'}`)
  }
}

/**
 * Through a read-only connection and in one step of the backup API: a consistent copy even while
 * the app writes (no lock is taken), and a catalog of another version is copied as it is.
 */
async function create(libraryDir: string, json: boolean, io: CliIo): Promise<number> {
  const file = catalogPath(libraryDir)
  if (!existsSync(file)) throw new Error(`No PhotoHouse library at ${libraryDir} (nothing to back up)`)
  const db = openDatabase(file, { readonly: true })
  let info: BackupInfo
  try {
    info = await writeBackup(db, libraryDir, 'manual')
  } finally {
    db.close()
  }
  io.write(json ? JSON.stringify({ path: info.path, bytes: info.bytes, createdAt: info.createdAt }) : `Backed up to ${info.path} (${info.bytes} bytes)`)
  return 0
}

async function restore(libraryDir: string, path: string): Promise<RestoreResult> {
  let lock: { release(): void }
  try {
    lock = acquireLibraryLock(libraryDir)
  } catch (e) {
    if (e instanceof LibraryLockedError) throw new Error(`${e.message} While PhotoHouse runs, restore from its Settings → Backups.`)
    throw e
  }
  try {
    const result = await restoreCatalogFile({ libraryDir, catalogFile: catalogPath(libraryDir), source: path, migrations: loadMigrations(join(appRoot(), 'migrations')) })
    // Derived from the catalog it replaced: the app rebuilds the vector indexes from the restored one.
    rmSync(join(libraryDir, 'vectors'), { recursive: true, force: true })
    return result
  } finally {
    lock.release()
  }
}
