import Database from 'better-sqlite3'

export type Db = Database.Database

/**
 * Opens (or creates) a catalog file, or ':memory:' for tests, with the pragmas PhotoHouse relies on.
 * `readonly`: the file must exist, and nothing can be written through this connection (reporting
 * commands beside the app; a catalog that needs migrating is left as it is).
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  const readonly = options.readonly ?? false
  const db = new Database(file, { readonly, fileMustExist: readonly })
  // WAL: readers (the UI) never wait for the import writing in the background. (Setting it is a
  // write; a read-only connection finds it set by whoever created the catalog.)
  if (file !== ':memory:' && !readonly) db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  // 64 MB page cache: the timeline and its indexes of a 100k-photo library stay in memory.
  db.pragma('cache_size = -65536')
  db.pragma('foreign_keys = ON')
  // Another PhotoHouse process (the CLI beside the app) may hold the write lock briefly.
  db.pragma('busy_timeout = 5000')
  return db
}

/**
 * Prepares each SQL text once per connection. Repositories call it inline, keeping each query next
 * to the method that runs it, without paying for a re-prepare on every call of a hot path.
 */
const caches = new WeakMap<Db, (sql: string) => Database.Statement>()

export function statementCache(db: Db): (sql: string) => Database.Statement {
  const existing = caches.get(db)
  if (existing) return existing
  const cache = new Map<string, Database.Statement>()
  const prepare = (sql: string) => {
    let stmt = cache.get(sql)
    if (!stmt) {
      stmt = db.prepare(sql)
      cache.set(sql, stmt)
    }
    return stmt
  }
  caches.set(db, prepare)
  return prepare
}
