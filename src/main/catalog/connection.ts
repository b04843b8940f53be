import Database from 'better-sqlite3'

export type Db = Database.Database

/** Opens (or creates) a catalog file, or ':memory:' for tests, with the pragmas PhotoHouse relies on. */
export function openDatabase(file: string): Db {
  const db = new Database(file)
  // WAL: readers (the UI) never wait for the import writing in the background.
  if (file !== ':memory:') db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  // Another PhotoHouse process (the CLI beside the app) may hold the write lock briefly.
  db.pragma('busy_timeout = 5000')
  return db
}
