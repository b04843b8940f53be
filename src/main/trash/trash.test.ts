// The trash through the contract, as the renderer calls it, on a real imported library with a named
// person: trashed photos leave every view and come back intact; the 30-day expiry, emptying, and the
// tombstone that keeps an emptied photo's file from being imported again.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type PhotoHouseApp } from '../app'
import { realPhoto } from '../ml/faces/real-photos'
import { copyInto, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'
import type { AssetSummary, BatchResult, PersonSummary, SearchResult, SearchSuggestion, TimelineMonth } from '../../shared/domain'
import type { TrashEmptied, TrashPage } from '../../shared/trash'

const DAY = 24 * 3600 * 1000

describe('trash (real photos, through the contract)', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const libraryDir = join(dir.path, 'lib')
  // "Delete the files too" uses the freedesktop trash under this home, never the real one.
  const home = join(dir.path, 'home')
  const saved = { HOME: process.env.HOME, XDG_DATA_HOME: process.env.XDG_DATA_HOME }
  let clock = new Date('2026-12-05T10:00:00Z')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  const id: Record<'starfish' | 'flowers' | 'iphone' | 'collins1' | 'collins2', number> = { starfish: 0, flowers: 0, iphone: 0, collins1: 0, collins2: 0 }
  let person = 0
  let album = 0
  const path = {
    starfish: join(photos, 'Beach holiday', 'starfish.jpg'),
    flowers: join(photos, 'Garden', 'flowers.jpg'),
    iphone: join(photos, 'Garden', 'IMG_0001.jpg'),
    collins1: join(photos, 'People', 'collins-1.png'),
    collins2: join(photos, 'People', 'collins-2-mirrored.png'),
  }

  async function open(): Promise<void> {
    app = createApp({ libraryDir, concurrency: 2, log: () => {}, now: () => clock })
    app.start()
    await app.runner.idle(50)
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
  }

  beforeAll(async () => {
    process.env.HOME = home
    process.env.XDG_DATA_HOME = join(home, '.local', 'share')
    mkdirSync(home, { recursive: true })
    copyInto(REAL_PHOTOS.starfish, path.starfish)
    copyInto(REAL_PHOTOS.nikon, path.flowers)
    copyInto(REAL_PHOTOS.iphone, path.iphone)
    mkdirSync(join(photos, 'People'), { recursive: true })
    await sharp(realPhoto.astronaut).toFile(path.collins1)
    await sharp(realPhoto.astronaut).flop().toFile(path.collins2)
    await open()
    await app.library.addRoots([photos])
    await app.runner.idle(50)
    for (const key of Object.keys(id) as (keyof typeof id)[]) id[key] = app.repositories.search.assetIdByPath(path[key])!
    person = app.repositories.people.facesInAsset(id.collins1)[0]!.personId!
    app.people.rename(person, 'Eileen Collins')
    await dispatch('assets.setFavorite', { ids: [id.collins1], favorite: true })
    album = ((await dispatch('albums.create', { name: 'Space', assetIds: [id.collins1, id.collins2] })) as { album: { id: number } }).album.id
  }, 600_000)
  afterAll(async () => {
    await app.close()
    process.env.HOME = saved.HOME
    if (saved.XDG_DATA_HOME === undefined) delete process.env.XDG_DATA_HOME
    else process.env.XDG_DATA_HOME = saved.XDG_DATA_HOME
    dir.cleanup()
  })

  const page = async () => ((await dispatch('assets.page', { offset: 0, limit: 100 })) as AssetSummary[]).map((a) => a.id)
  const total = async () => ((await dispatch('assets.timeline', {})) as TimelineMonth[]).reduce((n, m) => n + m.count, 0)
  const search = async (text: string) => ((await dispatch('search.query', { text })) as SearchResult).hits.map((h) => h.asset.id).sort()
  const personPhotos = async () => ((await dispatch('people.photos', { personId: person })) as AssetSummary[]).map((a) => a.id).sort()
  const albumPhotos = async () => ((await dispatch('albums.photos', { albumId: album, offset: 0, limit: 100 })) as AssetSummary[]).map((a) => a.id).sort()
  const trashList = async () => (await dispatch('trash.list', { offset: 0, limit: 100 })) as TrashPage
  const suggest = async (prefix: string) => (await dispatch('search.suggest', { prefix })) as SearchSuggestion[]

  it('starts with every photo in the library and an empty trash', async () => {
    expect(await total()).toBe(5)
    expect(await personPhotos()).toEqual([id.collins1, id.collins2].sort())
    expect(await search('eileen')).toEqual([id.collins1, id.collins2].sort())
    expect(await trashList()).toEqual({ items: [], total: 0 })
    expect(await dispatch('people.get', { personId: person })).toMatchObject({ faceCount: 2, photoCount: 2 })
    // The starfish is the library's only Nokia Lumia 820 photo.
    expect(await suggest('lumia')).toEqual([{ kind: 'camera', value: 'Nokia Lumia 820' }])
  })

  it('moves a batch to the trash in one undoable step: gone from the timeline, search, a person and an album', async () => {
    const moved = (await dispatch('trash.move', { ids: [id.collins1, id.starfish] })) as BatchResult
    expect(moved).toMatchObject({ changed: 2, undo: { label: 'Moved 2 photos to the trash' } })
    expect(await dispatch('edits.latest', {})).toEqual(moved.undo)

    expect(await page()).not.toContain(id.collins1)
    expect(await page()).not.toContain(id.starfish)
    expect(await total()).toBe(3)
    expect(await search('beach')).toEqual([])
    expect(await search('eileen')).toEqual([id.collins2])
    expect(await personPhotos()).toEqual([id.collins2])
    expect(await albumPhotos()).toEqual([id.collins2])
    // Also the favourites view and a date search ("2013" is the starfish's year).
    expect(await dispatch('assets.page', { offset: 0, limit: 100, only: 'favorites' })).toEqual([])
    expect(await search('2013')).not.toContain(id.starfish)
    // Nor do they count on the People screen, or in what the search box suggests.
    expect(await dispatch('people.get', { personId: person })).toMatchObject({ faceCount: 1, photoCount: 1 })
    expect(((await dispatch('people.list', {})) as PersonSummary[]).find((p) => p.id === person)).toMatchObject({ faceCount: 1, photoCount: 1 })
    expect(await suggest('lumia')).toEqual([])

    const trash = await trashList()
    expect(trash.total).toBe(2)
    expect(trash.items.map((i) => i.asset.id).sort()).toEqual([id.collins1, id.starfish].sort())
    expect(trash.items.every((i) => i.daysLeft === 30 && i.trashedAt === clock.toISOString())).toBe(true)
    // Moving it again changes nothing (and records no step).
    expect(await dispatch('trash.move', { ids: [id.collins1] })).toEqual({ changed: 0, undo: null })
  })

  it('restores a photo with its face, person name, album and favourite', async () => {
    const restored = (await dispatch('trash.restore', { ids: [id.collins1] })) as BatchResult
    expect(restored).toMatchObject({ changed: 1, undo: { label: 'Restored 1 photo from the trash' } })
    expect(await page()).toContain(id.collins1)
    expect(await personPhotos()).toEqual([id.collins1, id.collins2].sort())
    expect(await search('eileen')).toEqual([id.collins1, id.collins2].sort())
    expect(await albumPhotos()).toEqual([id.collins1, id.collins2].sort())
    expect(app.repositories.people.facesInAsset(id.collins1).map((f) => f.personName)).toEqual(['Eileen Collins'])
    expect(await dispatch('people.get', { personId: person })).toMatchObject({ faceCount: 2, photoCount: 2 })
    expect(await dispatch('assets.get', { assetId: id.collins1 })).toMatchObject({ favorite: true, trashedAt: null })
    expect(((await trashList()).items).map((i) => i.asset.id)).toEqual([id.starfish])
  })

  it('undoes a restore (back in the trash since the same time) and a move', async () => {
    clock = new Date(clock.getTime() + 2 * DAY)
    expect(await dispatch('edits.undo', {})).toEqual({ undone: 'Restored 1 photo from the trash' })
    const items = (await trashList()).items
    expect(items.map((i) => i.asset.id).sort()).toEqual([id.collins1, id.starfish].sort())
    // Trashed two days ago: 28 days left, not 30.
    expect(items.every((i) => i.daysLeft === 28)).toBe(true)
    expect(await personPhotos()).toEqual([id.collins2])

    const moved = (await dispatch('trash.move', { ids: [id.flowers] })) as BatchResult
    expect(await page()).not.toContain(id.flowers)
    expect(await dispatch('edits.undo', { stepId: moved.undo!.stepId })).toEqual({ undone: 'Moved 1 photo to the trash' })
    expect(await page()).toContain(id.flowers)
    // Newest trashed first.
    await dispatch('trash.move', { ids: [id.flowers] })
    expect((await trashList()).items[0]!.asset.id).toBe(id.flowers)
    await dispatch('trash.restore', { ids: [id.flowers] })
  })

  it('after 30 days a trashed photo leaves the catalog at start; its file stays and a rescan does not bring it back', async () => {
    // collins-1 and the starfish were trashed 2 days before now: 28 days later + 1 they expire.
    await app.close()
    clock = new Date(clock.getTime() + 29 * DAY)
    await open()
    expect((await trashList()).total).toBe(0)
    expect(existsSync(path.starfish)).toBe(true)
    expect(existsSync(path.collins1)).toBe(true)
    expect(await dispatch('assets.get', { assetId: id.starfish })).toBeNull()
    // Its faces went with it; the person keeps the other photo.
    expect(app.repositories.people.facesInAsset(id.collins1)).toEqual([])
    expect(await personPhotos()).toEqual([id.collins2])
    // The start above rescanned the folder: still not imported, no task failed, no broken file shown.
    expect(await total()).toBe(3)
    expect(await search('beach')).toEqual([])
    expect(await dispatch('assets.broken', {})).toEqual([])
    expect(app.stats().totals).toMatchObject({ dead: 0, failed: 0 })
  })

  it('a copy of removed content elsewhere is not imported either', async () => {
    copyInto(path.starfish, join(photos, 'Copies', 'starfish again.jpg'))
    await app.close()
    await open()
    expect(await total()).toBe(3)
    expect(await search('starfish')).toEqual([])
  })

  it('empty asks for confirmation and keeps the files unless told otherwise', async () => {
    await dispatch('trash.move', { ids: [id.flowers] })
    await expect(dispatch('trash.empty', { deleteFiles: false })).rejects.toThrow(/confirm/)
    const emptied = (await dispatch('trash.empty', { deleteFiles: false, confirm: true })) as TrashEmptied
    expect(emptied).toEqual({ removed: 1, filesTrashed: 0, failures: [] })
    expect(existsSync(path.flowers)).toBe(true)
    expect((await trashList()).total).toBe(0)
    // Rescan after emptying: not re-imported.
    await app.close()
    await open()
    expect(await page()).not.toContain(id.flowers)
    expect(await total()).toBe(2)
  })

  it('"delete the files too" moves the originals to the OS trash, reports a file that cannot go, and keeps that photo in the trash', async () => {
    await dispatch('trash.move', { ids: [id.iphone, id.collins2] })
    // A file gone from disk behind the library's back cannot be moved: reported, the rest goes on.
    const gone = readFileSync(path.collins2)
    rmSync(path.collins2)
    const emptied = (await dispatch('trash.empty', { deleteFiles: true, confirm: true })) as TrashEmptied
    expect(emptied.removed).toBe(1)
    expect(emptied.filesTrashed).toBe(1)
    expect(emptied.failures).toEqual([{ path: path.collins2, reason: expect.stringMatching(/ENOENT|no such file/) as unknown as string }])
    expect(existsSync(path.iphone)).toBe(false)
    const trashed = readdirSync(join(home, '.local', 'share', 'Trash', 'files'))
    expect(trashed).toHaveLength(1)
    expect(readFileSync(join(home, '.local', 'share', 'Trash', 'files', trashed[0]!)).equals(readFileSync(REAL_PHOTOS.iphone))).toBe(true)
    expect(((await trashList()).items).map((i) => i.asset.id)).toEqual([id.collins2])
    expect(await dispatch('assets.get', { assetId: id.iphone })).toBeNull()
    expect(await dispatch('assets.get', { assetId: id.collins2 })).toMatchObject({ trashedAt: expect.any(String) as unknown as string })
    expect(gone.length).toBeGreaterThan(0)
  })
})
