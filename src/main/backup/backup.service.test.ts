// Backups and restores on real libraries: the app's own service, the catalog files it writes, and
// the offline restore the CLI uses on a missing or damaged catalog.
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { catalogPath, createApp, openCatalog } from '../app'
import { loadMigrations, migrate, openDatabase, type Db } from '../catalog'
import { thumbPath } from '../ingest'
import { appRoot } from '../platform/app-root'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { backupInfo, listBackups, pruneBackups, writeBackupSettings } from './backup-files'
import { BackupRefusedError, checkBackup, restoreCatalogFile, writeBackup } from './backup.service'

const migrations = loadMigrations(join(appRoot(), 'migrations'))
const latest = migrations[migrations.length - 1]!.version
const dirs: { cleanup(): void }[] = []
afterAll(() => dirs.forEach((d) => d.cleanup()))

function newDir() {
  const d = tempDir('photohouse-backup-')
  dirs.push(d)
  return d.path
}

function photosIn(dir: string, count = 4): string {
  const sources = Object.values(REAL_PHOTOS)
  for (let i = 0; i < count; i++) copyInto(sources[i % sources.length]!, join(dir, `p${i}${sources[i % sources.length]!.slice(-4)}`))
  return dir
}

function readOnly<T>(file: string, fn: (db: Db) => T): T {
  const db = openDatabase(file, { readonly: true })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

const count = (db: Db, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

/** Consistency a catalog must have whatever moment it was copied at. */
function assertConsistent(file: string): void {
  readOnly(file, (db) => {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
    // Every location belongs to an asset, every ready asset has a location.
    expect((db.prepare(`SELECT count(*) AS n FROM locations l LEFT JOIN assets a ON a.id = l.asset_id WHERE a.id IS NULL`).get() as { n: number }).n).toBe(0)
    expect((db.prepare(`SELECT count(*) AS n FROM assets a WHERE a.state = 'ready' AND NOT EXISTS (SELECT 1 FROM locations l WHERE l.asset_id = a.id)`).get() as { n: number }).n).toBe(0)
  })
}

describe('backups of a running library', () => {
  it('writes a single-file, checked copy named with its time and schema version, and lists it', async () => {
    const root = newDir()
    const library = join(root, 'lib')
    const app = await openAndImport(library, [photosIn(join(root, 'photos'), 3)])
    try {
      const info = await app.backups.create()
      expect(info).toMatchObject({ kind: 'manual', schemaVersion: latest })
      expect(info.bytes).toBe(statSync(info.path).size)
      expect(info.path.startsWith(join(library, 'backups'))).toBe(true)
      expect(basename(info.path)).toMatch(new RegExp(`^photohouse-[0-9a-f]{8}-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z-v${latest}-manual\\.sqlite$`))
      // No -wal to be left behind when the file is copied to another drive.
      expect(existsSync(`${info.path}-wal`)).toBe(false)
      readOnly(info.path, (db) => {
        expect(db.pragma('journal_mode', { simple: true })).toBe('delete')
        expect(count(db, 'assets')).toBe(3)
      })
      expect(checkBackup(info.path, migrations)).toBe(latest)
      const overview = app.backups.overview()
      expect(overview.backups.map((b) => b.path)).toContain(info.path)
      expect(overview.schemaVersion).toBe(latest)
    } finally {
      await app.close()
    }
  })

  it('keeps the newest N of every kind together, in the folder the user picked', async () => {
    const root = newDir()
    const library = join(root, 'lib')
    const elsewhere = join(root, 'other-drive')
    const app = createApp({ libraryDir: library, log: () => {}, now: () => new Date('2026-01-01T00:00:00Z') })
    try {
      app.backups.setSettings({ folder: elsewhere, keep: 3 })
      const made = []
      for (let i = 0; i < 5; i++) made.push(await app.backups.create())
      const kept = readdirSync(elsewhere).filter((f) => f.endsWith('.sqlite'))
      expect(kept.sort()).toEqual(made.slice(2).map((b) => basename(b.path)).sort())
      // Same clock: the names still differ (the next millisecond) and sort in the order made.
      expect(app.backups.overview().backups.map((b) => b.path)).toEqual(made.slice(2).reverse().map((b) => b.path))
      // A lower keep prunes at once; a pre-migration backup counts like any other.
      const preMigration = join(elsewhere, basename(made[4]!.path).replace('-manual.', '-pre-migration.').replace('T00-00-00-004Z', 'T00-00-01-000Z'))
      copyFileSync(made[4]!.path, preMigration)
      app.backups.setSettings({ keep: 2 })
      expect(listBackups(library).map((b) => b.path)).toEqual([preMigration, made[4]!.path])
      // Another library's backups in the same folder are never touched.
      const foreign = join(elsewhere, basename(made[4]!.path).replace(/photohouse-[0-9a-f]{8}-/, 'photohouse-00000000-').replace('T00-00-00-004Z', 'T00-00-00-000Z'))
      copyFileSync(made[4]!.path, foreign)
      expect(pruneBackups(library)).toEqual([])
      expect(existsSync(foreign)).toBe(true)
      // A backup cut short a day ago leaves its partial copy: pruning removes it, a fresh one stays.
      const stale = `${made[4]!.path.replace('-manual.', '-daily.')}.partial`
      const fresh = `${made[3]!.path}.partial`
      writeFileSync(stale, 'x')
      writeFileSync(fresh, 'x')
      utimesSync(stale, new Date(Date.now() - 25 * 3600 * 1000), new Date(Date.now() - 25 * 3600 * 1000))
      pruneBackups(library)
      expect([existsSync(stale), existsSync(fresh)]).toEqual([false, true])
    } finally {
      await app.close()
    }
  })

  it('makes the daily backup at start when the newest is a day old, not before', async () => {
    const library = join(newDir(), 'lib')
    let clock = new Date('2026-03-01T10:00:00Z')
    const app = createApp({ libraryDir: library, log: () => {}, now: () => clock })
    try {
      expect(await app.backups.dailyIfDue()).toMatchObject({ kind: 'daily', createdAt: '2026-03-01T10:00:00.000Z' })
      clock = new Date('2026-03-02T09:59:00Z')
      expect(await app.backups.dailyIfDue()).toBeNull()
      clock = new Date('2026-03-02T10:00:00Z')
      expect(await app.backups.dailyIfDue()).toMatchObject({ kind: 'daily' })
      expect(listBackups(library)).toHaveLength(2)
    } finally {
      await app.close()
    }
  })

  it('backs up the older catalog before a writer migrates it', async () => {
    const library = join(newDir(), 'lib')
    // A catalog one version behind, with a photo in it, as an older PhotoHouse left it.
    const { mkdirSync } = await import('node:fs')
    mkdirSync(library, { recursive: true })
    const old = openDatabase(catalogPath(library))
    migrate(old, migrations.slice(0, -1))
    const now = new Date().toISOString()
    old.prepare(`INSERT INTO assets (sha256, state, created_at, updated_at) VALUES (?, 'ready', ?, ?)`).run('a'.repeat(64), now, now)
    old.close()

    // A reader refuses it and writes nothing.
    expect(() => openCatalog(library, { readOnly: true })).toThrow(/older PhotoHouse/)
    expect(listBackups(library)).toEqual([])

    const db = openCatalog(library)
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latest)
    } finally {
      db.close()
    }
    const [pre] = listBackups(library)
    expect(pre).toMatchObject({ kind: 'pre-migration', schemaVersion: latest - 1 })
    readOnly(pre!.path, (b) => {
      expect(b.pragma('user_version', { simple: true })).toBe(latest - 1)
      expect(b.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(count(b, 'assets')).toBe(1)
    })
    // Opened again at the current version: nothing more to keep.
    openCatalog(library).close()
    expect(listBackups(library)).toHaveLength(1)
    // That backup restores (it is migrated after the swap).
    expect(checkBackup(pre!.path, migrations)).toBe(latest - 1)
  })
})

describe('restore in the running app', () => {
  it('brings the catalog back, keeps a restore point of what it replaced, and the app carries on', async () => {
    const root = newDir()
    const library = join(root, 'lib')
    const photos = photosIn(join(root, 'photos'), 3)
    const app = await openAndImport(library, [photos])
    try {
      const ids = app.repositories.assets.exportAll().map((a) => a.id)
      const before = await app.backups.create()
      // A thumbnail that leaves the cache after the backup (its photo emptied from the trash, say).
      const sha = app.repositories.assets.shaOf(ids[0]!)!
      rmSync(thumbPath(app.cacheDir, sha, 'preview'))
      const { album } = app.albums.create({ name: 'Made after the backup', assetIds: ids.slice(0, 2) })
      expect(app.albums.get(album.id)).not.toBeNull()

      const result = await app.backups.restore(before.path)
      expect(result).toMatchObject({ migratedFrom: latest, migratedTo: latest, restored: { path: before.path } })
      // The album made after the backup is gone; the photos are all there.
      expect(app.albums.get(album.id)).toBeNull()
      expect(app.albums.list().albums).toEqual([])
      expect(app.repositories.assets.exportAll().map((a) => a.id).sort()).toEqual([...ids].sort())
      // The restore point holds the catalog as it was, album included, and is listed.
      expect(result.restorePoint).toMatchObject({ kind: 'restore-point' })
      expect(app.backups.overview().backups.map((b) => b.path)).toContain(result.restorePoint!.path)
      readOnly(result.restorePoint!.path, (db) => expect(db.prepare(`SELECT name FROM albums`).all()).toEqual([{ name: 'Made after the backup' }]))

      // The app works on: its workers run (a new photo is imported), search answers, writes land.
      copyInto(REAL_PHOTOS.coffee, join(photos, 'later.png'))
      await app.library.addRoots([photos])
      await app.runner.idle(50)
      expect(app.repositories.assets.exportAll()).toHaveLength(4)
      expect(app.albums.create({ name: 'After the restore' }).album.name).toBe('After the restore')
      // The restored photo whose thumbnail had gone has it again.
      expect(existsSync(thumbPath(app.cacheDir, sha, 'preview'))).toBe(true)

      // Restoring the restore point undoes the restore.
      await app.backups.restore(result.restorePoint!.path)
      expect(app.albums.list().albums.map((a) => a.name)).toEqual(['Made after the backup'])
      assertConsistent(catalogPath(library))
    } finally {
      await app.close()
    }
  })

  it('refuses a damaged backup and changes nothing', async () => {
    const root = newDir()
    const library = join(root, 'lib')
    const app = await openAndImport(library, [photosIn(join(root, 'photos'), 2)])
    try {
      const good = await app.backups.create()
      app.albums.create({ name: 'Keep me' })
      const truncated = join(root, 'truncated.sqlite')
      copyFileSync(good.path, truncated)
      truncateSync(truncated, Math.floor(statSync(truncated).size / 2))
      const garbled = join(root, 'garbled.sqlite')
      const bytes = readFileSync(good.path)
      // Page 2 onwards overwritten: the header still says SQLite, the b-trees are nonsense.
      bytes.fill(0xa5, 4096, Math.min(bytes.length, 4096 * 6))
      writeFileSync(garbled, bytes)
      const notSqlite = join(root, 'photo.sqlite')
      copyFileSync(REAL_PHOTOS.starfish, notSqlite)

      const listed = app.backups.overview().backups.length
      const catalogBefore = readOnly(catalogPath(library), (db) => ({ assets: count(db, 'assets'), albums: count(db, 'albums') }))
      for (const bad of [truncated, garbled, notSqlite, join(root, 'nowhere.sqlite')]) {
        await expect(app.backups.restore(bad)).rejects.toBeInstanceOf(BackupRefusedError)
      }
      // No restore point was made for a refused backup, the catalog is as it was and the app still runs.
      expect(app.backups.overview().backups).toHaveLength(listed)
      expect(readOnly(catalogPath(library), (db) => ({ assets: count(db, 'assets'), albums: count(db, 'albums') }))).toEqual(catalogBefore)
      expect(app.albums.list().albums.map((a) => a.name)).toEqual(['Keep me'])
      expect(app.runner.listenerCount('changed')).toBeGreaterThan(0)
    } finally {
      await app.close()
    }
  })

  it('a backup taken while an import writes restores to a consistent catalog, and the import then completes', async () => {
    const root = newDir()
    const library = join(root, 'lib')
    const photos = photosIn(join(root, 'photos'), 8)
    const app = createApp({ libraryDir: library, log: () => {} })
    try {
      app.start()
      await app.library.addRoots([photos])
      // One page per step: the import's writes land between the steps of the copy.
      const during = await writeBackup(app.db, library, 'manual', { pagesPerStep: 1 })
      const atBackup = readOnly(during.path, (db) => ({
        assets: count(db, 'assets'),
        open: (db.prepare(`SELECT count(*) AS n FROM tasks WHERE state IN ('pending', 'running')`).get() as { n: number }).n,
      }))
      // It was taken mid-import.
      expect(atBackup.open).toBeGreaterThan(0)
      assertConsistent(during.path)
      await app.runner.idle(50)
      expect(app.repositories.assets.exportAll()).toHaveLength(8)

      await app.backups.restore(during.path)
      assertConsistent(catalogPath(library))
      // Restarted workers pick up the import where the backup left it.
      await app.runner.idle(50)
      const assets = app.repositories.assets.exportAll()
      expect(assets).toHaveLength(8)
      expect(assets.every((a) => a.error === null)).toBe(true)
      assertConsistent(catalogPath(library))
    } finally {
      await app.close()
    }
  })
})

describe('restore without the app (the CLI)', () => {
  it('restores when the catalog is missing or damaged, keeping what was there as a restore point', async () => {
    const root = newDir()
    const library = join(root, 'lib')
    const app = await openAndImport(library, [photosIn(join(root, 'photos'), 2)])
    const good = await app.backups.create()
    app.albums.create({ name: 'After the backup' })
    await app.close()
    const file = catalogPath(library)

    // Damaged: the header kept, the rest garbled.
    const bytes = readFileSync(file)
    bytes.fill(0x5a, 4096)
    writeFileSync(file, bytes)
    const damaged = await restoreCatalogFile({ libraryDir: library, catalogFile: file, source: good.path, migrations })
    expect(damaged.restorePoint).toMatchObject({ kind: 'restore-point' })
    expect(readFileSync(damaged.restorePoint!.path).equals(bytes)).toBe(true)
    assertConsistent(file)
    readOnly(file, (db) => {
      expect(count(db, 'assets')).toBe(2)
      expect(count(db, 'albums')).toBe(0)
    })

    // Missing: no restore point, the backup goes in.
    rmSync(file)
    const missing = await restoreCatalogFile({ libraryDir: library, catalogFile: file, source: good.path, migrations })
    expect(missing.restorePoint).toBeNull()
    readOnly(file, (db) => expect(count(db, 'assets')).toBe(2))

    // A damaged backup is refused offline too, and the catalog stays.
    const bad = join(root, 'bad.sqlite')
    copyFileSync(good.path, bad)
    truncateSync(bad, 2048)
    const sizeBefore = statSync(file).size
    await expect(restoreCatalogFile({ libraryDir: library, catalogFile: file, source: bad, migrations })).rejects.toBeInstanceOf(BackupRefusedError)
    expect(statSync(file).size).toBe(sizeBefore)
    expect(backupInfo(good.path)).not.toBeNull()
    // The restored library opens as a library again.
    const reopened = createApp({ libraryDir: library, log: () => {} })
    expect(reopened.repositories.assets.exportAll()).toHaveLength(2)
    await reopened.close()
  })

  it('restores an older-version backup and migrates it', async () => {
    const root = newDir()
    const library = join(root, 'lib')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(library, { recursive: true })
    const oldFile = join(root, 'old.sqlite')
    const old = openDatabase(oldFile)
    migrate(old, migrations.slice(0, -1))
    old.close()
    writeBackupSettings(library, { keep: 5 })
    const result = await restoreCatalogFile({ libraryDir: library, catalogFile: catalogPath(library), source: oldFile, migrations })
    expect(result).toMatchObject({ migratedFrom: latest - 1, migratedTo: latest, restorePoint: null })
    readOnly(catalogPath(library), (db) => expect(db.pragma('user_version', { simple: true })).toBe(latest))
  })
})
