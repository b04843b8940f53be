import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from './connection'

export interface Migration {
  version: number
  name: string
  sql: string
}

export class CatalogTooNewError extends Error {
  constructor(
    readonly catalogVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `This library was written by a newer PhotoHouse (catalog version ${catalogVersion}; this ` +
        `version understands up to ${supportedVersion}). Update PhotoHouse to open it; nothing was changed.`,
    )
    this.name = 'CatalogTooNewError'
  }
}

export class CatalogNeedsUpgradeError extends Error {
  constructor(
    readonly catalogVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `This library's catalog is from an older PhotoHouse (catalog version ${catalogVersion}; this version ` +
        `uses ${supportedVersion}). Run the app once to upgrade it (or \`photohouse import\`); read-only commands never change it.`,
    )
    this.name = 'CatalogNeedsUpgradeError'
  }
}

const FILE_PATTERN = /^(\d{4})-([a-z0-9-]+)\.sql$/

/** Reads migrations/NNNN-name.sql in order; versions must be 1..N with no gaps. */
export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: FILE_PATTERN.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql: readFileSync(join(dir, file), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version)
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.version}-${m.name} is out of sequence (expected ${i + 1})`)
  })
  return migrations
}

/**
 * Brings the catalog to the latest version. All pending migrations run in ONE transaction with
 * user_version, so a crash leaves either the old or the new schema, never half of one.
 */
export function migrate(db: Db, migrations: Migration[]): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version
  if (from > latest) throw new CatalogTooNewError(from, latest)
  const pending = migrations.filter((m) => m.version > from)
  if (pending.length === 0) return { from, to: from }
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql)
    db.pragma(`user_version = ${latest}`)
  })()
  return { from, to: latest }
}

/**
 * For a connection that must not write: the catalog's version is exactly the latest, or this says
 * why not (older: needs the upgrade only a writer may run; newer: written by a newer PhotoHouse).
 */
export function assertCurrentVersion(db: Db, migrations: Migration[]): void {
  const version = db.pragma('user_version', { simple: true }) as number
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version
  if (version > latest) throw new CatalogTooNewError(version, latest)
  if (version < latest) throw new CatalogNeedsUpgradeError(version, latest)
}
