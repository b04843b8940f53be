// The events service on a catalog in memory: recomputes, and the user's edits across them.
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { createPhotoEventsRepository, createUndoRepository, loadMigrations, migrate, openDatabase, type Db } from '../catalog'
import { createUndoService, type UndoService } from '../curation'
import { appRoot } from '../platform/app-root'
import { createPhotoEventsService, type PhotoEventsService } from './photo-events.service'

const migrations = loadMigrations(join(appRoot(), 'migrations'))
const MIN = 60_000
const at = (iso: string) => Date.parse(`${iso}Z`)

describe('events service', () => {
  let db: Db
  let undo: UndoService
  let service: PhotoEventsService
  let changes = 0
  let sha = 0

  /** `count` photos from `startIso`, every `everyMin` minutes, in a city (or none); returns their ids. */
  function shoot(startIso: string, count: number, everyMin: number, city: string | null = null, options: { fileTime?: boolean } = {}): number[] {
    const now = new Date().toISOString()
    const insert = db.prepare(
      `INSERT INTO assets (sha256, state, sort_ms, taken_at, lat, lon, city, country, width, height, created_at, updated_at)
       VALUES (?, 'ready', ?, ?, ?, ?, ?, ?, 100, 100, ?, ?)`,
    )
    const coords: Record<string, [number, number]> = { Paris: [48.85, 2.35], Tokyo: [35.68, 139.76], Berlin: [52.52, 13.4], Munich: [48.14, 11.58] }
    return Array.from({ length: count }, (_, i) => {
      const t = at(startIso) + i * everyMin * MIN
      const pos = city ? coords[city]! : null
      const taken = options.fileTime ? null : new Date(t).toISOString().slice(0, 19)
      sha++
      return Number(insert.run(String(sha).padStart(64, '0'), t, taken, pos?.[0] ?? null, pos?.[1] ?? null, city, city ? 'Somewhere' : null, now, now).lastInsertRowid)
    })
  }
  const titles = () => service.list().map((e) => e.title)

  beforeEach(() => {
    db = openDatabase(':memory:')
    migrate(db, migrations)
    undo = createUndoService({ db, journal: createUndoRepository(db) })
    changes = 0
    service = createPhotoEventsService({ events: createPhotoEventsRepository(db), undo, changed: () => changes++ })
  })

  it('cuts the library into titled events, newest first, and rewrites only what changed', () => {
    shoot('2023-06-10T10:00:00', 5, 10, 'Paris')
    shoot('2023-08-20T09:00:00', 3, 60)
    shoot('2024-05-03T09:00:00', 6, 10, 'Berlin')
    shoot('2024-05-03T10:00:00', 6, 10, 'Munich', {})
    expect(service.resegment()).toMatchObject({ written: 4, events: 4 })
    expect(titles()).toEqual(['Munich, 3 May 2024', 'Berlin, 3 May 2024', '20 August 2023', 'Paris, 10 June 2023'])
    expect(service.years()).toEqual([
      { year: 2024, count: 2 },
      { year: 2023, count: 2 },
    ])
    // Nothing changed: nothing written.
    expect(service.resegment()).toMatchObject({ written: 0, removed: 0 })
    // Two more photos the next evening in Munich: only that event is written.
    shoot('2024-05-03T19:00:00', 2, 10, 'Munich')
    expect(service.resegment()).toMatchObject({ written: 1, removed: 0 })
  })

  it('marks photos placed by their file time', () => {
    shoot('2023-06-10T10:00:00', 2, 10, null, { fileTime: true })
    shoot('2023-06-10T10:30:00', 1, 10)
    service.resegment()
    expect(service.list()[0]).toMatchObject({ count: 3, fileTimeCount: 2 })
  })

  it('keeps a name, a merge and a split through recomputes as photos arrive, trash and hide', () => {
    const paris = shoot('2023-06-10T10:00:00', 6, 10, 'Paris')
    const tokyo1 = shoot('2023-08-20T09:00:00', 4, 30, 'Tokyo')
    const tokyo2 = shoot('2023-08-22T09:00:00', 4, 30, 'Tokyo')
    service.resegment()
    // Tokyo is the library's home here (most photos): its days are separate events.
    expect(titles()).toEqual(['Tokyo, 22 August 2023', 'Tokyo, 20 August 2023', 'Paris, 10 June 2023'])
    const parisEvent = service.ofAsset(paris[0]!)!
    expect(service.rename(parisEvent.id, 'Anna in Paris')!.changed).toBe(1)

    const merged = service.merge(service.ofAsset(tokyo1[0]!)!.id, 'next')!
    expect(merged.changed).toBe(1)
    expect(merged.event).toMatchObject({ title: 'Tokyo, 20–22 Aug 2023', count: 8 })

    const split = service.split(parisEvent.id, paris[3]!)!
    expect(split.event).toMatchObject({ count: 3, named: false })
    expect(service.ofAsset(paris[0]!)).toMatchObject({ title: 'Anna in Paris', count: 3 })

    // New photos inside the merged trip join it; a photo trashed and one hidden leave; all edits hold.
    shoot('2023-08-21T12:00:00', 2, 30, 'Tokyo')
    db.prepare(`UPDATE assets SET trashed_at = ? WHERE id = ?`).run(new Date().toISOString(), tokyo2[3]!)
    db.prepare(`UPDATE assets SET hidden = 1 WHERE id = ?`).run(tokyo2[2]!)
    service.resegment()
    expect(service.ofAsset(tokyo1[0]!)).toMatchObject({ title: 'Tokyo, 20–22 Aug 2023', count: 8 })
    expect(service.ofAsset(tokyo2[3]!)).toBeNull()
    expect(service.ofAsset(paris[0]!)).toMatchObject({ title: 'Anna in Paris', count: 3 })
    expect(service.ofAsset(paris[5]!)).toMatchObject({ count: 3, named: false })
    expect(service.photos(service.ofAsset(paris[0]!)!.id, 0, 10).map((p) => p.id)).toEqual(paris.slice(0, 3))

    // Undo goes back one step at a time: the split, then the merge, then the name.
    expect(undo.undo()).toMatch(/^Split/)
    expect(service.ofAsset(paris[5]!)).toMatchObject({ title: 'Anna in Paris', count: 6 })
    expect(undo.undo()).toMatch(/^Merged/)
    // Without the merge the photos of the 21st are a day of their own again.
    expect(titles()).toEqual(['Tokyo, 22 August 2023', 'Tokyo, 21 August 2023', 'Tokyo, 20 August 2023', 'Anna in Paris'])
    expect(undo.undo()).toMatch(/^Renamed/)
    expect(titles().at(-1)).toBe('Paris, 10 June 2023')
    expect(changes).toBeGreaterThan(0)
  })

  it('finds the events a search asks for: by place and dates when the other words only ask for an event, else by the name given', () => {
    const paris = shoot('2023-06-10T10:00:00', 3, 10, 'Paris')
    const tokyo = shoot('2024-03-01T10:00:00', 2, 10, 'Tokyo')
    service.resegment()
    const q = (text: string, places: string[] = [], dateRanges: { from: string; to: string }[] = []) => service.match({ text, places, dateRanges }, 100)
    expect(q('trip to', ['tokyo'])).toEqual({ eventIds: [service.ofAsset(tokyo[0]!)!.id], assetIds: tokyo, text: '' })
    expect(q('', ['Paris'], [{ from: '2023-01-01', to: '2024-01-01' }])?.assetIds).toEqual(paris)
    expect(q('', ['Paris'], [{ from: '2024-01-01', to: '2025-01-01' }])).toBeNull()
    // Other words describe the photos, not the event: left to the photos' own words.
    expect(q('dog', ['Paris'])).toBeNull()
    service.rename(service.ofAsset(paris[0]!)!.id, "Anna's Birthday")
    expect(q('birthday photos')).toMatchObject({ assetIds: paris, text: 'birthday photos' })
    expect(q('birthday', [], [{ from: '2024-01-01', to: '2025-01-01' }])).toBeNull()
  })

  it('merges with the previous event, keeps the name of either, and a rename to nothing gives the title back', () => {
    const a = shoot('2023-06-10T10:00:00', 3, 10, 'Paris')
    const b = shoot('2023-06-12T10:00:00', 3, 10, 'Paris')
    service.resegment()
    const first = service.ofAsset(a[0]!)!
    service.rename(first.id, 'Weekend')
    const merged = service.merge(service.ofAsset(b[0]!)!.id, 'previous')!
    expect(merged.event).toMatchObject({ title: 'Weekend', count: 6, autoTitle: 'Paris, 10–12 June 2023' })
    // Nothing before the first event: nothing to merge.
    expect(service.merge(merged.event!.id, 'previous')).toMatchObject({ changed: 0, undo: null })
    expect(service.rename(merged.event!.id, '  ')!.changed).toBe(1)
    expect(service.get(merged.event!.id)).toMatchObject({ title: 'Paris, 10–12 June 2023', named: false })
    // Splitting at the first photo changes nothing; unknown events are null (a 404 for the caller).
    expect(service.split(merged.event!.id, a[0]!)).toMatchObject({ changed: 0 })
    expect(service.split(merged.event!.id, 999_999)).toBeNull()
    expect(service.rename(999_999, 'x')).toBeNull()
  })
})
