// Events of real imported photos (EXIF dates and GPS written at test time), through the contract.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { AssetSummary } from '../../shared/domain'
import type { PhotoEventChange, PhotoEventSummary } from '../../shared/photo-events'
import { openAndImport, tempDir, waitFor } from '../testing/fixtures'
import { writeEventPhotos } from '../testing/event-photos'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'

describe('events of imported photos (through the contract)', () => {
  const dir = tempDir()
  let app: PhotoHouseApp
  let dispatch: Dispatch
  let paths: Record<string, string>
  const id = (name: string) => app.repositories.search.assetIdByPath(paths[name]!)!
  const list = async () => (await dispatch('photoEvents.list', {})) as PhotoEventSummary[]

  beforeAll(async () => {
    paths = await writeEventPhotos(join(dir.path, 'photos'))
    app = await openAndImport(join(dir.path, 'lib'), [join(dir.path, 'photos')])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
    // Places arrive after ingest; the recompute that follows them is queued when they do.
    await waitFor(() => app.photoEvents.list().some((e) => e.place === 'Tokyo'), 30_000)
    await app.runner.idle(50)
  }, 240_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  it('cuts them by day, trip and place, titled from the reverse geocoder and the dates', async () => {
    expect((await list()).map((e) => [e.title, e.count])).toEqual([
      ['10 May 2024', 1],
      ['Munich, 3 May 2024', 1],
      ['Berlin, 3 May 2024', 2],
      ['Tokyo, 20–21 Aug 2023', 2],
      ['Paris, 10 June 2023', 4],
    ])
    expect(await dispatch('photoEvents.years', {})).toEqual([
      { year: 2024, count: 3 },
      { year: 2023, count: 2 },
    ])
    const paris = (await dispatch('photoEvents.ofAsset', { assetId: id('paris-2.jpg') })) as PhotoEventSummary
    expect(paris).toMatchObject({ start: '2023-06-10T10:00:00', end: '2023-06-10T11:00:00', place: 'Paris', fileTimeCount: 0 })
    expect(paris.cover).not.toBeNull()
    const photos = (await dispatch('photoEvents.photos', { eventId: paris.id, offset: 1, limit: 5 })) as AssetSummary[]
    expect(photos.map((p) => p.id)).toEqual([id('paris-2.jpg'), id('paris-nogps.jpg'), id('paris-3.jpg')])
  })

  it('merges, splits and renames as undoable steps; unknown events are a 404', async () => {
    const berlin = (await dispatch('photoEvents.ofAsset', { assetId: id('berlin-1.jpg') })) as PhotoEventSummary
    const merged = (await dispatch('photoEvents.merge', { eventId: berlin.id, with: 'next' })) as PhotoEventChange
    expect(merged.event).toMatchObject({ title: 'Berlin & Munich, 3 May 2024', count: 3 })
    const split = (await dispatch('photoEvents.split', { eventId: merged.event!.id, assetId: id('berlin-2.jpg') })) as PhotoEventChange
    expect(split.event).toMatchObject({ title: 'Berlin & Munich, 3 May 2024', count: 2 })
    await dispatch('photoEvents.rename', { eventId: split.event!.id, name: 'Train day' })
    // A recompute (as after any import) keeps all three edits.
    app.photoEvents.resegment()
    expect((await list()).slice(1, 3).map((e) => [e.title, e.count])).toEqual([
      ['Train day', 2],
      ['Berlin, 3 May 2024', 1],
    ])
    for (const label of [/^Renamed/, /^Split/, /^Merged/]) expect(((await dispatch('edits.undo', {})) as { undone: string }).undone).toMatch(label)
    expect((await list()).slice(1, 3).map((e) => e.title)).toEqual(['Munich, 3 May 2024', 'Berlin, 3 May 2024'])
    await expect(dispatch('photoEvents.get', { eventId: 999_999 })).resolves.toBeNull()
    await expect(dispatch('photoEvents.rename', { eventId: 999_999, name: 'x' })).rejects.toMatchObject({ code: 'not-found' })
    await expect(dispatch('photoEvents.merge', { eventId: berlin.id, with: 'sideways' })).rejects.toMatchObject({ code: 'invalid-input' })
  })

  it('finds events by place and time: "paris 2023" and "trip to Tokyo" bring their photos, GPS or not', async () => {
    type Result = { hits: { asset: { id: number }; matched: string[] }[] }
    const paris = (await dispatch('search.query', { text: 'paris 2023' })) as Result
    expect(new Set(paris.hits.map((h) => h.asset.id))).toEqual(new Set(['paris-1.jpg', 'paris-2.jpg', 'paris-nogps.jpg', 'paris-3.jpg'].map(id)))
    // The photo without GPS comes through its event only.
    expect(paris.hits.find((h) => h.asset.id === id('paris-nogps.jpg'))!.matched).toContain('event')
    const tokyo = (await dispatch('search.query', { text: 'trip to Tokyo' })) as Result
    expect(new Set(tokyo.hits.map((h) => h.asset.id))).toEqual(new Set([id('tokyo-1.jpg'), id('tokyo-2.jpg')]))
    // No event in Paris in 2024; and the date the UI picks still holds.
    expect(((await dispatch('search.query', { text: 'paris 2024' })) as Result).hits).toEqual([])
    const filtered = (await dispatch('search.query', { text: 'trip to Tokyo', filters: { from: '2023-08-21', to: '2023-08-31' } })) as Result
    expect(filtered.hits.map((h) => h.asset.id)).toEqual([id('tokyo-2.jpg')])
  })

  it('leaves out a trashed photo once it is trashed, and takes it back on undo', async () => {
    await dispatch('trash.move', { ids: [id('munich-1.jpg')] })
    await waitFor(() => app.photoEvents.list().every((e) => e.place !== 'Munich'), 15_000)
    await dispatch('edits.undo', {})
    await waitFor(() => app.photoEvents.list().some((e) => e.place === 'Munich'), 15_000)
  })
})
