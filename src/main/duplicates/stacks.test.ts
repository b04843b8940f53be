// Stacks: bursts (one camera, shots at most a second apart) and one shot in two formats side by side,
// on real photos whose camera and capture time are written into their EXIF at test time.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { AssetSummary, LibrarySettings, TimelineMonth } from '../../shared/domain'
import type { AssetStack } from '../../shared/duplicates'
import { openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { HEIC_DATA, OPENCV_DATA } from '../testing/test-data'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'
import { findBursts, findSameName } from './stacks'

describe('burst and same-name rules', () => {
  const shot = (id: number, sortMs: number, model = 'EOS R5') => ({ id, make: 'Canon', model, sortMs })
  it('a burst is a run of one camera with gaps of at most a second', () => {
    expect(findBursts([shot(1, 0), shot(2, 400), shot(3, 1400), shot(4, 2401), shot(5, 9000), shot(6, 9500, 'EOS R6')])).toEqual([[1, 2, 3]])
  })
  it('same folder and base name, different formats', () => {
    expect(
      findSameName([
        { id: 1, path: '/p/IMG_1.HEIC', mime: 'image/heic' },
        { id: 2, path: '/p/IMG_1.jpg', mime: 'image/jpeg' },
        { id: 3, path: '/q/IMG_1.jpg', mime: 'image/jpeg' },
        // Two JPEGs of one name are two versions, not one shot in two formats.
        { id: 4, path: '/r/a.jpg', mime: 'image/jpeg' },
        { id: 5, path: '/r/a.jpeg', mime: 'image/jpeg' },
      ]),
    ).toEqual([[2, 1]])
  })
})

describe('stacks (real photos, through the contract)', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  const id = (name: string) => app.repositories.search.assetIdByPath(join(photos, name))!
  const stackOf = async (name: string) => (await dispatch('stacks.of', { assetId: id(name) })) as AssetStack | null

  /** A real photo as camera `model` saved it at `time` (yyyy:mm:dd hh:mm:ss) + `subSec` hundredths. */
  const shoot = (source: string, name: string, model: string, time: string, subSec: string) =>
    sharp(source)
      .jpeg({ quality: 90 })
      .withExif({ IFD0: { Make: 'Canon', Model: model }, IFD2: { DateTimeOriginal: time, SubSecTimeOriginal: subSec } })
      .toFile(join(photos, name))

  beforeAll(async () => {
    mkdirSync(photos, { recursive: true })
    await shoot(join(OPENCV_DATA, 'basketball1.png'), 'burst-1.jpg', 'EOS R5', '2024:07:01 10:00:00', '40')
    await shoot(join(OPENCV_DATA, 'basketball2.png'), 'burst-2.jpg', 'EOS R5', '2024:07:01 10:00:00', '90')
    await shoot(REAL_PHOTOS.baboon, 'burst-3.jpg', 'EOS R5', '2024:07:01 10:00:01', '50')
    // Four seconds later: the next shot, not the burst.
    await shoot(REAL_PHOTOS.coffee, 'later.jpg', 'EOS R5', '2024:07:01 10:00:05', '50')
    // Same instant, another camera.
    await shoot(REAL_PHOTOS.chelsea, 'other-camera.jpg', 'EOS R6', '2024:07:01 10:00:00', '60')
    // One shot in two formats (as iPhones export HEIC + JPEG).
    copyFileSync(join(HEIC_DATA, 'fruits.heic'), join(photos, 'IMG_0001.HEIC'))
    copyFileSync(REAL_PHOTOS.fruits, join(photos, 'IMG_0001.JPG'))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
  }, 240_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  it('a burst is one stack, the first shot its cover; the next shot and another camera are not in it', async () => {
    const burst = await stackOf('burst-2.jpg')
    expect(burst).toMatchObject({ kind: 'burst', coverAssetId: id('burst-1.jpg') })
    expect(burst!.assets.map((a) => a.id)).toEqual([id('burst-1.jpg'), id('burst-2.jpg'), id('burst-3.jpg')])
    expect(await stackOf('burst-3.jpg')).toEqual(burst)
    expect(await stackOf('later.jpg')).toBeNull()
    expect(await stackOf('other-camera.jpg')).toBeNull()
  })

  it('HEIC and JPEG of one name are one stack, the JPEG its cover; counts are given for covers', async () => {
    const pair = await stackOf('IMG_0001.HEIC')
    expect(pair).toMatchObject({ kind: 'same-name', coverAssetId: id('IMG_0001.JPG') })
    expect(pair!.assets.map((a) => a.id)).toEqual([id('IMG_0001.JPG'), id('IMG_0001.HEIC')])
    const counts = await dispatch('stacks.counts', { assetIds: [id('burst-1.jpg'), id('burst-2.jpg'), id('IMG_0001.JPG'), id('later.jpg')] })
    expect(counts).toEqual(
      expect.arrayContaining([
        { assetId: id('burst-1.jpg'), count: 3 },
        { assetId: id('IMG_0001.JPG'), count: 2 },
      ]),
    )
    expect(counts).toHaveLength(2)
  })

  it('the timeline shows each stack as one tile; an expanded one shows its photos after it', async () => {
    const total = async (input: object) => ((await dispatch('assets.timeline', input)) as TimelineMonth[]).reduce((n, m) => n + m.count, 0)
    const page = async (input: object) => (await dispatch('assets.page', { offset: 0, limit: 100, ...input })) as AssetSummary[]
    const collapsed = await page({})
    expect(collapsed.map((a) => a.id).sort()).toEqual([id('burst-1.jpg'), id('later.jpg'), id('other-camera.jpg'), id('IMG_0001.JPG')].sort())
    expect(await total({})).toBe(4)
    const burstTile = collapsed.find((a) => a.id === id('burst-1.jpg'))!
    expect(burstTile.stack).toMatchObject({ count: 3, role: 'cover', expanded: false })

    const expanded = await page({ expandedStacks: [burstTile.stack!.coverId] })
    expect(await total({ expandedStacks: [burstTile.stack!.coverId] })).toBe(6)
    const at = expanded.findIndex((a) => a.id === id('burst-1.jpg'))
    expect(expanded.slice(at, at + 3).map((a) => [a.id, a.stack?.role])).toEqual([
      [id('burst-1.jpg'), 'cover'],
      [id('burst-2.jpg'), 'member'],
      [id('burst-3.jpg'), 'member'],
    ])

    // Trash or hide of the collapsed tile means the whole burst; of an expanded stack, the photo chosen.
    expect(await dispatch('stacks.whole', { ids: [id('burst-1.jpg'), id('later.jpg')] })).toEqual({
      ids: expect.arrayContaining([id('burst-1.jpg'), id('burst-2.jpg'), id('burst-3.jpg'), id('later.jpg')]) as unknown,
      stacks: 1,
    })
    expect(await dispatch('stacks.whole', { ids: [id('burst-2.jpg')], expandedStacks: [burstTile.stack!.coverId] })).toEqual({ ids: [id('burst-2.jpg')], stacks: 0 })
  })

  it('with stacks off in Settings every photo is its own tile', async () => {
    await dispatch('settings.set', { stacks: { enabled: false } })
    try {
      const rows = (await dispatch('assets.page', { offset: 0, limit: 100 })) as AssetSummary[]
      expect(rows).toHaveLength(7)
      expect(rows.some((a) => a.stack)).toBe(false)
      expect(await dispatch('stacks.counts', { assetIds: [id('burst-1.jpg')] })).toEqual([])
      expect(await dispatch('stacks.whole', { ids: [id('burst-1.jpg')] })).toEqual({ ids: [id('burst-1.jpg')], stacks: 0 })
    } finally {
      await dispatch('settings.set', { stacks: { enabled: true } })
    }
    expect(((await dispatch('settings.get', {})) as LibrarySettings).stacks).toEqual({ enabled: true })
  })

  it('a photo moved to the trash leaves its stack', async () => {
    await dispatch('trash.move', { ids: [id('burst-2.jpg')] })
    expect((await stackOf('burst-1.jpg'))!.assets.map((a) => a.id)).toEqual([id('burst-1.jpg'), id('burst-3.jpg')])
    expect(await dispatch('stacks.counts', { assetIds: [id('burst-1.jpg')] })).toEqual([{ assetId: id('burst-1.jpg'), count: 2 }])
  })
})
