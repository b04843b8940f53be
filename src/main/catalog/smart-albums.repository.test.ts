import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSmartRule, type SmartRule } from '../../shared/smart-albums'
import { appRoot } from '../platform/app-root'
import { createAlbumsRepository } from './albums.repository'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'
import { RAW_EXTENSIONS, rawMimeOf } from '../raw'
import { createSmartAlbumsRepository, RAW_MIME_TYPES, type SmartContext } from './smart-albums.repository'

const now = '2026-01-01T00:00:00.000Z'
/** 2025-06-15 12:00, the wall clock the relative dates are read against. */
const NOW_MS = Date.UTC(2025, 5, 15, 12)

interface PhotoFields {
  sortMs?: number
  takenAt?: string | null
  city?: string
  region?: string
  country?: string
  placeLabel?: string
  lat?: number
  lon?: number
  make?: string
  model?: string
  lens?: string
  iso?: number
  fNumber?: number
  focal?: number
  rating?: number
  favorite?: boolean
  hidden?: boolean
  trashed?: boolean
  description?: string
  mime?: string
  path?: string
}

function setup() {
  const db = openDatabase(':memory:')
  migrate(db, loadMigrations(join(appRoot(), 'migrations')))
  db.prepare(`INSERT INTO roots (path, added_at) VALUES ('/photos', ?)`).run(now)
  const repo = createSmartAlbumsRepository(db)
  let n = 0
  const photo = (f: PhotoFields = {}): number => {
    n++
    const sortMs = f.sortMs ?? Date.UTC(2020, 0, n)
    const id = Number(
      db
        .prepare(
          `INSERT INTO assets (sha256, state, sort_ms, taken_at, city, region, country, place_label, lat, lon, make, model, lens, iso, f_number,
             focal_length, rating, favorite, hidden, trashed_at, description, mime, created_at, updated_at)
           VALUES (?, 'ready', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          n.toString(16).padStart(64, '0'), sortMs, f.takenAt === undefined ? new Date(sortMs).toISOString() : f.takenAt, f.city ?? null, f.region ?? null,
          f.country ?? null, f.placeLabel ?? null, f.lat ?? null, f.lon ?? null, f.make ?? null, f.model ?? null, f.lens ?? null, f.iso ?? null,
          f.fNumber ?? null, f.focal ?? null, f.rating ?? 0, f.favorite ? 1 : 0, f.hidden ? 1 : 0, f.trashed ? now : null, f.description ?? null,
          f.mime ?? 'image/jpeg', now, now,
        ).lastInsertRowid,
    )
    db.prepare(`INSERT INTO locations (path, root_id, asset_id, size, mtime_ms, seen_at) VALUES (?, 1, ?, 1, 0, ?)`).run(f.path ?? `/photos/p${n}.jpg`, id, now)
    return id
  }
  const person = (name: string | null) => Number(db.prepare(`INSERT INTO persons (name, created_at, updated_at) VALUES (?, ?, ?)`).run(name, now, now).lastInsertRowid)
  const face = (assetId: number, personId: number | null) =>
    db
      .prepare(
        `INSERT INTO faces (asset_id, person_id, x, y, w, h, landmarks, score, size, blur, yaw, embedding, model_id, created_at)
         VALUES (?, ?, 0, 0, 1, 1, '[]', 1, 100, 1, 0, x'00', 'm', ?)`,
      )
      .run(assetId, personId, now)
  const tag = (assetId: number, label: string) => db.prepare(`INSERT INTO asset_tags (asset_id, label, score, kind, model_id) VALUES (?, ?, 0.9, 'label', 'm')`).run(assetId, label)
  const ocr = (assetId: number, text: string) =>
    db.prepare(`INSERT INTO asset_text (rowid, path, camera, dates, tags, places, ocr, people, description) VALUES (?, '', '', '', '', '', ?, '', '')`).run(assetId, text)
  const ctx = (resolved: Record<string, number[]> = {}): SmartContext => ({ nowMs: NOW_MS, resolved: new Map(Object.entries(resolved)) })
  const match = (rule: SmartRule | string, context = ctx()) => {
    const r = typeof rule === 'string' ? parseSmartRule(rule) : rule
    const ids = repo.page(r, 0, 1000, context).map((a) => a.id)
    expect(repo.count(r, context)).toBe(ids.length)
    return ids.sort((x, y) => x - y)
  }
  return { db, repo, photo, person, face, tag, ocr, ctx, match }
}

describe('smart albums repository (rules compiled to SQL)', () => {
  it('matches the media types: video, RAW, live photos, motion photos', () => {
    const { db, photo, match } = setup()
    const jpeg = photo()
    const nef = photo({ mime: 'image/x-nikon-nef', path: '/photos/DSC_1.NEF' })
    const cr3 = photo({ mime: 'image/x-canon-cr3', path: '/photos/IMG_2.CR3' })
    const clip = photo({ mime: 'video/mp4', path: '/photos/clip.mp4' })
    const live = photo({ mime: 'image/heic', path: '/photos/IMG_3.HEIC' })
    const pixel = photo({ path: '/photos/PXL_1.MP.jpg' })
    const motion = db.prepare(`INSERT INTO asset_motion (asset_id, kind, path, updated_at) VALUES (?, ?, ?, '2026-01-01')`)
    motion.run(live, 'live-photo', '/photos/IMG_3.MOV')
    motion.run(pixel, 'motion-photo', '/photos/PXL_1.MP.jpg')
    expect(match('type:raw')).toEqual([nef, cr3])
    expect(match('type:video')).toEqual([clip])
    expect(match('type:live')).toEqual([live])
    expect(match('type:motion')).toEqual([pixel])
    expect(match('type:moving')).toEqual([live, pixel])
    expect(match('-type:raw -type:video -type:moving')).toEqual([jpeg])
  })

  it('knows every RAW MIME type the RAW reader catalogues', () => {
    const catalogued = new Set<string>([...RAW_EXTENSIONS].map((ext) => rawMimeOf(`x.${ext}`)))
    expect(new Set(RAW_MIME_TYPES)).toEqual(catalogued)
  })

  it('matches each field', () => {
    const { db, photo, person, face, tag, ocr, match, ctx } = setup()
    const paris = photo({ city: 'Paris', region: 'Île-de-France', country: 'France', lat: 48.8566, lon: 2.3522, make: 'Canon', model: 'Canon EOS 5D', lens: 'EF 50mm f/1.8', iso: 100, fNumber: 1.8, focal: 50, rating: 5, favorite: true, description: 'Birthday party', sortMs: Date.UTC(2023, 6, 14, 10) })
    const versailles = photo({ city: 'Versailles', region: 'Île-de-France', country: 'France', lat: 48.8049, lon: 2.1204, make: 'NIKON CORPORATION', iso: 800, fNumber: 4, focal: 24, rating: 3, sortMs: Date.UTC(2023, 11, 31, 23) })
    const garden = photo({ placeLabel: "Grandma's garden", rating: 4, sortMs: Date.UTC(2025, 5, 10), mime: 'image/heic', path: '/photos/garden/IMG_1.HEIC' })
    const onThisDay = photo({ sortMs: Date.UTC(2019, 5, 15, 8), path: '/photos/garden/old.jpg' })
    const undated = photo({ takenAt: null, sortMs: Date.UTC(2024, 5, 15) })
    const anna = person('Anna')
    const ben = person('Ben')
    face(paris, anna)
    face(versailles, anna)
    face(versailles, ben)
    face(garden, null)
    tag(paris, 'dog')
    tag(garden, 'Flower')
    ocr(versailles, 'EXIT only here')
    ocr(paris, 'entrance')

    expect(match('place:paris')).toEqual([paris])
    expect(match('place:Île-de-France')).toEqual([paris, versailles])
    expect(match(`place:"grandma's garden"`)).toEqual([garden])
    expect(match('country:france city:Versailles')).toEqual([versailles])
    expect(match('region:Île-de-France')).toEqual([paris, versailles])
    expect(match('near:48.85,2.35,5km')).toEqual([paris])
    expect(match('near:48.85,2.35,25km')).toEqual([paris, versailles])
    expect(match('person:anna')).toEqual([paris, versailles])
    expect(match('-person:Anna')).toEqual([garden, onThisDay, undated])
    expect(match('person-only:Anna')).toEqual([paris])
    expect(match('person-only:"Anna,Ben"')).toEqual([versailles])
    expect(match('person:Nobody')).toEqual([])
    expect(match('make:canon')).toEqual([paris])
    expect(match('model:"EOS 5D"')).toEqual([paris])
    expect(match('lens:50mm')).toEqual([paris])
    expect(match('iso<=400')).toEqual([paris])
    expect(match('iso:100..800')).toEqual([paris, versailles])
    expect(match('aperture<2.8')).toEqual([paris])
    expect(match('focal>=24 focal<50')).toEqual([versailles])
    expect(match('rating>=4')).toEqual([paris, garden])
    expect(match('rating:3')).toEqual([versailles])
    expect(match('favorite:yes')).toEqual([paris])
    expect(match('tag:flower')).toEqual([garden])
    expect(match('ocr:exit')).toEqual([versailles])
    expect(match('ocr:"only here"')).toEqual([versailles])
    expect(match('description:birthday')).toEqual([paris])
    expect(match('type:heic')).toEqual([garden])
    expect(match('type:jpg')).toEqual([paris, versailles, onThisDay, undated])
    expect(match('folder:/photos/garden')).toEqual([garden, onThisDay])
    expect(match('gps:yes')).toEqual([paris, versailles])
    expect(match('gps:no')).toEqual([garden, onThisDay, undated])
    expect(match('faces:yes')).toEqual([paris, versailles, garden])
    expect(match('faces:no')).toEqual([onThisDay, undated])
    expect(match('year:2023')).toEqual([paris, versailles])
    expect(match('date:2023-07-14')).toEqual([paris])
    expect(match('date:2023-07-15..2023-12-31')).toEqual([versailles])
    expect(match('date:last-30-days')).toEqual([garden])
    expect(match('date:this-year')).toEqual([garden])
    // Today's day in earlier years, dated photos only.
    expect(match('date:on-this-day')).toEqual([onThisDay])
    // Free text and duplicates come resolved from outside (search, duplicate review); SQL intersects.
    expect(match('"red car" rating>=3', ctx({ 'text:red car': [paris, garden, versailles] }))).toEqual([paris, versailles, garden])
    expect(match('duplicate:near', ctx({ 'duplicate:near': [versailles, onThisDay] }))).toEqual([versailles, onThisDay])
    // Unresolved, free text falls back to the words index.
    expect(match('entrance')).toEqual([paris])
    expect(match('duplicate:similar')).toEqual([])

    // Event and album references.
    const eventId = Number(db.prepare(`INSERT INTO photo_events (start_ms, end_ms, year, title, name, asset_count, updated_at) VALUES (0, 0, 2023, 'Paris, 14 July 2023', NULL, 2, ?)`).run(now).lastInsertRowid)
    db.prepare(`INSERT INTO photo_event_members (asset_id, event_id) VALUES (?, ?), (?, ?)`).run(paris, eventId, versailles, eventId)
    expect(match(`event:${eventId}`)).toEqual([paris, versailles])
    expect(match('event:"14 July"')).toEqual([paris, versailles])
    const albums = createAlbumsRepository(db)
    const plain = albums.insert({ name: 'Trip', description: '', folderId: null, coverAssetId: null, sourcePath: null, synced: false })
    albums.append(plain, [garden, paris])
    const synced = albums.insert({ name: 'Garden folder', description: '', folderId: null, coverAssetId: null, sourcePath: '/photos/garden', synced: true })
    expect(match('album:trip')).toEqual([paris, garden])
    expect(match(`album:${synced}`)).toEqual([garden, onThisDay])
    const smartOne = albums.insert({ name: 'Loved', description: '', folderId: null, coverAssetId: null, sourcePath: null, synced: false, rule: JSON.stringify(parseSmartRule('rating>=4')) })
    expect(match('album:Loved -tag:dog')).toEqual([garden])
    // A rule that names itself matches nothing instead of recursing.
    albums.setRuleText(smartOne, JSON.stringify(parseSmartRule('album:Loved OR favorite:yes')))
    expect(albums.photos(smartOne, 0, 10).map((a) => a.id)).toEqual([paris])
  })

  it('combines nested all / any / none groups, negations that hold for missing values, and leaves trashed and hidden photos out', () => {
    const { photo, match } = setup()
    const canon5 = photo({ make: 'Canon', rating: 5 })
    const nikon5 = photo({ make: 'Nikon', rating: 5 })
    const canon2 = photo({ make: 'Canon', rating: 2 })
    const noCamera = photo({ rating: 1 })
    const hidden = photo({ make: 'Canon', rating: 5, hidden: true })
    photo({ make: 'Canon', rating: 5, trashed: true })

    expect(match('make:canon rating>=4')).toEqual([canon5])
    expect(match('make:canon OR rating>=4')).toEqual([canon5, nikon5, canon2])
    // No camera is "not a Canon" too.
    expect(match('-make:canon')).toEqual([nikon5, noCamera])
    expect(match('-(make:canon OR make:nikon)')).toEqual([noCamera])
    expect(match('(make:canon (rating:5 OR rating:1)) OR (-make:canon rating<5)')).toEqual([canon5, noCamera])
    expect(match({ match: 'none', rules: [{ match: 'any', rules: [{ field: 'rating', op: 'eq', value: 5 }, { field: 'rating', op: 'eq', value: 1 }] }] })).toEqual([canon2])
    expect(match({ match: 'all', rules: [] })).toEqual([canon5, nikon5, canon2, noCamera])
    // Hidden photos only when the rule names `hidden`; trashed ones never.
    expect(match('hidden:yes')).toEqual([hidden])
    expect(match('make:canon rating:5 (hidden:yes OR hidden:no)')).toEqual([canon5, hidden])
  })

  it('lets a rare person drive the query and tests a common one by membership, with the same photos either way', () => {
    const { photo, person, face, repo, match, ctx } = setup()
    const anna = person('Anna')
    const ben = person('Ben')
    const annas: number[] = []
    for (let i = 0; i < 2100; i++) {
      const id = photo({ rating: i % 5, sortMs: Date.UTC(2020, 0, 1) + i * 60_000 })
      face(id, anna)
      annas.push(id)
      if (i % 700 === 0) face(id, ben)
    }
    expect(repo.compile(parseSmartRule('person:Ben'), ctx()).where).toMatch(/[^+]a\.id IN \(SELECT f\.asset_id/)
    expect(repo.compile(parseSmartRule('person:Anna'), ctx()).where).toMatch(/\+a\.id IN \(SELECT f\.asset_id/)
    expect(match('person:Ben')).toEqual([annas[0], annas[700], annas[1400]])
    expect(match('person:Anna rating:4')).toEqual(annas.filter((_, i) => i % 5 === 4))
    expect(match('person:Anna person:Ben')).toEqual([annas[0], annas[700], annas[1400]])
  })

  it('pages newest first', () => {
    const { photo, repo, ctx } = setup()
    const ids = [photo({ sortMs: 3000 }), photo({ sortMs: 1000 }), photo({ sortMs: 2000 })]
    const rule = parseSmartRule('')
    expect(repo.page(rule, 0, 2, ctx()).map((a) => a.id)).toEqual([ids[0], ids[2]])
    expect(repo.page(rule, 2, 2, ctx()).map((a) => a.id)).toEqual([ids[1]])
  })

  it('keeps values out of the SQL text (parameters only)', () => {
    const { repo, ctx } = setup()
    const rule = parseSmartRule(`place:"x' OR 1=1 --" make:"%" tag:"a\\"b" person:"Robert'); DROP TABLE assets;--"`)
    const compiled = repo.compile(rule, ctx())
    for (const value of ["x' OR 1=1 --", 'Robert', 'DROP']) expect(compiled.where).not.toContain(value)
    expect(compiled.params).toContain("x' OR 1=1 --")
    expect(repo.count(rule, ctx())).toBe(0)
  })
})
