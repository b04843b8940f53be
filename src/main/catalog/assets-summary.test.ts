// What a grid tile learns of a photo's motion part (a live photo's MOV, a motion photo's clip), and
// that reading it keeps the timeline's page query on its indexes.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { createAssetsRepository, SUMMARY_COLUMNS } from './assets.repository'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'
import { createMotionRepository } from './motion.repository'

function setup() {
  const db = openDatabase(':memory:')
  migrate(db, loadMigrations(join(appRoot(), 'migrations')))
  const now = new Date().toISOString()
  let sortMs = Date.UTC(2023, 4, 1)
  const asset = (sha: string, mediaType: 'photo' | 'video' = 'photo') =>
    Number(
      db
        .prepare(`INSERT INTO assets (sha256, state, sort_ms, month, media_type, created_at, updated_at) VALUES (?, 'ready', ?, '2023-05', ?, ?, ?)`)
        .run(sha.repeat(64), (sortMs += 1000), mediaType, now, now).lastInsertRowid,
    )
  return { db, assets: createAssetsRepository(db), motion: createMotionRepository(db), asset }
}

describe('asset summaries: motion', () => {
  it('a live photo says live, a motion photo embedded; other photos and videos carry no motion field', () => {
    const { assets, motion, asset } = setup()
    const live = asset('a')
    const embedded = asset('b')
    const plain = asset('c')
    const video = asset('d', 'video')
    motion.set({ assetId: live, kind: 'live-photo', path: '/p/IMG_0001.MOV', byteOffset: 0, byteLength: null, durationMs: 2000, contentId: 'X', stillMs: 1000 })
    motion.set({ assetId: embedded, kind: 'motion-photo', path: '/p/MVIMG.jpg', byteOffset: 5000, byteLength: 9000, durationMs: 1500, contentId: null, stillMs: null })

    const page = new Map(assets.page(0, 10).map((a) => [a.id, a]))
    expect(page.get(live)!.motion).toBe('live')
    expect(page.get(embedded)!.motion).toBe('embedded')
    expect('motion' in page.get(plain)!).toBe(false)
    expect('motion' in page.get(video)!).toBe(false)
    expect(assets.summaries([live, plain]).map((a) => a.motion)).toEqual(['live', undefined])
    // The viewer's details are a summary too, without the raw column.
    expect(assets.get(embedded)).toMatchObject({ motion: 'embedded' })
    expect(assets.get(embedded)).not.toHaveProperty('motionKind')

    // A re-ingest that finds no motion any more removes the row: the badge goes with it.
    motion.remove(live)
    expect(assets.summaries([live])[0]).not.toHaveProperty('motion')
  })

  it('the page query reads motion by primary key for its rows only, still walking the timeline index', () => {
    const { db } = setup()
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT ${SUMMARY_COLUMNS} FROM assets a WHERE a.id IN (
             SELECT a.id FROM assets a WHERE a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL AND a.hidden = 0
             ORDER BY a.sort_ms DESC, a.id DESC LIMIT 100 OFFSET 0) ORDER BY a.sort_ms DESC, a.id DESC`,
        )
        .all() as { detail: string }[]
    ).map((r) => r.detail)
    expect(plan.some((d) => /SEARCH am USING INTEGER PRIMARY KEY/.test(d))).toBe(true)
    expect(plan.some((d) => /SCAN am\b/.test(d))).toBe(false)
    expect(plan.some((d) => /assets_timeline/.test(d))).toBe(true)
  })
})
