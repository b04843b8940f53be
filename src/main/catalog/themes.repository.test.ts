import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { CLASSIFIER_THEME_PARAMS, createThemesService } from '../themes'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'
import { createPhotoEventsRepository } from './photo-events.repository'
import { createThemesRepository } from './themes.repository'
import { vectorToBlob } from './vector-blob'

const migrations = loadMigrations(join(appRoot(), 'migrations'))
const MODEL = 'mobilenetv2-12-int8'
const DAY = 86_400_000

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/**
 * A catalog with four events: the beach in three of them ("seashore" or "sandbar", plus one frame
 * the classifier named nothing on), snow in one, and a stray photo of something else in each.
 */
function catalog() {
  const db = openDatabase(':memory:')
  migrate(db, migrations)
  const random = rng(3)
  const unit = () => Float32Array.from({ length: 32 }, () => random() * 2 - 1)
  const near = (v: Float32Array) => Float32Array.from(v, (x) => x + (random() * 2 - 1) * 0.2)
  const beach = unit()
  const snow = unit()
  const now = new Date().toISOString()
  const insertAsset = db.prepare(`INSERT INTO assets (sha256, state, sort_ms, month, created_at, updated_at) VALUES (?, 'ready', ?, ?, ?, ?)`)
  const tag = db.prepare(`INSERT INTO asset_tags (asset_id, label, score, kind, model_id) VALUES (?, ?, ?, ?, ?)`)
  const embed = db.prepare(`INSERT INTO embeddings (asset_id, model_id, model_version, dim, device, vector, created_at) VALUES (?, ?, '12-int8', 32, 'cpu', ?, ?)`)
  const events = createPhotoEventsRepository(db)
  let n = 0
  const photo = (day: number, vector: Float32Array, tags: [label: string, score: number, kind: 'label' | 'hypernym'][]) => {
    const t = Date.UTC(2024, 0, 1) + day * DAY + n * 60_000
    const id = Number(insertAsset.run(String(++n).padStart(64, '0'), t, new Date(t).toISOString().slice(0, 7), now, now).lastInsertRowid)
    for (const [label, score, kind] of tags) tag.run(id, label, score, kind, MODEL)
    embed.run(id, MODEL, vectorToBlob(vector), now)
    return id
  }
  const seaside = (score: number, label = 'seashore'): [string, number, 'label' | 'hypernym'][] => [
    [label, score, 'label'],
    ['shore', score, 'hypernym'],
    ['geological formation', score, 'hypernym'],
    ['whole', score, 'hypernym'],
  ]
  const ids: Record<string, number[]> = { beach: [], snow: [], stray: [], frame: [] }
  for (const [i, day] of [0, 100, 200].entries()) {
    const members = [
      ...Array.from({ length: 2 }, (_, k) => photo(day, near(beach), seaside(0.6 + i / 10 + k / 100, i === 1 ? 'sandbar' : 'seashore'))),
      photo(day, unit(), [[['pizza', 'tabby', 'umbrella'][i]!, 0.7, 'label'], ['whole', 0.7, 'hypernym']]),
    ]
    ids.beach!.push(members[0]!, members[1]!)
    ids.stray!.push(members[2]!)
    events.apply([], [{ title: `e${i}`, place: null, startMs: 0, endMs: 1, count: members.length, fileTimeCount: 0, members }])
  }
  // The unlabelled frame of the second beach day: its vector is the beach's.
  const frame = photo(100, near(beach), [])
  ids.frame!.push(frame)
  const secondEvent = db.prepare(`SELECT event_id AS id FROM photo_event_members WHERE asset_id = ?`).get(ids.beach![2]!) as { id: number }
  db.prepare(`INSERT INTO photo_event_members (asset_id, event_id) VALUES (?, ?)`).run(frame, secondEvent.id)
  const snowDay = Array.from({ length: 5 }, () => photo(300, near(snow), [['alp', 0.8, 'label'], ['mountain', 0.8, 'hypernym'], ['whole', 0.8, 'hypernym']]))
  ids.snow!.push(...snowDay)
  events.apply([], [{ title: 'snow', place: null, startMs: 0, endMs: 1, count: 5, fileTimeCount: 0, members: snowDay }])

  const repo = createThemesRepository(db)
  let changes = 0
  const service = createThemesService({
    themes: repo,
    vectorModel: () => ({ modelId: MODEL, params: CLASSIFIER_THEME_PARAMS, similarFloor: 0.7 }),
    changed: () => changes++,
  })
  return { db, repo, service, ids, changes: () => changes }
}

describe('themes repository and service', () => {
  it('stores the beach across three events, named by its strongest tag, with its look-alike frame', async () => {
    const { service, ids } = catalog()
    expect(await service.recompute()).toEqual({ themes: 1 })
    const [theme, ...rest] = service.list()
    expect(rest).toEqual([])
    expect(theme).toMatchObject({ name: 'shore', events: 3, count: 7, labels: ['sandbar', 'seashore'] })
    // "sandbar" is on a third of its photos only; "whole" is on every photo of the library and comes last.
    expect(theme!.tags).toEqual(['shore', 'geological formation', 'seashore', 'whole'])
    // The surest photo: the third beach day's second photo (0.81).
    expect(theme!.cover?.id).toBe(ids.beach![5])
    const photos = service.photos(theme!.id, 0, 100)!
    expect(photos.map((p) => p.id).sort((a, b) => a - b)).toEqual([...ids.beach!, ...ids.frame!].sort((a, b) => a - b))
    // Newest first, paged.
    expect(service.photos(theme!.id, 0, 2)!.map((p) => p.id)).toEqual(photos.slice(0, 2).map((p) => p.id))
    expect(service.photos(theme!.id, 6, 10)).toHaveLength(1)
    expect(service.photos(theme!.id + 100, 0, 10)).toBeNull()
  })

  it('keeps a theme id across recomputes, leaves trashed photos out, and skips when nothing changed', async () => {
    const { db, service, ids, changes } = catalog()
    await service.handlers['library.themes']({}, { signal: new AbortController().signal, progress: () => {} } as never)
    expect(changes()).toBe(1)
    const [before] = service.list()
    // Nothing changed: no recompute, no change event.
    await service.handlers['library.themes']({}, { signal: new AbortController().signal, progress: () => {} } as never)
    expect(changes()).toBe(1)
    db.prepare(`UPDATE assets SET trashed_at = ? WHERE id = ?`).run(new Date().toISOString(), ids.beach![5]!)
    // The trashed cover hands over at once (read time), before any recompute.
    const [after] = service.list()
    expect(after!.id).toBe(before!.id)
    expect(after!.count).toBe(6)
    expect(after!.cover?.id).not.toBe(ids.beach![5])
    await service.recompute()
    expect(service.list()[0]!.id).toBe(before!.id)
  })

  it('has no theme once the beach is left in one event only', async () => {
    const { db, service, ids } = catalog()
    await service.recompute()
    // Two of the three beach days go to the trash (they leave their events at the next events pass).
    for (const id of ids.beach!.slice(0, 4)) db.prepare(`DELETE FROM photo_event_members WHERE asset_id = ?`).run(id)
    await service.recompute()
    expect(service.list()).toEqual([])
  })
})
