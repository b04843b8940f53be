import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

describe('migration 0018-smart-albums', () => {
  it('gives albums a rule (valid JSON or none), keeps existing albums plain, and indexes what rules compare', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.filter((m) => m.version <= 17))
    const now = new Date().toISOString()
    db.prepare(`INSERT INTO albums (name, created_at, updated_at) VALUES ('Old', ?, ?)`).run(now, now)
    migrate(db, migrations.filter((m) => m.version <= 18))
    expect(db.pragma('user_version', { simple: true })).toBe(18)
    expect(db.prepare(`SELECT name, rule FROM albums`).all()).toEqual([{ name: 'Old', rule: null }])
    db.prepare(`INSERT INTO albums (name, rule, created_at, updated_at) VALUES ('Smart', ?, ?, ?)`).run('{"match":"all","rules":[]}', now, now)
    expect(() => db.prepare(`INSERT INTO albums (name, rule, created_at, updated_at) VALUES ('Bad', 'not json', ?, ?)`).run(now, now)).toThrow(/CHECK/)
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).all() as { name: string }[]).map((r) => r.name)
    expect(indexes).toEqual(expect.arrayContaining(['assets_city_nocase', 'assets_country_nocase', 'persons_name_nocase', 'asset_tags_label_nocase', 'assets_rating']))
    // A place rule seeks the case-insensitive index instead of scanning the photos.
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM assets a WHERE a.city = ? COLLATE NOCASE`).all('paris') as { detail: string }[]
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING (COVERING )?INDEX assets_city_nocase/)
  })
})
