// On this day and the map on real imported photos (EXIF dates and GPS written at test time), through
// the contract: what the catalog holds after ingest, and how date and place edits, hiding, the trash
// and undo move photos in and out.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { MapPhotosPage, MapPoint } from '../../shared/map'
import type { OnThisDay } from '../../shared/memories'
import { openAndImport, tempDir } from '../testing/fixtures'
import { writePlacedPhotos } from '../testing/placed-photos'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'

describe('memories and map of imported photos (through the contract)', () => {
  const dir = tempDir()
  let app: PhotoHouseApp
  let dispatch: Dispatch
  let paths: Record<string, string>
  const id = (name: string) => app.repositories.search.assetIdByPath(paths[name]!)!
  const onThisDay = async (date: string) => ((await dispatch('memories.onThisDay', { date })) as OnThisDay).years.map((y) => [y.year, y.photos.map((p) => p.id)])
  const points = async () => ((await dispatch('map.points', {})) as { points: MapPoint[] }).points
  const PARIS = { west: 2.2, south: 48.8, east: 2.5, north: 48.95 }

  beforeAll(async () => {
    paths = await writePlacedPhotos(join(dir.path, 'photos'), [
      { name: 'paris-2019.jpg', time: '2019:12:06 10:00:00', at: [48.8606, 2.3376] },
      { name: 'paris-2023.jpg', time: '2023:12:06 23:30:00', at: [48.8583, 2.3375] },
      { name: 'tokyo-2023.jpg', time: '2023:08:20 10:00:00', at: [35.6595, 139.7005] },
      { name: 'home-2024.jpg', time: '2024:12:07 00:10:00' },
      { name: 'no-date.jpg' },
    ])
    app = await openAndImport(join(dir.path, 'lib'), [join(dir.path, 'photos')])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  it('gives the day of earlier years by the wall-clock time the photo was taken', async () => {
    expect(await onThisDay('2026-12-06')).toEqual([
      [2023, [id('paris-2023.jpg')]],
      [2019, [id('paris-2019.jpg')]],
    ])
    expect(await onThisDay('2026-12-07')).toEqual([[2024, [id('home-2024.jpg')]]])
    // Only years before the date's.
    expect(await onThisDay('2023-12-06')).toEqual([[2019, [id('paris-2019.jpg')]]])
    await expect(dispatch('memories.onThisDay', { date: '2026-02-30' })).rejects.toThrow(/calendar day/)
  })

  it('follows a date edit, hiding, the trash and their undo', async () => {
    const tokyo = id('tokyo-2023.jpg')
    await dispatch('edits.setDate', { ids: [tokyo], mode: 'set', takenAt: '2021-12-06T08:00:00' })
    expect(await onThisDay('2026-12-06')).toEqual([
      [2023, [id('paris-2023.jpg')]],
      [2021, [tokyo]],
      [2019, [id('paris-2019.jpg')]],
    ])
    await dispatch('assets.setHidden', { ids: [id('paris-2023.jpg')], hidden: true })
    await dispatch('trash.move', { ids: [id('paris-2019.jpg')] })
    expect(await onThisDay('2026-12-06')).toEqual([[2021, [tokyo]]])
    for (let i = 0; i < 3; i++) await dispatch('edits.undo', {})
    expect(await onThisDay('2026-12-06')).toEqual([
      [2023, [id('paris-2023.jpg')]],
      [2019, [id('paris-2019.jpg')]],
    ])
  })

  it('puts the photos with GPS on the map and lists a region newest first', async () => {
    const all = await points()
    expect(all.map(([assetId]) => assetId).sort((a, b) => a - b)).toEqual([id('paris-2019.jpg'), id('paris-2023.jpg'), id('tokyo-2023.jpg')].sort((a, b) => a - b))
    const paris = all.find(([assetId]) => assetId === id('paris-2019.jpg'))!
    // EXIF keeps seconds to a hundredth: the position comes back within a metre.
    expect(paris[1]).toBeCloseTo(48.8606, 4)
    expect(paris[2]).toBeCloseTo(2.3376, 4)
    const region = (await dispatch('map.photosInBounds', { bounds: PARIS, offset: 0, limit: 10 })) as MapPhotosPage
    expect(region).toMatchObject({ total: 2, photos: [{ id: id('paris-2023.jpg') }, { id: id('paris-2019.jpg') }] })
    await expect(dispatch('map.photosInBounds', { bounds: { ...PARIS, south: 50 }, offset: 0, limit: 10 })).rejects.toThrow(/south/)
  })

  it('follows a place edit (set and cleared), hiding and their undo', async () => {
    const home = id('home-2024.jpg')
    await dispatch('edits.setPlace', { ids: [home], mode: 'set', lat: 48.87, lon: 2.35 })
    expect(((await dispatch('map.photosInBounds', { bounds: PARIS, offset: 0, limit: 10 })) as MapPhotosPage).total).toBe(3)
    expect((await points()).some(([assetId, lat, lon]) => assetId === home && lat === 48.87 && lon === 2.35)).toBe(true)
    await dispatch('edits.setPlace', { ids: [id('paris-2019.jpg')], mode: 'clear' })
    await dispatch('assets.setHidden', { ids: [id('paris-2023.jpg')], hidden: true })
    expect(((await dispatch('map.photosInBounds', { bounds: PARIS, offset: 0, limit: 10 })) as MapPhotosPage).photos.map((p) => p.id)).toEqual([home])
    for (let i = 0; i < 3; i++) await dispatch('edits.undo', {})
    expect((await points()).map(([assetId]) => assetId)).not.toContain(home)
    expect(((await dispatch('map.photosInBounds', { bounds: PARIS, offset: 0, limit: 10 })) as MapPhotosPage).total).toBe(2)
  })
})
