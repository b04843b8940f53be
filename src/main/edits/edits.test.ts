// Edits of date, place and description through the contract on a real imported library: stored
// beside the file's values, used by the timeline and search, each batch one undoable step, and the
// original files never written.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'
import type { AssetDetail, AssetSummary, BatchResult, SearchResult, TimelineMonth } from '../../shared/domain'

const DAY = 24 * 3600 * 1000

describe('edits of date, place and description (real photos, through the contract)', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  const path = {
    starfish: join(photos, 'Beach', 'starfish.jpg'),
    nikon: join(photos, 'Garden', 'flowers.jpg'),
    iphone: join(photos, 'Phone', 'IMG_0001.jpg'),
  }
  const id = { starfish: 0, nikon: 0, iphone: 0 }
  const original = new Map<number, AssetDetail>()
  const originalBytes = new Map<string, Buffer>()

  beforeAll(async () => {
    copyInto(REAL_PHOTOS.starfish, path.starfish)
    copyInto(REAL_PHOTOS.nikon, path.nikon)
    copyInto(REAL_PHOTOS.iphone, path.iphone)
    for (const p of Object.values(path)) originalBytes.set(p, readFileSync(p))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
    for (const key of Object.keys(id) as (keyof typeof id)[]) {
      id[key] = app.repositories.search.assetIdByPath(path[key])!
      original.set(id[key], (await dispatch('assets.get', { assetId: id[key] })) as AssetDetail)
    }
  }, 600_000)
  afterAll(async () => {
    await app.close()
    dir.cleanup()
  })

  const detail = async (assetId: number) => (await dispatch('assets.get', { assetId })) as AssetDetail
  const order = async () => ((await dispatch('assets.page', { offset: 0, limit: 100 })) as AssetSummary[]).map((a) => a.id)
  const months = async () => Object.fromEntries(((await dispatch('assets.timeline', {})) as TimelineMonth[]).map((m) => [m.month, m.count]))
  const found = async (text: string, filters?: { from?: string; to?: string }) =>
    ((await dispatch('search.query', { text, ...(filters ? { filters } : {}) })) as SearchResult).hits.map((h) => h.asset.id).sort()
  const undo = async () => ((await dispatch('edits.undo', {})) as { undone: string | null }).undone
  const sortMs = (takenAt: string) => Date.parse(`${takenAt.slice(0, 19)}Z`)

  it('starts from what the files say, with no edits', () => {
    const starfish = original.get(id.starfish)!
    expect(starfish.takenAt).toMatch(/^2013-05-10T15:21:35/)
    expect(starfish.month).toBe('2013-05')
    expect(starfish.edits).toEqual({ description: null, placeLabel: null, originalDate: null, originalPlace: null })
    expect(original.get(id.nikon)!.takenAt).toMatch(/^2006-06-13T15:44:45/)
  })

  it('a description is stored, shown, searchable, and undone in one step', async () => {
    expect(await found('birthday')).toEqual([])
    const result = (await dispatch('edits.setDescription', { ids: [id.nikon], description: '  Grandma\'s birthday cake ' })) as BatchResult
    expect(result).toMatchObject({ changed: 1, undo: { label: 'Described 1 photo' } })
    expect((await detail(id.nikon)).edits.description).toBe("Grandma's birthday cake")
    expect(await found('birthday')).toEqual([id.nikon])
    expect(await found('grandma cake')).toEqual([id.nikon])
    expect(await undo()).toBe('Described 1 photo')
    expect((await detail(id.nikon)).edits.description).toBeNull()
    expect(await found('birthday')).toEqual([])
  })

  it('shifting a batch moves each photo from its own time: order kept, months and date filters follow, undone in one step', async () => {
    const before = await order()
    const starfishWas = original.get(id.starfish)!.takenAt!
    const nikonWas = original.get(id.nikon)!.takenAt!
    // A camera ten days fast: 10 May 2013 becomes 30 April, 13 June 2006 becomes 3 June.
    const result = (await dispatch('edits.setDate', { ids: [id.starfish, id.nikon], mode: 'shift', days: -10 })) as BatchResult
    expect(result).toMatchObject({ changed: 2, undo: { label: 'Shifted the time of 2 photos by -10 days' } })

    const starfish = await detail(id.starfish)
    const nikon = await detail(id.nikon)
    expect(starfish.takenAt!.slice(0, 19)).toBe('2013-04-30T15:21:35')
    // The offset the photo was taken at (if known) stays with it.
    expect(starfish.takenAt!.slice(19)).toBe(starfishWas.slice(19))
    expect(nikon.takenAt!.slice(0, 19)).toBe('2006-06-03T15:44:45')
    expect(sortMs(starfish.takenAt!) - sortMs(nikon.takenAt!)).toBe(sortMs(starfishWas) - sortMs(nikonWas))
    expect(sortMs(starfishWas) - sortMs(starfish.takenAt!)).toBe(10 * DAY)
    expect(starfish.month).toBe('2013-04')
    expect(starfish.edits.originalDate).toEqual({ takenAt: starfishWas })
    expect(await order()).toEqual(before)
    const m = await months()
    expect(m['2013-04']).toBe(1)
    expect(m['2013-05']).toBeUndefined()
    // Date filters use the edited date, picked in the UI or named in the query.
    expect(await found('beach', { from: '2013-04-01', to: '2013-04-30' })).toEqual([id.starfish])
    expect(await found('beach', { from: '2013-05-01', to: '2013-05-31' })).toEqual([])
    expect(await found('april 2013')).toEqual([id.starfish])
    expect(await found('may 2013')).toEqual([])

    expect(await undo()).toBe('Shifted the time of 2 photos by -10 days')
    expect((await detail(id.starfish)).takenAt).toBe(starfishWas)
    expect((await detail(id.starfish)).edits.originalDate).toBeNull()
    expect((await detail(id.nikon)).takenAt).toBe(nikonWas)
    expect(await found('beach', { from: '2013-05-01', to: '2013-05-31' })).toEqual([id.starfish])
    expect(await found('may 2013')).toEqual([id.starfish])
  })

  it('setting a date moves the photo in the timeline; a second edit keeps the first original; back to the original', async () => {
    const starfishWas = original.get(id.starfish)!.takenAt!
    await dispatch('edits.setDate', { ids: [id.starfish], mode: 'set', takenAt: '2030-01-02T03:04' })
    expect(await detail(id.starfish)).toMatchObject({ takenAt: '2030-01-02T03:04:00', month: '2030-01', edits: { originalDate: { takenAt: starfishWas } } })
    expect((await order())[0]).toBe(id.starfish)
    await dispatch('edits.setDate', { ids: [id.starfish], mode: 'shift', hours: 2 })
    expect(await detail(id.starfish)).toMatchObject({ takenAt: '2030-01-02T05:04:00', edits: { originalDate: { takenAt: starfishWas } } })
    const back = (await dispatch('edits.setDate', { ids: [id.starfish], mode: 'original' })) as BatchResult
    expect(back).toMatchObject({ changed: 1, undo: { label: 'Restored the original date of 1 photo' } })
    expect(await detail(id.starfish)).toMatchObject({ takenAt: starfishWas, month: '2013-05', edits: { originalDate: null } })
  })

  it('refuses a date that does not exist', async () => {
    await expect(dispatch('edits.setDate', { ids: [id.starfish], mode: 'set', takenAt: '2019-02-30T10:00' })).rejects.toThrow(/not a real date/)
  })

  it('a place edit changes the place search; clearing and going back to the original too', async () => {
    // Paris, named by the offline reverse geocoder; the label is a search word.
    const result = (await dispatch('edits.setPlace', { ids: [id.nikon], mode: 'set', lat: 48.8584, lon: 2.2945, label: 'Eiffel Tower' })) as BatchResult
    expect(result).toMatchObject({ changed: 1, undo: { label: 'Set the place of 1 photo' } })
    const nikon = await detail(id.nikon)
    expect(nikon).toMatchObject({ lat: 48.8584, lon: 2.2945, city: 'Paris', edits: { placeLabel: 'Eiffel Tower' } })
    expect(nikon.edits.originalPlace).toEqual({ lat: original.get(id.nikon)!.lat, lon: original.get(id.nikon)!.lon })
    expect(await found('paris')).toEqual([id.nikon])
    expect(await found('eiffel')).toEqual([id.nikon])

    // The starfish's GPS names a place; cleared, the photo leaves that place's search.
    const starfishPlace = original.get(id.starfish)!.city!
    expect(starfishPlace).toBeTruthy()
    expect(await found(starfishPlace)).toContain(id.starfish)
    await dispatch('edits.setPlace', { ids: [id.starfish], mode: 'clear' })
    expect(await detail(id.starfish)).toMatchObject({ lat: null, lon: null, city: null, country: null })
    expect(await found(starfishPlace)).not.toContain(id.starfish)
    expect(await undo()).toBe('Cleared the place of 1 photo')
    expect(await detail(id.starfish)).toMatchObject({ city: starfishPlace, lat: original.get(id.starfish)!.lat })
    expect(await found(starfishPlace)).toContain(id.starfish)

    await dispatch('edits.setPlace', { ids: [id.nikon], mode: 'original' })
    expect(await detail(id.nikon)).toMatchObject({ lat: original.get(id.nikon)!.lat, city: original.get(id.nikon)!.city, edits: { placeLabel: null, originalPlace: null } })
    expect(await found('eiffel')).toEqual([])
  })

  it('lists only the favourites, or only the hidden photos, when asked', async () => {
    const ids = async (only: 'favorites' | 'hidden', includeHidden?: boolean) =>
      ((await dispatch('assets.page', { offset: 0, limit: 100, only, ...(includeHidden ? { includeHidden } : {}) })) as AssetSummary[]).map((a) => a.id).sort()
    const count = async (only: 'favorites' | 'hidden') => ((await dispatch('assets.timeline', { only })) as TimelineMonth[]).reduce((n, m) => n + m.count, 0)
    await dispatch('assets.setFavorite', { ids: [id.starfish, id.nikon], favorite: true })
    await dispatch('assets.setHidden', { ids: [id.nikon, id.iphone], hidden: true })
    expect(await ids('favorites')).toEqual([id.starfish])
    expect(await ids('favorites', true)).toEqual([id.starfish, id.nikon].sort())
    expect(await ids('hidden')).toEqual([id.nikon, id.iphone].sort())
    expect(await count('hidden')).toBe(2)
    expect(await count('favorites')).toBe(1)
    // A trashed photo is in neither.
    await dispatch('trash.move', { ids: [id.nikon] })
    expect(await ids('hidden')).toEqual([id.iphone])
    expect(await ids('favorites', true)).toEqual([id.starfish])
  })

  it('never writes the original files', () => {
    for (const [p, bytes] of originalBytes) expect(readFileSync(p).equals(bytes)).toBe(true)
  })
})
