// Smart albums through the contract, as the renderer calls them, on a library of real imported photos.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { AlbumCreated, AlbumSummary, AlbumTree } from '../../shared/albums'
import type { AssetSummary, BatchResult } from '../../shared/domain'
import type { EventPayload } from '../../shared/events'
import type { SmartRuleValidation } from '../../shared/smart-albums'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { createDispatcher, toWireError, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'

describe('smart albums (real photos, through the contract)', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  let starfish: number
  let nikon: number
  let iphone: number

  beforeAll(async () => {
    copyInto(REAL_PHOTOS.starfish, join(photos, 'Beach', 'starfish.jpg'))
    copyInto(REAL_PHOTOS.nikon, join(photos, 'Garden', 'flowers.jpg'))
    copyInto(REAL_PHOTOS.iphone, join(photos, 'Garden', 'IMG_0001.jpg'))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
    const id = (path: string) => app.repositories.search.assetIdByPath(join(photos, path))!
    starfish = id('Beach/starfish.jpg')
    nikon = id('Garden/flowers.jpg')
    iphone = id('Garden/IMG_0001.jpg')
  }, 120_000)
  afterAll(async () => {
    await app.close()
    dir.cleanup()
  })

  const albumsChanged = (matches: (change: EventPayload<'albums.changed'>) => boolean) =>
    new Promise<EventPayload<'albums.changed'>>((resolve) => {
      const off = app.events.on('albums.changed', (change) => {
        if (!matches(change)) return
        off()
        resolve(change)
      })
    })
  const refusal = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('the call succeeded')
      },
      (error: unknown) => toWireError(error),
    )
  const ids = async (albumId: number) => ((await dispatch('smartAlbums.photos', { albumId, offset: 0, limit: 100 })) as AssetSummary[]).map((a) => a.id)

  it('validates the text form, previews a count, creates a smart album listed with the albums, and it follows the photos live', async () => {
    const bad = (await dispatch('smartAlbums.validate', { text: 'favorite:yes rating>=x' })) as SmartRuleValidation
    expect(bad).toEqual({ ok: false, error: 'rating expects a number, not "x"', position: 21 })
    const good = (await dispatch('smartAlbums.validate', { text: 'favorite:yes  OR folder:' + JSON.stringify(join(photos, 'Beach')) })) as SmartRuleValidation
    expect(good.ok).toBe(true)
    if (!good.ok) return
    expect(await dispatch('smartAlbums.preview', { rule: good.rule })).toEqual({ count: 1, text: good.text })

    const created = (await dispatch('smartAlbums.create', { name: 'Loved', rule: good.rule })) as AlbumCreated
    expect(created.undo?.label).toBe('Created smart album “Loved”')
    expect(created.album).toMatchObject({ name: 'Loved', count: 1, smart: { rule: good.rule, text: good.text }, cover: { id: starfish } })
    const tree = (await dispatch('albums.list', {})) as AlbumTree
    expect(tree.albums.find((a) => a.id === created.album.id)?.smart?.text).toBe(good.text)
    expect(await ids(created.album.id)).toEqual([starfish])
    // The album page reads it as any album.
    expect(((await dispatch('albums.photos', { albumId: created.album.id, offset: 0, limit: 10 })) as AssetSummary[]).map((a) => a.id)).toEqual([starfish])

    // A favourite marked elsewhere joins it, and an open view is told.
    const told = albumsChanged((c) => c.albumIds.includes(created.album.id))
    await dispatch('assets.setFavorite', { ids: [nikon], favorite: true })
    await told
    expect(new Set(await ids(created.album.id))).toEqual(new Set([starfish, nikon]))
    expect(((await dispatch('albums.ofAsset', { assetId: nikon })) as { name: string }[]).map((a) => a.name)).toContain('Loved')
    // Trashed photos never match; hidden ones only when the rule asks.
    await dispatch('assets.setHidden', { ids: [nikon], hidden: true })
    expect(await ids(created.album.id)).toEqual([starfish])
    await dispatch('edits.undo', {})
    await dispatch('trash.move', { ids: [starfish] })
    expect(await ids(created.album.id)).toEqual([nikon])
    await dispatch('edits.undo', {})
    await dispatch('edits.undo', {})
  })

  it('reads free text through the hybrid search and intersects it with the other rows', async () => {
    // "beach" is a word of the starfish's folder (Beach/starfish.jpg): the search finds it, so does the rule.
    const search = ((await dispatch('search.query', { text: 'beach', filters: { includeHidden: true } })) as { hits: { asset: { id: number } }[] }).hits.map((h) => h.asset.id)
    expect(search).toContain(starfish)
    const { album } = (await dispatch('smartAlbums.create', { name: 'Beach', rule: { match: 'all', rules: [{ field: 'text', op: 'is', value: 'beach' }] } })) as AlbumCreated
    expect(new Set(await ids(album.id))).toEqual(new Set(search))
    const notBeach = (await dispatch('smartAlbums.preview', { rule: { match: 'all', rules: [{ field: 'text', op: 'is', value: 'beach', negate: true }] } })) as { count: number }
    expect(notBeach.count).toBe(3 - search.length)
    await dispatch('smartAlbums.delete', { albumId: album.id })
  })

  it('changes the rule and name as one undoable step, refuses photos by hand, deletes and undoes the delete', async () => {
    const { album } = (await dispatch('smartAlbums.create', { name: 'Garden', rule: { match: 'all', rules: [{ field: 'folder', op: 'is', value: join(photos, 'Garden') }] } })) as AlbumCreated
    expect(new Set(await ids(album.id))).toEqual(new Set([nikon, iphone]))
    const changed = (await dispatch('smartAlbums.update', { albumId: album.id, name: 'Garden, not Nikon', rule: { match: 'all', rules: [{ field: 'folder', op: 'is', value: join(photos, 'Garden') }, { field: 'make', op: 'is', value: 'nikon', negate: true }] } })) as AlbumCreated
    expect(changed).toMatchObject({ changed: 1, album: { name: 'Garden, not Nikon', count: 1 } })
    expect(await ids(album.id)).toEqual([iphone])
    expect(await dispatch('edits.undo', {})).toEqual({ undone: 'Changed smart album “Garden”' })
    expect(((await dispatch('smartAlbums.get', { albumId: album.id })) as AlbumSummary).name).toBe('Garden')
    expect(new Set(await ids(album.id))).toEqual(new Set([nikon, iphone]))

    expect(await refusal(dispatch('albums.addAssets', { albumId: album.id, ids: [starfish] }))).toMatchObject({ status: 409, code: 'album-smart' })
    expect(await refusal(dispatch('albums.reorder', { albumId: album.id, ids: [nikon], before: null }))).toMatchObject({ status: 409, code: 'album-smart' })
    const plain = (await dispatch('albums.create', { name: 'Plain' })) as AlbumCreated
    expect(await refusal(dispatch('smartAlbums.update', { albumId: plain.album.id, name: 'X' }))).toMatchObject({ status: 409, code: 'album-smart' })
    expect(await dispatch('smartAlbums.get', { albumId: plain.album.id })).toBeNull()
    expect(await refusal(dispatch('smartAlbums.create', { name: 'Bad', rule: { match: 'all', rules: [{ field: 'rating', op: 'gte', value: 'high' }] } }))).toMatchObject({ status: 400 })

    expect(((await dispatch('smartAlbums.delete', { albumId: album.id })) as BatchResult).changed).toBe(1)
    expect(await dispatch('smartAlbums.get', { albumId: album.id })).toBeNull()
    await dispatch('edits.undo', {})
    // Back with its rule, under its id.
    expect(((await dispatch('smartAlbums.get', { albumId: album.id })) as AlbumSummary).smart?.rule).toEqual({ match: 'all', rules: [{ field: 'folder', op: 'is', value: join(photos, 'Garden') }] })
  })
})
