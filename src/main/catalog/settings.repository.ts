import { statementCache, type Db } from './connection'

/** Key -> JSON value; callers parse what they read with their own schema. */
export function createSettingsRepository(db: Db) {
  const sql = statementCache(db)
  return {
    get(key: string): unknown {
      const row = sql(`SELECT value FROM settings WHERE key = ?`).get(key) as { value: string } | undefined
      return row ? (JSON.parse(row.value) as unknown) : undefined
    },
    set(key: string, value: unknown): void {
      sql(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(key, JSON.stringify(value), new Date().toISOString())
    },
  }
}

export type SettingsRepository = ReturnType<typeof createSettingsRepository>
