// Albums through the contract, as the renderer calls them, on a library of real imported photos.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { AlbumCreated, AlbumRef, AlbumsCreated, AlbumSummary, AlbumTree } from '../../shared/albums'
import type { AssetSummary, BatchResult } from '../../shared/domain'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import type { EventPayload } from '../../shared/events'
import { createDispatcher, toWireError, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'

describe('albums (real photos, through the contract)', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  let starfish: number
  let nikon: number
  let iphone: number

  beforeAll(async () => {
    copyInto(REAL_PHOTOS.starfish, join(photos, 'Beach holiday', 'starfish.jpg'))
    copyInto(REAL_PHOTOS.nikon, join(photos, 'Garden', 'flowers.jpg'))
    copyInto(REAL_PHOTOS.iphone, join(photos, 'Garden', 'IMG_0001.jpg'))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
    const id = (path: string) => app.repositories.search.assetIdByPath(join(photos, path))!
    starfish = id('Beach holiday/starfish.jpg')
    nikon = id('Garden/flowers.jpg')
    iphone = id('Garden/IMG_0001.jpg')
  }, 120_000)
  afterAll(async () => {
    await app.close()
    dir.cleanup()
  })

  /** The next 'albums.changed' the app sends that `matches` (events are throttled: this waits for it). */
  const albumsChanged = (matches: (change: EventPayload<'albums.changed'>) => boolean) =>
    new Promise<EventPayload<'albums.changed'>>((resolve) => {
      const off = app.events.on('albums.changed', (change) => {
        if (!matches(change)) return
        off()
        resolve(change)
      })
    })
  /** What a client gets for a call that fails: the wire error of either transport. */
  const refusal = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('the call succeeded')
      },
      (error: unknown) => toWireError(error),
    )

  const albumPhotos = async (albumId: number, input: { offset?: number; limit?: number; includeHidden?: boolean } = {}) =>
    ((await dispatch('albums.photos', { albumId, offset: 0, limit: 100, ...input })) as AssetSummary[]).map((a) => a.id)

  it('creates an album with photos, lists it with count and cover, pages its photos, and a photo shows its albums', async () => {
    const created = (await dispatch('albums.create', { name: 'Favourites 2013', assetIds: [iphone, starfish] })) as AlbumCreated
    expect(created.undo?.label).toBe('Created album “Favourites 2013” with 2 photos')
    const albumId = created.album.id
    expect(created.album).toMatchObject({ name: 'Favourites 2013', count: 2, cover: { id: iphone, hasThumb: true } })
    // The cover carries what the renderer needs for its thumbnail URL.
    expect(created.album.cover?.sha256).toMatch(/^[0-9a-f]{64}$/)

    expect(await dispatch('albums.addAssets', { albumId, ids: [nikon] })).toMatchObject({ changed: 1 })
    expect(await albumPhotos(albumId)).toEqual([iphone, starfish, nikon])
    expect(await albumPhotos(albumId, { offset: 1, limit: 1 })).toEqual([starfish])

    const tree = (await dispatch('albums.list', {})) as AlbumTree
    expect(tree.albums.find((a) => a.id === albumId)).toMatchObject({ count: 3 })
    expect(await dispatch('albums.ofAsset', { assetId: nikon })).toEqual([{ id: albumId, name: 'Favourites 2013' }])

    // Hidden: left out of the album and its count unless asked for.
    await dispatch('assets.setHidden', { ids: [starfish], hidden: true })
    expect(await albumPhotos(albumId)).toEqual([iphone, nikon])
    expect(await albumPhotos(albumId, { includeHidden: true })).toEqual([iphone, starfish, nikon])
    expect(((await dispatch('albums.get', { albumId })) as AlbumSummary).count).toBe(2)
    await dispatch('assets.setHidden', { ids: [starfish], hidden: false })

    // Remove, then undo through edits.undo: one step brings both back.
    const removed = (await dispatch('albums.removeAssets', { albumId, ids: [iphone, nikon] })) as BatchResult
    expect(removed).toMatchObject({ changed: 2, undo: { label: 'Removed 2 photos from “Favourites 2013”' } })
    expect(await albumPhotos(albumId)).toEqual([starfish])
    expect(await dispatch('edits.undo', { stepId: removed.undo!.stepId })).toEqual({ undone: 'Removed 2 photos from “Favourites 2013”' })
    expect(await albumPhotos(albumId)).toEqual([iphone, starfish, nikon])
  })

  it('reorders, sets the cover, renames, and an undone delete restores the same album', async () => {
    const { album } = (await dispatch('albums.create', { name: 'Order', assetIds: [starfish, nikon, iphone] })) as AlbumCreated
    // Added together: by date taken.
    expect(await albumPhotos(album.id)).toEqual([nikon, iphone, starfish])
    await dispatch('albums.reorder', { albumId: album.id, ids: [iphone], before: nikon })
    expect(await albumPhotos(album.id)).toEqual([iphone, nikon, starfish])
    await dispatch('albums.setCover', { albumId: album.id, assetId: nikon })
    await dispatch('albums.rename', { albumId: album.id, name: 'Ordered' })
    expect(await dispatch('albums.get', { albumId: album.id })).toMatchObject({ name: 'Ordered', cover: { id: nikon } })

    const deleted = (await dispatch('albums.delete', { albumId: album.id })) as BatchResult
    expect(await dispatch('albums.get', { albumId: album.id })).toBeNull()
    // The photos are still in the library.
    expect((await dispatch('assets.get', { assetId: nikon })) as unknown).toMatchObject({ id: nikon })
    await dispatch('edits.undo', { stepId: deleted.undo!.stepId })
    expect(await dispatch('albums.get', { albumId: album.id })).toMatchObject({ id: album.id, name: 'Ordered', count: 3, cover: { id: nikon } })
    expect(await albumPhotos(album.id)).toEqual([iphone, nikon, starfish])
  })

  it('albums from folders: the synced one shows a photo imported later, the snapshot does not', async () => {
    let snapshotId = 0
    const announced = albumsChanged((c) => c.albumIds.includes(snapshotId))
    const synced = (await dispatch('albums.createFromFolders', { paths: [join(photos, 'Garden')], sync: true })) as AlbumsCreated
    const snapshot = (await dispatch('albums.createFromFolders', { paths: [join(photos, 'Garden')], sync: false })) as AlbumsCreated
    const [s, n] = [synced.albums[0]!, snapshot.albums[0]!]
    snapshotId = n.id
    await announced
    expect(s).toMatchObject({ name: 'Garden', count: 2, source: { synced: true } })
    expect(n).toMatchObject({ name: 'Garden', count: 2, source: { synced: false } })

    // Other windows hear of the synced album's new photo; the snapshot album did not change.
    const heard = albumsChanged((c) => c.reason === 'sync')
    copyInto(REAL_PHOTOS.rotated, join(photos, 'Garden', 'rotated.jpg'))
    await app.library.addRoots([photos]) // rescans the folder
    await app.runner.idle(50)
    expect((await heard).albumIds).toEqual([s.id])
    const rotated = app.repositories.search.assetIdByPath(join(photos, 'Garden', 'rotated.jpg'))!
    expect(rotated).toBeGreaterThan(0)
    expect(await albumPhotos(s.id)).toContain(rotated)
    expect(await albumPhotos(s.id)).toHaveLength(3)
    expect(await albumPhotos(n.id)).not.toContain(rotated)
    expect((await dispatch('albums.ofAsset', { assetId: rotated })) as AlbumRef[]).toEqual([{ id: s.id, name: 'Garden' }])

    // Adding by hand to a synced album is refused; a folder outside the library too.
    expect(await refusal(dispatch('albums.addAssets', { albumId: s.id, ids: [starfish] }))).toMatchObject({
      status: 409,
      code: 'album-synced',
      message: expect.stringContaining('follows the folder'),
    })
    expect(await refusal(dispatch('albums.createFromFolders', { paths: [dir.path], sync: true }))).toMatchObject({
      status: 400,
      code: 'invalid-folder',
      message: expect.stringContaining('Not in a library folder'),
    })
  })

  it('nested album folders and moves through the contract; invalid input is refused', async () => {
    const trips = ((await dispatch('albums.createFolder', { name: 'Trips' })) as { folder: { id: number } }).folder
    const inner = ((await dispatch('albums.createFolder', { name: '2013', parentId: trips.id })) as { folder: { id: number } }).folder
    const { album } = (await dispatch('albums.create', { name: 'Coast', folderId: inner.id })) as AlbumCreated
    expect(album.folderId).toBe(inner.id)
    await dispatch('albums.move', { albumIds: [album.id], into: trips.id })
    const tree = (await dispatch('albums.list', {})) as AlbumTree
    expect(tree.folders).toContainEqual({ id: inner.id, name: '2013', parentId: trips.id })
    expect(tree.albums.find((a) => a.id === album.id)?.folderId).toBe(trips.id)

    await expect(dispatch('albums.create', { name: '   ' })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(dispatch('albums.addAssets', { albumId: album.id, ids: [] })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(dispatch('albums.move', { into: null })).rejects.toMatchObject({ code: 'invalid-input' })
  })

  it('album refusals reach the caller as typed errors, not as internal ones', async () => {
    const { album } = (await dispatch('albums.create', { name: 'Refusals', assetIds: [starfish] })) as AlbumCreated
    const outer = ((await dispatch('albums.createFolder', { name: 'Outer' })) as { folder: { id: number } }).folder
    const inner = ((await dispatch('albums.createFolder', { name: 'Inner', parentId: outer.id })) as { folder: { id: number } }).folder
    const gone = album.id + 1000

    expect(await refusal(dispatch('albums.photos', { albumId: gone, offset: 0, limit: 10 }))).toEqual({ status: 404, code: 'album-not-found', message: `No album with id ${gone}` })
    expect(await refusal(dispatch('albums.rename', { albumId: gone, name: 'x' }))).toMatchObject({ status: 404, code: 'album-not-found' })
    expect(await refusal(dispatch('albums.addAssets', { albumId: gone, ids: [nikon] }))).toMatchObject({ status: 404, code: 'album-not-found' })
    expect(await refusal(dispatch('albums.create', { name: 'Lost', folderId: inner.id + 1000 }))).toMatchObject({ status: 404, code: 'album-folder-not-found' })
    expect(await refusal(dispatch('albums.move', { folderIds: [outer.id], into: inner.id }))).toMatchObject({
      status: 409,
      code: 'album-folder-cycle',
      message: 'The folder “Outer” cannot go inside itself',
    })
    expect(await refusal(dispatch('albums.setCover', { albumId: album.id, assetId: nikon }))).toMatchObject({ status: 400, code: 'album-photo-not-in-album' })
    expect(await refusal(dispatch('albums.reorder', { albumId: album.id, ids: [nikon], before: null }))).toMatchObject({ status: 400, code: 'album-photo-not-in-album' })
    expect(await refusal(dispatch('albums.reorder', { albumId: album.id, ids: [starfish], before: starfish }))).toMatchObject({ status: 400, code: 'invalid-input' })
    // Nothing was changed by any of them.
    expect(await dispatch('albums.get', { albumId: album.id })).toMatchObject({ name: 'Refusals', count: 1, folderId: null })
    expect(((await dispatch('albums.list', {})) as AlbumTree).folders).toContainEqual({ id: outer.id, name: 'Outer', parentId: null })
  })

  it("every album change is announced to other windows ('albums.changed'), an undo too", async () => {
    // Changes close together go out as one event (earlier tests' may still be on their way).
    let albumId = 0
    const created = albumsChanged((c) => c.albumIds.includes(albumId))
    const { album, undo } = (await dispatch('albums.create', { name: 'Announced', assetIds: [nikon] })) as AlbumCreated
    albumId = album.id
    expect(await created).toMatchObject({ reason: 'edit' })

    const added = albumsChanged((c) => c.albumIds.includes(album.id))
    await dispatch('albums.addAssets', { albumId: album.id, ids: [starfish] })
    expect(await added).toEqual({ reason: 'edit', albumIds: [album.id] })

    // Folders only: no album's photos changed.
    const foldered = albumsChanged(() => true)
    await dispatch('albums.createFolder', { name: 'Announced folder' })
    expect(await foldered).toEqual({ reason: 'edit', albumIds: [] })

    // The undo of the adding (edits.undo, as any window calls it) is announced as one.
    const latest = (await dispatch('edits.latest', {})) as { stepId: number }
    await dispatch('edits.undo', { stepId: latest.stepId }) // the folder
    const undone = albumsChanged((c) => c.reason === 'undo' && c.albumIds.includes(album.id))
    await dispatch('edits.undo', {}) // the adding
    expect(await undone).toEqual({ reason: 'undo', albumIds: [album.id] })
    expect(await albumPhotos(album.id)).toEqual([nikon])
    expect(undo).not.toBeNull()
  })

  it('sorts an album by date taken in one undoable step, and its summary carries its dates and hidden count', async () => {
    const { album } = (await dispatch('albums.create', { name: 'Sorted', assetIds: [starfish, nikon, iphone] })) as AlbumCreated
    // Added together: by date taken (nikon 2006, then the iPhone photo, then starfish 2013).
    expect(album.dates).toEqual({ first: '2006-06-13', last: '2013-05-10' })
    expect(album.hiddenCount).toBe(0)
    await dispatch('albums.reorder', { albumId: album.id, ids: [starfish], before: iphone })
    expect(await albumPhotos(album.id)).toEqual([nikon, starfish, iphone])

    const newest = (await dispatch('albums.sortByDate', { albumId: album.id, order: 'newest' })) as BatchResult
    expect(newest.undo?.label).toBe('Sorted “Sorted” by date, newest first')
    expect(await albumPhotos(album.id)).toEqual([starfish, iphone, nikon])
    expect(await dispatch('albums.sortByDate', { albumId: album.id, order: 'newest' })).toEqual({ changed: 0, undo: null })
    await dispatch('albums.sortByDate', { albumId: album.id, order: 'oldest' })
    expect(await albumPhotos(album.id)).toEqual([nikon, iphone, starfish])
    // Undone one step at a time: newest first, then the hand-made order.
    await dispatch('edits.undo', {})
    expect(await albumPhotos(album.id)).toEqual([starfish, iphone, nikon])
    await dispatch('edits.undo', { stepId: newest.undo!.stepId })
    expect(await albumPhotos(album.id)).toEqual([nikon, starfish, iphone])

    // A hidden photo leaves the count and the dates, and is counted apart.
    await dispatch('assets.setHidden', { ids: [starfish], hidden: true })
    const summary = (await dispatch('albums.get', { albumId: album.id })) as AlbumSummary
    expect(summary).toMatchObject({ count: 2, hiddenCount: 1 })
    expect(summary.dates?.first).toBe('2006-06-13')
    expect(summary.dates?.last).not.toBe('2013-05-10')
    await dispatch('assets.setHidden', { ids: [starfish], hidden: false })
  })
})
