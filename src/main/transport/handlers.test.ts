import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { AssetDetail, AssetSummary, SearchResult, TimelineMonth } from '../../shared/domain'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { createDispatcher, type Dispatch } from './dispatcher'
import { createContractHandlers } from './handlers'

// Favourite, rating and hidden through the contract, as the renderer calls them, on a real library.
describe('favourite, rating and hidden (real photos, through the contract)', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  let starfish: number
  let nikon: number

  beforeAll(async () => {
    copyInto(REAL_PHOTOS.starfish, join(photos, 'Beach holiday', 'starfish.jpg'))
    copyInto(REAL_PHOTOS.nikon, join(photos, 'Garden', 'flowers.jpg'))
    copyInto(REAL_PHOTOS.iphone, join(photos, 'Garden', 'IMG_0001.jpg'))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
    starfish = app.repositories.search.assetIdByPath(join(photos, 'Beach holiday', 'starfish.jpg'))!
    nikon = app.repositories.search.assetIdByPath(join(photos, 'Garden', 'flowers.jpg'))!
  })
  afterAll(async () => {
    await app.close()
    dir.cleanup()
  })

  const page = async (input: { includeHidden?: boolean } = {}) =>
    ((await dispatch('assets.page', { offset: 0, limit: 100, ...input })) as AssetSummary[]).map((a) => a.id)
  const total = async (input: { includeHidden?: boolean } = {}) =>
    ((await dispatch('assets.timeline', input)) as TimelineMonth[]).reduce((n, m) => n + m.count, 0)
  const search = async (text: string, filters: { includeHidden?: boolean } = {}) =>
    ((await dispatch('search.query', { text, filters })) as SearchResult).hits.map((h) => h.asset.id)
  const detail = async (assetId: number) => (await dispatch('assets.get', { assetId })) as AssetDetail

  it('a new photo is unrated, not a favourite, and shown', async () => {
    expect(await detail(starfish)).toMatchObject({ favorite: false, rating: 0, hidden: false })
    expect(await page()).toHaveLength(3)
  })

  it('a hidden photo leaves the timeline and a search that found it, and comes back when asked for or shown again', async () => {
    expect(await search('beach')).toEqual([starfish])
    expect(await dispatch('assets.setHidden', { ids: [starfish], hidden: true })).toMatchObject({ changed: 1 })

    expect(await page()).not.toContain(starfish)
    expect(await page()).toHaveLength(2)
    expect(await total()).toBe(2)
    expect(await search('beach')).toEqual([])
    // Other photos are still found.
    expect(await search('garden')).toHaveLength(2)
    // Asked for: the hidden photo is there, marked hidden.
    expect(await page({ includeHidden: true })).toContain(starfish)
    expect(await total({ includeHidden: true })).toBe(3)
    expect(await search('beach', { includeHidden: true })).toEqual([starfish])
    expect(await detail(starfish)).toMatchObject({ hidden: true })

    expect(await dispatch('assets.setHidden', { ids: [starfish], hidden: false })).toMatchObject({ changed: 1 })
    expect(await page()).toContain(starfish)
    expect(await search('beach')).toEqual([starfish])
  })

  it('favourite and rating round-trip for a batch, in the summaries and the details', async () => {
    expect(await dispatch('assets.setFavorite', { ids: [starfish, nikon], favorite: true })).toMatchObject({ changed: 2 })
    // Setting what is already set changes nothing (a repeated click is not a second edit).
    expect(await dispatch('assets.setFavorite', { ids: [starfish], favorite: true })).toEqual({ changed: 0, undo: null })
    expect(await dispatch('assets.setRating', { ids: [nikon], rating: 4 })).toMatchObject({ changed: 1 })

    const byId = new Map(((await dispatch('assets.page', { offset: 0, limit: 100 })) as AssetSummary[]).map((a) => [a.id, a]))
    expect(byId.get(starfish)).toMatchObject({ favorite: true, rating: 0, hidden: false })
    expect(byId.get(nikon)).toMatchObject({ favorite: true, rating: 4, hidden: false })
    expect(await detail(nikon)).toMatchObject({ favorite: true, rating: 4 })
    expect([...app.repositories.assets.flagsOf([nikon]).values()]).toEqual([{ favorite: true, rating: 4, hidden: false }])

    expect(await dispatch('assets.setFavorite', { ids: [starfish], favorite: false })).toMatchObject({ changed: 1 })
    expect(await dispatch('assets.setRating', { ids: [nikon], rating: 0 })).toMatchObject({ changed: 1 })
    expect(await detail(starfish)).toMatchObject({ favorite: false })
    expect(await detail(nikon)).toMatchObject({ favorite: true, rating: 0 })
  })

  it('the contract refuses a rating outside 0–5, a fractional one, and an empty selection, changing nothing', async () => {
    await expect(dispatch('assets.setRating', { ids: [nikon], rating: 6 })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(dispatch('assets.setRating', { ids: [nikon], rating: -1 })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(dispatch('assets.setRating', { ids: [nikon], rating: 2.5 })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(dispatch('assets.setHidden', { ids: [], hidden: true })).rejects.toMatchObject({ code: 'invalid-input' })
    expect((await detail(nikon)).rating).toBe(0)
    // The repository refuses it too, for callers that do not come through the contract.
    expect(() => app.repositories.assets.setRating([nikon], 6)).toThrow(RangeError)
  })

  it('edits.undo takes back a batch step through the contract, and only while it is the latest', async () => {
    const step = (await dispatch('assets.setRating', { ids: [starfish, nikon], rating: 2 })) as { undo: { stepId: number; label: string } }
    expect(step.undo.label).toBe('Rated 2 photos 2 stars')
    expect(await dispatch('edits.latest', {})).toEqual(step.undo)
    expect(await dispatch('edits.undo', { stepId: step.undo.stepId })).toEqual({ undone: 'Rated 2 photos 2 stars' })
    expect((await detail(starfish)).rating).toBe(0)
    expect((await detail(nikon)).rating).toBe(0)
    await expect(dispatch('edits.undo', { stepId: step.undo.stepId })).rejects.toThrow('can no longer be undone')
  })
})
