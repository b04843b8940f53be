// The timeline with stacks on a real (in-memory) catalog: one tile per stack, expanded stacks' photos
// after their tile, and month counts, pages and offsets that agree whatever the window.
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { createAssetsRepository, type ListingOptions } from './assets.repository'
import { openDatabase, type Db } from './connection'
import { loadMigrations, migrate } from './migrate'
import { createStacksRepository } from './stacks.repository'

const migrations = loadMigrations(join(appRoot(), 'migrations'))

describe('timeline with stacks', () => {
  let db: Db
  let assets: ReturnType<typeof createAssetsRepository>
  let stacks: ReturnType<typeof createStacksRepository>
  /** Photo ids by name; the timeline is newest first. */
  const ids: Record<string, number> = {}

  beforeEach(() => {
    db = openDatabase(':memory:')
    migrate(db, migrations)
    assets = createAssetsRepository(db)
    stacks = createStacksRepository(db)
    const now = new Date().toISOString()
    const insert = db.prepare(
      `INSERT INTO assets (sha256, state, sort_ms, month, created_at, updated_at) VALUES (?, 'ready', ?, ?, ?, ?)`,
    )
    // June: a1 (newest) … a4; a burst b1 b2 b3 (b1 the first shot, its cover); May: a pair p-jpg + p-heic, and m1.
    const photos: [string, string][] = [
      ['a1', '2024-06-30T12:00:00Z'],
      ['a2', '2024-06-20T12:00:00Z'],
      ['b3', '2024-06-10T10:00:01.500Z'],
      ['b2', '2024-06-10T10:00:00.900Z'],
      ['b1', '2024-06-10T10:00:00.400Z'],
      ['a3', '2024-06-05T12:00:00Z'],
      ['a4', '2024-06-01T12:00:00Z'],
      ['p-heic', '2024-05-20T12:00:00Z'],
      ['p-jpg', '2024-05-20T12:00:00Z'],
      ['m1', '2024-05-02T12:00:00Z'],
    ]
    photos.forEach(([name, at], i) => {
      const ms = Date.parse(at)
      ids[name] = Number(insert.run(`${i}`.padStart(64, '0'), ms, at.slice(0, 7), now, now).lastInsertRowid)
    })
    stacks.replaceAll([
      { kind: 'burst', assetIds: [ids.b1!, ids.b2!, ids.b3!] },
      { kind: 'same-name', assetIds: [ids['p-jpg']!, ids['p-heic']!] },
    ])
  })

  const stackIdOf = (name: string) => stacks.of(ids[name]!)!.coverAssetId
  const names = (rows: { id: number }[]) => rows.map((r) => Object.keys(ids).find((k) => ids[k] === r.id))
  const total = (options: ListingOptions) => assets.timeline(options).reduce((n, m) => n + m.count, 0)
  /** Every window of the listing must be the same slice of the whole. */
  function expectWindowsAgree(options: ListingOptions) {
    const whole = assets.page(0, 100, options)
    expect(whole).toHaveLength(total(options))
    for (let offset = 0; offset < whole.length; offset++) {
      for (let limit = 1; limit <= 4; limit++) expect(assets.page(offset, limit, options)).toEqual(whole.slice(offset, offset + limit))
    }
  }

  it('without stacks every photo is its own tile', () => {
    expect(total({})).toBe(10)
    expect(assets.page(0, 100).some((a) => a.stack)).toBe(false)
  })

  it('collapsed: each stack is one tile (its cover) with its count, and the months count tiles', () => {
    const options = { stacks: { expanded: [] } }
    expect(names(assets.page(0, 100, options))).toEqual(['a1', 'a2', 'b1', 'a3', 'a4', 'p-jpg', 'm1'])
    expect(assets.timeline(options)).toEqual([
      { month: '2024-06', count: 5 },
      { month: '2024-05', count: 2 },
    ])
    const burst = assets.page(2, 1, options)[0]!
    expect(burst.stack).toEqual({ coverId: stackIdOf('b1'), count: 3, place: 1, role: 'cover', expanded: false })
    expect(assets.page(0, 1, options)[0]!.stack).toBeUndefined()
    expectWindowsAgree(options)
  })

  it('expanded: the stack’s photos follow its tile, marked as members; months and windows agree', () => {
    const options = { stacks: { expanded: [stackIdOf('b1'), stackIdOf('p-heic')] } }
    const rows = assets.page(0, 100, options)
    expect(names(rows)).toEqual(['a1', 'a2', 'b1', 'b2', 'b3', 'a3', 'a4', 'p-jpg', 'p-heic', 'm1'])
    expect(rows[3]!.stack).toEqual({ coverId: stackIdOf('b1'), count: 3, place: 2, role: 'member', expanded: true })
    expect(rows[4]!.stack).toMatchObject({ place: 3, role: 'member' })
    expect(rows[2]!.stack).toMatchObject({ role: 'cover', expanded: true })
    expect(assets.timeline(options)).toEqual([
      { month: '2024-06', count: 7 },
      { month: '2024-05', count: 3 },
    ])
    expectWindowsAgree(options)
    // One expanded, the other not.
    expect(names(assets.page(0, 100, { stacks: { expanded: [stackIdOf('p-jpg')] } }))).toEqual(['a1', 'a2', 'b1', 'a3', 'a4', 'p-jpg', 'p-heic', 'm1'])
    expectWindowsAgree({ stacks: { expanded: [stackIdOf('p-jpg')] } })
  })

  it('a hidden cover hands the tile to the next photo; the favourites view stacks its own photos', () => {
    assets.setHidden([ids.b1!], true)
    const options = { stacks: { expanded: [] } }
    const rows = assets.page(0, 100, options)
    expect(names(rows)).toEqual(['a1', 'a2', 'b2', 'a3', 'a4', 'p-jpg', 'm1'])
    expect(rows[2]!.stack).toMatchObject({ count: 2, role: 'cover' })
    expectWindowsAgree({ stacks: { expanded: [stackIdOf('b2')] } })

    assets.setFavorite([ids.b3!, ids['p-heic']!], true)
    const favourites = assets.page(0, 100, { only: 'favorites', stacks: { expanded: [] } })
    // One favourite of a stack is no stack in this view: no count.
    expect(names(favourites)).toEqual(['b3', 'p-heic'])
    expect(favourites.every((a) => a.stack === undefined)).toBe(true)
  })

  it('a trashed photo leaves its stack; whole stacks are listed for a batch action', () => {
    db.prepare(`UPDATE assets SET trashed_at = ? WHERE id = ?`).run(new Date().toISOString(), ids.b2)
    expect(assets.page(2, 1, { stacks: { expanded: [] } })[0]!.stack).toMatchObject({ count: 2 })
    expect(stacks.stacksOf([ids.b3!, ids.a1!])).toEqual([{ coverId: stackIdOf('b1'), assetIds: [ids.b1, ids.b3] }])
  })
})
