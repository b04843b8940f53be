import type { Db } from './connection'

/** The catalog-level SQL of backups and restores (copies, checks), kept here with the rest of the SQL. */
export function createBackupRepository(db: Db) {
  return {
    /** The catalog's schema version (SQLite's user_version). */
    schemaVersion(): number {
      return db.pragma('user_version', { simple: true }) as number
    },
    /**
     * A consistent copy of the whole catalog, written synchronously (VACUUM INTO). Only for the
     * pre-migration backup: opening a catalog is synchronous, and the backup API is not.
     */
    vacuumInto(file: string): void {
      db.prepare('VACUUM INTO ?').run(file)
    },
    /** SQLite's full check of every page and index: 'ok', or the problems it found (up to `max`). */
    integrityProblems(max = 20): string[] {
      const rows = db.pragma(`integrity_check(${Math.max(1, Math.floor(max))})`) as { integrity_check: string }[]
      const messages = rows.map((r) => r.integrity_check)
      return messages.length === 1 && messages[0] === 'ok' ? [] : messages
    },
    /** Whether the file holds a PhotoHouse catalog at all (not another program's SQLite file). */
    looksLikeCatalog(): boolean {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('assets', 'locations', 'roots', 'tasks')`).all()
      return tables.length === 4
    },
    /** Backups are single self-contained files: no -wal beside them to lose on a copy to another drive. */
    useRollbackJournal(): void {
      db.pragma('journal_mode = DELETE')
    },
    /** Assets that should have thumbnails (to find the ones whose files are gone from the cache). */
    assetsWithThumbnails(): { id: number; sha256: string }[] {
      return db.prepare(`SELECT id, sha256 FROM assets WHERE has_thumb = 1 AND missing_since IS NULL`).all() as { id: number; sha256: string }[]
    },
    counts(): { assets: number; locations: number } {
      return db.prepare(`SELECT (SELECT count(*) FROM assets) AS assets, (SELECT count(*) FROM locations) AS locations`).get() as { assets: number; locations: number }
    },
  }
}

export type BackupRepository = ReturnType<typeof createBackupRepository>
