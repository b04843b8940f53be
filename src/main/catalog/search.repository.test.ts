import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'
import { createSearchRepository } from './search.repository'

function setup() {
  const db = openDatabase(':memory:')
  migrate(db, loadMigrations(join(appRoot(), 'migrations')))
  const now = new Date().toISOString()
  let n = 0
  const asset = (make: string, model: string, tags: string[] = []) => {
    const id = Number(
      db
        .prepare(`INSERT INTO assets (sha256, state, make, model, created_at, updated_at) VALUES (?, 'ready', ?, ?, ?, ?)`)
        .run(String(n++).padStart(64, '0'), make, model, now, now).lastInsertRowid,
    )
    for (const label of tags) db.prepare(`INSERT INTO asset_tags (asset_id, label, score, kind, model_id) VALUES (?, ?, 0.9, 'label', 'm')`).run(id, label)
    return id
  }
  return { db, search: createSearchRepository(db), asset }
}

describe('search repository: LIKE wildcards in what the user typed are literal', () => {
  it('a camera filter "a_b" does not match "axb", and "100%" matches only a literal 100%', () => {
    const { search, asset } = setup()
    const underscore = asset('Acme', 'A_B')
    asset('Acme', 'AXB')
    const percent = asset('Acme', 'Zoom 100%')
    asset('Acme', 'Zoom 1000')
    const backslash = asset('Acme', 'C\\D')
    asset('Acme', 'CD')
    const ids = (camera: string) => search.filtered({ cameras: [camera] }, 10).map((r) => r.assetId)
    expect(ids('a_b')).toEqual([underscore])
    expect(ids('100%')).toEqual([percent])
    expect(ids('c\\d')).toEqual([backslash])
    // Still a substring match, case-insensitive.
    expect(ids('zoom')).toHaveLength(2)
  })

  it('tag prefixes: "_" and "%" are characters, not wildcards', () => {
    const { search, asset } = setup()
    asset('Acme', 'One', ['a_b', 'axb', '100% cotton', '1000 islands'])
    expect(search.tagsStartingWith('a_')).toEqual(['a_b'])
    expect(search.tagsStartingWith('100%')).toEqual(['100% cotton'])
    expect(search.tagsStartingWith('10').sort()).toEqual(['100% cotton', '1000 islands'])
  })
})

describe('search repository: what suggestions and query understanding draw on', () => {
  it('leaves out cameras, tags and places known only from photos in the trash, tombstones and missing photos', () => {
    const { db, search, asset } = setup()
    const kept = asset('Keptco', 'K1', ['kayak'])
    const trashed = asset('Trashco', 'T1', ['kayak', 'kettle'])
    const missing = asset('Goneco', 'G1', ['kiln'])
    const tombstone = asset('Tombco', 'R1', ['kite'])
    const hidden = asset('Hidco', 'H1', ['kiwi'])
    const setPlace = db.prepare(`UPDATE assets SET city = ?, region = ?, country = ? WHERE id = ?`)
    setPlace.run('Oslo', 'Oslo', 'Norway', kept)
    setPlace.run('Reykjavik', 'Capital Region', 'Iceland', trashed)
    setPlace.run('Kiruna', 'Norrbotten', 'Sweden', missing)
    setPlace.run('Nuuk', 'Sermersooq', 'Greenland', tombstone)
    setPlace.run('Bergen', 'Vestland', 'Norway', hidden)
    const at = new Date().toISOString()
    db.prepare(`UPDATE assets SET trashed_at = ? WHERE id = ?`).run(at, trashed)
    db.prepare(`UPDATE assets SET missing_since = ? WHERE id = ?`).run(at, missing)
    db.prepare(`UPDATE assets SET state = 'error', error_code = 'removed', trashed_at = ? WHERE id = ?`).run(at, tombstone)
    db.prepare(`UPDATE assets SET hidden = 1 WHERE id = ?`).run(hidden)

    // Hidden photos stay: a search can ask for them.
    expect(search.knownCameras().sort()).toEqual(['Hidco H1', 'Keptco K1'])
    expect(search.tagsStartingWith('k').sort()).toEqual(['kayak', 'kiwi'])
    expect([...search.knownPlaces().values()].sort()).toEqual(['Bergen', 'Norway', 'Oslo', 'Vestland'])

    db.prepare(`UPDATE assets SET trashed_at = NULL WHERE id = ?`).run(trashed)
    expect(search.knownCameras()).toContain('Trashco T1')
    expect(search.tagsStartingWith('ket')).toEqual(['kettle'])
    expect(search.knownPlaces().get('reykjavik')).toBe('Reykjavik')
  })

  it('counts a tag once per photo in the library: a tag on many trashed photos does not outrank one on shown photos', () => {
    const { db, search, asset } = setup()
    asset('A', '1', ['kayak'])
    asset('A', '1', ['kayak'])
    const trashedIds = [asset('A', '1', ['kale']), asset('A', '1', ['kale']), asset('A', '1', ['kale'])]
    expect(search.tagsStartingWith('ka', 1)).toEqual(['kale'])
    for (const id of trashedIds) db.prepare(`UPDATE assets SET trashed_at = ? WHERE id = ?`).run(new Date().toISOString(), id)
    expect(search.tagsStartingWith('ka', 1)).toEqual(['kayak'])
  })
})
