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
  return { search: createSearchRepository(db), asset }
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
