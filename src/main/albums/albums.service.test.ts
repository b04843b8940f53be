import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { createAlbumsRepository, createAssetsRepository, createRootsRepository, createUndoRepository, loadMigrations, migrate, openDatabase } from '../catalog'
import { createFlagsService, createUndoService } from '../curation'
import { AlbumsInputError, createAlbumsService } from '.'

/** A catalog with one library folder, /photos, and photos added by path (ready, dated in path order). */
function setup() {
  const db = openDatabase(':memory:')
  migrate(db, loadMigrations(join(appRoot(), 'migrations')))
  const assets = createAssetsRepository(db)
  const roots = createRootsRepository(db)
  const rootId = roots.add('/photos')
  const undo = createUndoService({ db, journal: createUndoRepository(db) })
  const flags = createFlagsService({ assets, undo })
  const albums = createAlbumsService({ albums: createAlbumsRepository(db), roots, undo })
  let n = 0
  const photo = (path: string) => {
    n++
    const { assetId } = assets.attachFile({ sha256: n.toString(16).padStart(64, '0'), size: 100, path, rootId, mtimeMs: 0 })
    assets.setMetadata(assetId, {
      mime: 'image/jpeg', width: 10, height: 10, orientation: 1, takenAt: null, make: null, model: null, lens: null,
      exposureTime: null, fNumber: null, iso: null, focalLength: null, lat: null, lon: null, alt: null, fileSize: 100, sortMs: n * 1000,
    })
    assets.markReady(assetId, { width: 10, height: 10, phash: '0' })
    return assetId
  }
  const ids = (albumId: number, includeHidden = false) => albums.photos(albumId, 0, 1000, { includeHidden }).map((a) => a.id)
  return { db, assets, undo, flags, albums, photo, ids }
}

describe('albums service', () => {
  it('adds photos after the others (one batch by date taken), skips ones already in, removes them, and each batch is one undoable step', () => {
    const { albums, undo, photo, ids } = setup()
    const [a, b, c] = [photo('/photos/a.jpg'), photo('/photos/b.jpg'), photo('/photos/c.jpg')]
    const { album } = albums.create({ name: '  Summer  ' })
    expect(album).toMatchObject({ name: 'Summer', count: 0, cover: null, folderId: null, source: null })

    const added = albums.addAssets(album.id, [c, a, c])
    expect(added).toEqual({ changed: 2, undo: { stepId: expect.any(Number), label: 'Added 2 photos to “Summer”' } })
    expect(ids(album.id)).toEqual([a, c])
    expect(albums.addAssets(album.id, [a, b])).toMatchObject({ changed: 1, undo: { label: 'Added 1 photo to “Summer”' } })
    expect(ids(album.id)).toEqual([a, c, b])
    // Adding only photos already in it changes nothing and records no step.
    expect(albums.addAssets(album.id, [a])).toEqual({ changed: 0, undo: null })

    const removed = albums.removeAssets(album.id, [a, c])
    expect(removed).toMatchObject({ changed: 2, undo: { label: 'Removed 2 photos from “Summer”' } })
    expect(ids(album.id)).toEqual([b])
    expect(albums.get(album.id)?.count).toBe(1)

    // Undo puts them back where they were, then takes out what the second add put in.
    expect(undo.undo()).toBe('Removed 2 photos from “Summer”')
    expect(ids(album.id)).toEqual([a, c, b])
    expect(undo.undo()).toBe('Added 1 photo to “Summer”')
    expect(ids(album.id)).toEqual([a, c])
  })

  it('reorders photos before another or to the end, and undo restores the order', () => {
    const { albums, undo, photo, ids } = setup()
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => photo(`/photos/${x}.jpg`)) as [number, number, number, number]
    const { album } = albums.create({ name: 'Order', assetIds: [a, b, c, d] })
    expect(ids(album.id)).toEqual([a, b, c, d])

    expect(albums.reorder(album.id, [d, c], a)).toMatchObject({ changed: 2, undo: { label: 'Reordered “Order”' } })
    expect(ids(album.id)).toEqual([d, c, a, b])
    albums.reorder(album.id, [d], null)
    expect(ids(album.id)).toEqual([c, a, b, d])
    // Moving a photo to where it already is changes nothing.
    expect(albums.reorder(album.id, [b], d)).toEqual({ changed: 0, undo: null })
    expect(() => albums.reorder(album.id, [a], a)).toThrow(AlbumsInputError)

    undo.undo()
    expect(ids(album.id)).toEqual([d, c, a, b])
    undo.undo()
    expect(ids(album.id)).toEqual([a, b, c, d])
    // New photos go after the reordered ones.
    const e = photo('/photos/e.jpg')
    albums.reorder(album.id, [a], null)
    albums.addAssets(album.id, [e])
    expect(ids(album.id)).toEqual([b, c, d, a, e])
  })

  it('the cover is the chosen photo while it is shown, else the first; only a photo of the album can be chosen', () => {
    const { albums, flags, undo, photo } = setup()
    const [a, b, outside] = [photo('/photos/a.jpg'), photo('/photos/b.jpg'), photo('/photos/z.jpg')]
    const { album } = albums.create({ name: 'Cover', assetIds: [a, b] })
    expect(albums.get(album.id)?.cover?.id).toBe(a)
    expect(albums.setCover(album.id, b)).toMatchObject({ changed: 1, undo: { label: 'Changed the cover of “Cover”' } })
    expect(albums.get(album.id)?.cover?.id).toBe(b)
    expect(() => albums.setCover(album.id, outside)).toThrow('not in this album')

    // A hidden cover is not shown on the card: the first shown photo stands in.
    flags.setHidden([b], true)
    expect(albums.get(album.id)?.cover?.id).toBe(a)
    flags.setHidden([b], false)
    albums.removeAssets(album.id, [b])
    expect(albums.get(album.id)?.cover?.id).toBe(a)
    undo.undo() // the remove
    expect(albums.get(album.id)?.cover?.id).toBe(b)
    undo.undo() // hide
    undo.undo() // show
    undo.undo() // the cover
    expect(albums.get(album.id)?.cover?.id).toBe(a)
  })

  it('leaves out trashed and missing photos, and hidden ones unless asked for', () => {
    const { db, albums, flags, assets, photo, ids } = setup()
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => photo(`/photos/${x}.jpg`)) as [number, number, number, number]
    const { album } = albums.create({ name: 'Shown', assetIds: [a, b, c, d] })
    db.prepare('UPDATE assets SET trashed_at = ? WHERE id = ?').run(new Date().toISOString(), b)
    assets.removeLocations(['/photos/c.jpg']) // its only file is gone: missing
    flags.setHidden([d], true)
    expect(ids(album.id)).toEqual([a])
    expect(ids(album.id, true)).toEqual([a, d])
    expect(albums.get(album.id)?.count).toBe(1)
    // They are still members: back from the trash, the photo is in its album again.
    db.prepare('UPDATE assets SET trashed_at = NULL WHERE id = ?').run(b)
    expect(ids(album.id)).toEqual([a, b])
    expect(albums.ofAsset(c)).toEqual([{ id: album.id, name: 'Shown' }])
  })

  it('rename, describe and delete are undoable; an undone delete brings the album back under its id with its photos in order', () => {
    const { albums, undo, photo, ids } = setup()
    const [a, b, c] = [photo('/photos/a.jpg'), photo('/photos/b.jpg'), photo('/photos/c.jpg')]
    const { album } = albums.create({ name: 'Trip', assetIds: [c, a, b] })
    expect(ids(album.id)).toEqual([a, b, c])
    albums.reorder(album.id, [c, b], a)
    albums.setCover(album.id, a)
    expect(albums.rename(album.id, 'Road trip')).toMatchObject({ changed: 1, undo: { label: 'Renamed album “Trip” to “Road trip”' } })
    expect(albums.describe(album.id, 'Three days')).toMatchObject({ changed: 1 })
    expect(albums.rename(album.id, 'Road trip')).toEqual({ changed: 0, undo: null })
    expect(albums.get(album.id)).toMatchObject({ name: 'Road trip', description: 'Three days' })

    expect(albums.delete(album.id)).toMatchObject({ changed: 1, undo: { label: 'Deleted album “Road trip”' } })
    expect(albums.get(album.id)).toBeNull()
    expect(albums.ofAsset(a)).toEqual([])
    // The photos stay in the library; a new album never takes the deleted one's id.
    const other = albums.create({ name: 'Other' }).album
    expect(other.id).not.toBe(album.id)
    undo.undo() // the new album
    expect(undo.undo()).toBe('Deleted album “Road trip”')
    expect(albums.get(album.id)).toMatchObject({ id: album.id, name: 'Road trip', description: 'Three days', count: 3, cover: { id: a } })
    expect(ids(album.id)).toEqual([c, b, a])
    expect(albums.ofAsset(a)).toEqual([{ id: album.id, name: 'Road trip' }])

    undo.undo()
    undo.undo()
    expect(albums.get(album.id)).toMatchObject({ name: 'Trip', description: '' })
  })

  it('nests album folders, moves albums and folders, refuses a cycle, and deleting a folder moves its contents up', () => {
    const { albums, undo } = setup()
    const trips = albums.createFolder('Trips').folder
    const y2024 = albums.createFolder('2024', trips.id).folder
    expect(y2024.parentId).toBe(trips.id)
    const rome = albums.create({ name: 'Rome', folderId: y2024.id }).album
    const loose = albums.create({ name: 'Loose' }).album
    expect(albums.move({ albumIds: [loose.id], into: trips.id })).toMatchObject({ changed: 1, undo: { label: 'Moved 1 item to “Trips”' } })
    expect(albums.get(loose.id)?.folderId).toBe(trips.id)
    expect(() => albums.move({ folderIds: [trips.id], into: y2024.id })).toThrow('cannot go inside itself')
    expect(() => albums.move({ folderIds: [trips.id], into: trips.id })).toThrow('cannot go inside itself')

    expect(albums.deleteFolder(trips.id)).toMatchObject({ changed: 1 })
    const tree = albums.list()
    expect(tree.folders).toEqual([{ id: y2024.id, name: '2024', parentId: null }])
    expect(tree.albums.find((a) => a.id === loose.id)?.folderId).toBeNull()
    expect(tree.albums.find((a) => a.id === rome.id)?.folderId).toBe(y2024.id)

    undo.undo()
    expect(albums.list().folders.map((f) => [f.name, f.parentId])).toEqual([
      ['2024', trips.id],
      ['Trips', null],
    ])
    expect(albums.get(loose.id)?.folderId).toBe(trips.id)
    expect(() => albums.create({ name: 'x', folderId: 999 })).toThrow('No album folder')
  })

  it('an album from a folder: synced follows the folder (new photos appear), a snapshot does not; both keep a manual order', () => {
    const { db, albums, undo, photo, ids } = setup()
    const [a, b] = [photo('/photos/Beach/a.jpg'), photo('/photos/Beach/sub/b.jpg')]
    photo('/photos/Beach2/not-under.jpg')
    photo('/photos/Other/x.jpg')
    const made = albums.createFromFolders(['/photos/Beach'], { sync: true })
    const snap = albums.createFromFolders(['/photos/Beach/'], { sync: false }).albums[0]!
    const synced = made.albums[0]!
    expect(synced).toMatchObject({ name: 'Beach', count: 2, source: { path: '/photos/Beach', synced: true } })
    expect(snap).toMatchObject({ name: 'Beach', count: 2, source: { path: '/photos/Beach', synced: false } })
    expect(made.undo?.label).toBe('Created album “Beach” from a folder')

    const c = photo('/photos/Beach/c.jpg')
    expect(ids(synced.id)).toEqual([a, b, c])
    expect(ids(snap.id)).toEqual([a, b])
    expect(albums.ofAsset(c)).toEqual([{ id: synced.id, name: 'Beach' }])

    // A synced album's membership is the folder's: no adding or removing by hand; its order is the user's.
    expect(() => albums.addAssets(synced.id, [c])).toThrow('follows the folder')
    // Other domains (a duplicate's keeper joining its copies' albums) append through the repository: never to a synced album.
    expect(createAlbumsRepository(db).append(synced.id, [c])).toEqual([])
    albums.reorder(synced.id, [c], a)
    const d = photo('/photos/Beach/d.jpg')
    expect(ids(synced.id)).toEqual([c, a, b, d])
    undo.undo()
    expect(ids(synced.id)).toEqual([a, b, c, d])

    expect(() => albums.createFromFolders(['/elsewhere/Beach'], { sync: true })).toThrow('Not in a library folder')
    const two = albums.createFromFolders(['/photos/Beach', '/photos/Other'], { sync: false })
    expect(two).toMatchObject({ changed: 2, undo: { label: 'Created 2 albums from folders' } })
    undo.undo()
    expect(albums.list().albums).toHaveLength(2)
  })

  it('an album step fails as a whole: nothing changes and no step is recorded', () => {
    const { albums, undo, photo } = setup()
    const a = photo('/photos/a.jpg')
    const { album } = albums.create({ name: 'A', assetIds: [a] })
    const before = undo.latest()
    expect(() => albums.addAssets(album.id + 100, [a])).toThrow('No album')
    expect(() => albums.reorder(album.id, [a], 12345)).toThrow()
    expect(undo.latest()).toEqual(before)
  })
})
