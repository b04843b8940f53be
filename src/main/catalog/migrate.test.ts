import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { CatalogTooNewError, loadMigrations, migrate } from './migrate'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

function tables(db: ReturnType<typeof openDatabase>): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  )
}

describe('migrations', () => {
  it('are numbered 1..N without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1))
  })

  it('0001-init creates the catalog tables and sets user_version', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 1))
    expect(tables(db)).toEqual(expect.arrayContaining(['assets', 'locations', 'roots', 'tasks']))
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    // content identity: the same sha256 cannot be two assets
    const now = new Date().toISOString()
    db.prepare('INSERT INTO assets (sha256, created_at, updated_at) VALUES (?, ?, ?)').run('a'.repeat(64), now, now)
    expect(() =>
      db.prepare('INSERT INTO assets (sha256, created_at, updated_at) VALUES (?, ?, ?)').run('a'.repeat(64), now, now),
    ).toThrow(/UNIQUE/)
    // one live task per dedupe key, but a finished one does not block a new one
    const insertTask = db.prepare(
      "INSERT INTO tasks (type, payload, dedupe_key, state, run_at, created_at) VALUES ('t', '{}', 'k', ?, 0, 0)",
    )
    insertTask.run('done')
    insertTask.run('pending')
    expect(() => insertTask.run('pending')).toThrow(/UNIQUE/)
  })

  it('0002-tags-embeddings stores tags and vectors that go away with their asset', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 2))
    expect(db.pragma('user_version', { simple: true })).toBe(2)
    const now = new Date().toISOString()
    const { lastInsertRowid: id } = db.prepare('INSERT INTO assets (sha256, created_at, updated_at) VALUES (?, ?, ?)').run('b'.repeat(64), now, now)
    db.prepare("INSERT INTO asset_tags VALUES (?, 'cat', 0.9, 'label', 'm')").run(id)
    expect(() => db.prepare("INSERT INTO asset_tags VALUES (?, 'cat', 0.5, 'bogus', 'm')").run(id)).toThrow(/CHECK|UNIQUE/)
    db.prepare("INSERT INTO embeddings VALUES (?, 'm', '1', 4, 'cpu', ?, ?)").run(id, Buffer.alloc(16), now)
    db.prepare('DELETE FROM assets WHERE id = ?').run(id)
    expect(db.prepare('SELECT count(*) AS n FROM asset_tags').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM embeddings').get()).toEqual({ n: 0 })
  })

  it('0003-search-text makes an FTS5 table with prefix search', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 3))
    expect(db.pragma('user_version', { simple: true })).toBe(3)
    db.prepare("INSERT INTO asset_text (rowid, path, camera, dates, tags, places, ocr, people) VALUES (7, 'beach holiday', 'nokia', '2013 may', 'starfish', 'Málaga', '', '')").run()
    expect(db.prepare("SELECT rowid FROM asset_text WHERE asset_text MATCH 'holi*'").all()).toEqual([{ rowid: 7 }])
    expect(db.prepare("SELECT rowid FROM asset_text WHERE asset_text MATCH 'malaga'").all()).toEqual([{ rowid: 7 }])
  })

  it('0004-places adds the place columns', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 4))
    expect(db.pragma('user_version', { simple: true })).toBe(4)
    const cols = (db.prepare('PRAGMA table_info(assets)').all() as { name: string }[]).map((c) => c.name)
    expect(cols).toEqual(expect.arrayContaining(['city', 'region', 'country', 'country_code', 'timezone']))
  })

  it('0005-analysis records OCR lines and which stage ran with which model', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 5))
    expect(db.pragma('user_version', { simple: true })).toBe(5)
    const now = new Date().toISOString()
    const { lastInsertRowid: id } = db.prepare('INSERT INTO assets (sha256, created_at, updated_at) VALUES (?, ?, ?)').run('c'.repeat(64), now, now)
    db.prepare("INSERT INTO asset_ocr VALUES (?, 0, 'STOP', 0.9, 0.1, 0.1, 0.2, 0.1)").run(id)
    db.prepare("INSERT INTO asset_analysis VALUES (?, 'ocr', 'pp-ocrv4', 'cpu', ?)").run(id, now)
    expect(() => db.prepare("INSERT INTO asset_analysis VALUES (?, 'ocr', 'x', 'cpu', ?)").run(id, now)).toThrow(/UNIQUE|PRIMARY/)
    db.prepare('DELETE FROM assets WHERE id = ?').run(id)
    expect(db.prepare('SELECT (SELECT count(*) FROM asset_ocr) + (SELECT count(*) FROM asset_analysis) AS n').get()).toEqual({ n: 0 })
  })

  it('0006-people keeps faces with their photo and persons apart', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 6))
    expect(db.pragma('user_version', { simple: true })).toBe(6)
    const now = new Date().toISOString()
    const { lastInsertRowid: asset } = db.prepare('INSERT INTO assets (sha256, created_at, updated_at) VALUES (?, ?, ?)').run('d'.repeat(64), now, now)
    const { lastInsertRowid: person } = db.prepare('INSERT INTO persons (name, created_at, updated_at) VALUES (?, ?, ?)').run('Ann', now, now)
    const { lastInsertRowid: face } = db
      .prepare("INSERT INTO faces (asset_id, person_id, x, y, w, h, landmarks, score, size, blur, yaw, embedding, model_id, created_at) VALUES (?, ?, 0, 0, 1, 1, '[]', 1, 50, 100, 0, ?, 'm', ?)")
      .run(asset, person, Buffer.alloc(8), now)
    db.prepare('INSERT INTO face_rejections VALUES (?, ?)').run(face, person)
    db.prepare('DELETE FROM persons WHERE id = ?').run(person)
    expect(db.prepare('SELECT person_id AS p FROM faces').get()).toEqual({ p: null })
    expect(db.prepare('SELECT count(*) AS n FROM face_rejections').get()).toEqual({ n: 0 })
    db.prepare('DELETE FROM assets WHERE id = ?').run(asset)
    expect(db.prepare('SELECT count(*) AS n FROM faces').get()).toEqual({ n: 0 })
  })

  it('0007-settings stores one JSON value per key', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 7))
    expect(db.pragma('user_version', { simple: true })).toBe(7)
    db.prepare("INSERT INTO settings VALUES ('a', '1', '')").run()
    expect(() => db.prepare("INSERT INTO settings VALUES ('a', '2', '')").run()).toThrow(/UNIQUE|PRIMARY/)
  })

  it('0008-incremental-clustering marks old faces clustered, queues one full pass, and counts edits', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 7))
    const now = new Date().toISOString()
    const { lastInsertRowid: asset } = db.prepare('INSERT INTO assets (sha256, created_at, updated_at) VALUES (?, ?, ?)').run('e'.repeat(64), now, now)
    const { lastInsertRowid: person } = db.prepare('INSERT INTO persons (name, created_at, updated_at) VALUES (?, ?, ?)').run(null, now, now)
    const insertFace = db.prepare(
      "INSERT INTO faces (asset_id, person_id, x, y, w, h, landmarks, score, size, blur, yaw, embedding, model_id, created_at) VALUES (?, ?, 0, 0, 1, 1, '[]', 1, 50, 100, 0, ?, 'm', ?)",
    )
    const { lastInsertRowid: face } = insertFace.run(asset, person, Buffer.alloc(8), now)
    migrate(db, migrations.slice(0, 8))
    expect(db.pragma('user_version', { simple: true })).toBe(8)
    expect(db.prepare('SELECT clustered FROM faces').get()).toEqual({ clustered: 1 })
    expect(db.prepare("SELECT type, state FROM tasks WHERE dedupe_key = 'people.recluster'").all()).toEqual([{ type: 'people.recluster', state: 'pending' }])
    const generation = () => (db.prepare('SELECT value FROM people_generation').get() as { value: number }).value
    expect(generation()).toBe(0)
    // New faces arrive unclustered and do not count as an edit.
    insertFace.run(asset, null, Buffer.alloc(8), now)
    expect(db.prepare('SELECT count(*) AS n FROM faces WHERE clustered = 0').get()).toEqual({ n: 1 })
    expect(generation()).toBe(0)
    // Writing the same person again is no change; a new person, a pin, a rejection, a deletion are.
    db.prepare('UPDATE faces SET person_id = ? WHERE id = ?').run(person, face)
    expect(generation()).toBe(0)
    db.prepare('UPDATE faces SET pinned = 1 WHERE id = ?').run(face)
    expect(generation()).toBe(1)
    db.prepare('INSERT INTO face_rejections VALUES (?, ?)').run(face, person)
    expect(generation()).toBe(2)
    db.prepare('DELETE FROM faces WHERE id = ?').run(face)
    expect(generation()).toBeGreaterThanOrEqual(3)
  })

  it('0008 on a catalog without faces queues nothing', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 8))
    expect(db.prepare('SELECT count(*) AS n FROM tasks').get()).toEqual({ n: 0 })
  })

  it('0010-face-tags keeps the tags, lets the faces stage add its own words beside the classifier\'s, and re-runs the tags stage', () => {
    const upTo = (name: string) => migrations.slice(0, migrations.findIndex((m) => m.name === name) + 1)
    const db = openDatabase(':memory:')
    migrate(db, upTo('face-tags').slice(0, -1))
    const now = new Date().toISOString()
    const { lastInsertRowid: id } = db.prepare('INSERT INTO assets (sha256, created_at, updated_at) VALUES (?, ?, ?)').run('c'.repeat(64), now, now)
    db.prepare("INSERT INTO asset_tags VALUES (?, 'scuba diver', 0.6, 'label', 'm'), (?, 'person', 0.6, 'hypernym', 'm')").run(id, id)
    db.prepare("INSERT INTO asset_analysis (asset_id, stage, model_id, device, done_at) VALUES (?, 'tags', 'm', 'cpu', ?), (?, 'ocr', 'o', 'cpu', ?)").run(id, now, id, now)
    migrate(db, upTo('face-tags'))
    expect(db.prepare('SELECT label, score, kind, model_id, person_misread FROM asset_tags ORDER BY label').all()).toEqual([
      { label: 'person', score: 0.6, kind: 'hypernym', model_id: 'm', person_misread: 0 },
      { label: 'scuba diver', score: 0.6, kind: 'label', model_id: 'm', person_misread: 0 },
    ])
    // The same word from the faces stage is a row of its own; an unknown kind is still refused.
    db.prepare("INSERT INTO asset_tags (asset_id, label, score, kind, model_id) VALUES (?, 'person', 0.99, 'face', 'f')").run(id)
    expect(() => db.prepare("INSERT INTO asset_tags (asset_id, label, score, kind, model_id) VALUES (?, 'x', 0.5, 'bogus', 'm')").run(id)).toThrow(/CHECK/)
    expect(db.prepare("SELECT count(*) AS n FROM asset_tags WHERE label = 'person'").get()).toEqual({ n: 2 })
    // Tags made under the old thresholds are made again: the tags stage is no longer marked done.
    expect(db.prepare('SELECT stage FROM asset_analysis').all()).toEqual([{ stage: 'ocr' }])
    db.prepare('DELETE FROM assets WHERE id = ?').run(id)
    expect(db.prepare('SELECT count(*) AS n FROM asset_tags').get()).toEqual({ n: 0 })
  })

  it('0009-root-reachability records why a root could not be read, and keeps its roots and locations', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations.slice(0, 8))
    const now = new Date().toISOString()
    db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/photos', now)
    migrate(db, migrations.slice(0, 9))
    expect(db.pragma('user_version', { simple: true })).toBe(9)
    // Existing roots start reachable: nothing is known against them yet.
    expect(db.prepare('SELECT path, unreachable_since AS since, unreachable_reason AS reason FROM roots').all()).toEqual([
      { path: '/photos', since: null, reason: null },
    ])
    db.prepare("UPDATE roots SET unreachable_since = ?, unreachable_reason = 'empty'").run(now)
    expect(db.prepare('SELECT unreachable_reason AS reason FROM roots').get()).toEqual({ reason: 'empty' })
  })

  it('0011-curation-flags starts every photo unmarked, keeps 0–5 stars and 0/1 flags, and keeps the timeline on its index', () => {
    const upTo = (name: string) => migrations.slice(0, migrations.findIndex((m) => m.name === name) + 1)
    const db = openDatabase(':memory:')
    migrate(db, upTo('curation-flags').slice(0, -1))
    const now = new Date().toISOString()
    const { lastInsertRowid: id } = db.prepare("INSERT INTO assets (sha256, state, created_at, updated_at) VALUES (?, 'ready', ?, ?)").run('f'.repeat(64), now, now)
    migrate(db, upTo('curation-flags'))
    expect(db.pragma('user_version', { simple: true })).toBe(11)
    expect(db.prepare('SELECT favorite, rating, hidden FROM assets WHERE id = ?').get(id)).toEqual({ favorite: 0, rating: 0, hidden: 0 })
    db.prepare('UPDATE assets SET favorite = 1, rating = 5, hidden = 1 WHERE id = ?').run(id)
    expect(() => db.prepare('UPDATE assets SET rating = 6 WHERE id = ?').run(id)).toThrow(/CHECK/)
    expect(() => db.prepare('UPDATE assets SET rating = -1 WHERE id = ?').run(id)).toThrow(/CHECK/)
    expect(() => db.prepare('UPDATE assets SET favorite = 2 WHERE id = ?').run(id)).toThrow(/CHECK/)
    expect(() => db.prepare('UPDATE assets SET hidden = 2 WHERE id = ?').run(id)).toThrow(/CHECK/)
    // The timeline without hidden photos still walks its index in order, with no sort of the whole library.
    const plan = (db.prepare(
      "EXPLAIN QUERY PLAN SELECT a.id FROM assets a WHERE a.state = 'ready' AND a.missing_since IS NULL AND a.hidden = 0 ORDER BY a.sort_ms DESC, a.id DESC LIMIT 10 OFFSET 5",
    ).all() as { detail: string }[]).map((r) => r.detail).join('\n')
    expect(plan).toMatch(/USING (COVERING )?INDEX assets_timeline\b/)
    expect(plan).not.toMatch(/TEMP B-TREE/)
  })

  it('applies every migration to a fresh database and is idempotent', () => {
    const db = openDatabase(':memory:')
    expect(migrate(db, migrations)).toEqual({ from: 0, to: migrations.length })
    expect(migrate(db, migrations)).toEqual({ from: migrations.length, to: migrations.length })
  })

  it('refuses a catalog written by a newer version, without touching it', () => {
    const db = openDatabase(':memory:')
    migrate(db, migrations)
    db.pragma(`user_version = ${migrations.length + 1}`)
    expect(() => migrate(db, migrations)).toThrow(CatalogTooNewError)
    expect(() => migrate(db, migrations)).toThrow(/newer PhotoHouse/)
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length + 1)
  })

  it('rolls back every pending migration when one fails', () => {
    const db = openDatabase(':memory:')
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE x (a); SELECT * FROM nope;' }]
    expect(() => migrate(db, broken)).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(tables(db)).not.toContain('assets')
  })
})
