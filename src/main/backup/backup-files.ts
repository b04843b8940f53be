// Where backups live, what they are called, and which are kept. No SQLite here: listing and pruning
// must work when the catalog itself is missing or corrupt (the CLI's restore lists them then).
import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { z } from 'zod'
import { BACKUP_KINDS, DEFAULT_BACKUPS_KEPT, type BackupInfo, type BackupKind, type BackupSettings } from '../../shared/backup'

/**
 * The backup settings live beside the catalog, not in it: a restore must not change where backups
 * go or how many are kept, and a corrupt catalog must still find its backups.
 */
const SETTINGS_FILE = 'backup-settings.json'

const StoredSettings = z.object({
  folder: z.string().min(1).nullable().default(null),
  keep: z.number().int().min(1).max(1000).default(DEFAULT_BACKUPS_KEPT),
  /** Tells this library's backups from another's in a folder both were pointed at. */
  libraryId: z.string().regex(/^[0-9a-f]{8}$/),
})
type StoredSettings = z.infer<typeof StoredSettings>

export function defaultBackupFolder(libraryDir: string): string {
  return join(libraryDir, 'backups')
}

function readStored(libraryDir: string): StoredSettings | null {
  try {
    const parsed = StoredSettings.safeParse(JSON.parse(readFileSync(join(libraryDir, SETTINGS_FILE), 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function writeStored(libraryDir: string, value: StoredSettings): void {
  mkdirSync(libraryDir, { recursive: true })
  const file = join(libraryDir, SETTINGS_FILE)
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(value, null, 2))
  renameSync(tmp, file)
}

function stored(libraryDir: string): StoredSettings {
  return readStored(libraryDir) ?? { folder: null, keep: DEFAULT_BACKUPS_KEPT, libraryId: randomBytes(4).toString('hex') }
}

export function readBackupSettings(libraryDir: string): BackupSettings {
  const { folder, keep } = stored(libraryDir)
  return { folder, keep }
}

export function writeBackupSettings(libraryDir: string, change: { folder?: string | null; keep?: number }): BackupSettings {
  const current = stored(libraryDir)
  const next: StoredSettings = {
    ...current,
    ...(change.folder !== undefined ? { folder: change.folder === null ? null : resolve(change.folder) } : {}),
    ...(change.keep !== undefined ? { keep: change.keep } : {}),
  }
  if (next.folder !== null) {
    // A folder that cannot take a file is refused now, not at 3 a.m. by the daily backup.
    mkdirSync(next.folder, { recursive: true })
    const probe = join(next.folder, `.photohouse-probe-${process.pid}`)
    writeFileSync(probe, '')
    rmSync(probe, { force: true })
  }
  writeStored(libraryDir, next)
  return { folder: next.folder, keep: next.keep }
}

/** Where new backups go. */
export function backupFolder(libraryDir: string): string {
  return stored(libraryDir).folder ?? defaultBackupFolder(libraryDir)
}

const NAME = /^photohouse-([0-9a-f]{8})-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-v(\d+)-([a-z-]+)\.sqlite$/

function parseName(file: string): { libraryId: string; createdAt: string; schemaVersion: number; kind: BackupKind } | null {
  const m = NAME.exec(file)
  if (!m) return null
  const kind = m[8] as BackupKind
  if (!BACKUP_KINDS.includes(kind)) return null
  return { libraryId: m[1]!, createdAt: `${m[2]}T${m[3]}:${m[4]}:${m[5]}.${m[6]}Z`, schemaVersion: Number(m[7]), kind }
}

/**
 * A new backup's path, named with its time and schema version (so a list needs to open no file).
 * Makes sure the library has its id before the first backup names it.
 */
export function newBackupPath(libraryDir: string, at: Date, schemaVersion: number, kind: BackupKind): string {
  let settings = readStored(libraryDir)
  if (!settings) {
    settings = stored(libraryDir)
    writeStored(libraryDir, settings)
  }
  const folder = settings.folder ?? defaultBackupFolder(libraryDir)
  mkdirSync(folder, { recursive: true })
  // Names sort in the order backups were made, which pruning relies on: a backup in the same
  // millisecond as the newest (a restore point right after a manual one), or a clock set back, takes
  // the next millisecond after it.
  const newest = backupsIn(folder, null).reduce((max, b) => Math.max(max, Date.parse(b.createdAt)), -Infinity)
  for (let t = Math.max(at.getTime(), newest + 1); ; t++) {
    const stamp = new Date(t).toISOString().replace(/[:.]/g, '-')
    const path = join(folder, `photohouse-${settings.libraryId}-${stamp}-v${schemaVersion}-${kind}.sqlite`)
    if (!existsQuietly(path)) return path
  }
}

function existsQuietly(path: string): boolean {
  try {
    statSync(path)
    return true
  } catch {
    return false
  }
}

/** Describes a backup file by its name (null for a file that is not one of ours). */
export function backupInfo(path: string): BackupInfo | null {
  const parsed = parseName(basename(path))
  if (!parsed) return null
  try {
    return { path, bytes: statSync(path).size, createdAt: parsed.createdAt, schemaVersion: parsed.schemaVersion, kind: parsed.kind }
  } catch {
    return null
  }
}

function backupsIn(folder: string, libraryId: string | null): BackupInfo[] {
  let files: string[]
  try {
    files = readdirSync(folder)
  } catch {
    return []
  }
  return files
    .filter((f) => {
      const parsed = parseName(f)
      return parsed !== null && (libraryId === null || parsed.libraryId === libraryId)
    })
    .map((f) => backupInfo(join(folder, f)))
    .filter((b): b is BackupInfo => b !== null)
}

/**
 * This library's backups, newest first: those in the chosen folder and in the library's own
 * `backups/` (so changing the folder hides none). In the library's own folder every backup is this
 * library's; in a chosen folder, which several libraries may share, only those with its id.
 */
export function listBackups(libraryDir: string): BackupInfo[] {
  const settings = readStored(libraryDir)
  const own = defaultBackupFolder(libraryDir)
  const found = backupsIn(own, null)
  if (settings?.folder && resolve(settings.folder) !== resolve(own)) found.push(...backupsIn(settings.folder, settings.libraryId))
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.path.localeCompare(a.path))
}

/**
 * Keeps the newest `keep` backups of the folder new backups go to (every kind counts alike: a
 * pre-migration backup or a restore point is kept while it is among the newest), deletes the rest.
 * Returns the deleted paths.
 */
export function pruneBackups(libraryDir: string): string[] {
  const settings = readStored(libraryDir)
  const folder = settings?.folder ?? defaultBackupFolder(libraryDir)
  const mine = backupsIn(folder, settings?.folder ? settings.libraryId : null).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.path.localeCompare(a.path))
  removeStalePartials(folder)
  const doomed = mine.slice(settings?.keep ?? DEFAULT_BACKUPS_KEPT)
  for (const b of doomed) {
    rmSync(b.path, { force: true })
    // The WAL kept beside the raw copy of a damaged catalog goes with it.
    rmSync(`${b.path}-wal`, { force: true })
  }
  return doomed.map((b) => b.path)
}

/**
 * A backup cut short by a crash or a kill leaves its `.partial` copy behind: one a day old is no
 * backup under way (the largest catalogs take seconds), so it goes.
 */
function removeStalePartials(folder: string): void {
  let files: string[]
  try {
    files = readdirSync(folder)
  } catch {
    return
  }
  const dayAgo = Date.now() - 24 * 3600 * 1000
  for (const f of files) {
    if (!/^photohouse-[0-9a-f]{8}-.*\.sqlite\.partial(-wal|-shm)?$/.test(f)) continue
    try {
      if (statSync(join(folder, f)).mtimeMs < dayAgo) rmSync(join(folder, f), { force: true })
    } catch {
      // Gone meanwhile.
    }
  }
}

/** Makes a finished temporary file the backup at `path`: flushed to disk first, then renamed in one step. */
export function commitFile(tmp: string, path: string): void {
  const fd = openSync(tmp, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
  if (process.platform !== 'win32') {
    // The rename itself is durable only once the folder is.
    const dir = openSync(dirname(path), 'r')
    try {
      fsyncSync(dir)
    } finally {
      closeSync(dir)
    }
  }
}

/**
 * The schema version written in a SQLite file's header (user_version, bytes 60-63), read without
 * SQLite: for naming the restore point of a catalog SQLite can no longer open. null: not SQLite.
 */
export function headerSchemaVersion(file: string): number | null {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch {
    return null
  }
  try {
    const header = Buffer.alloc(100)
    if (readSync(fd, header, 0, 100, 0) < 100) return null
    if (header.toString('latin1', 0, 16) !== 'SQLite format 3\0') return null
    return header.readUInt32BE(60)
  } finally {
    closeSync(fd)
  }
}
