// Live photos and motion photos through a real import, the contract, the HTTP media route and the CLI.
import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { AssetSummary } from '../../shared/domain'
import type { AssetMotion } from '../../shared/motion'
import { runCli } from '../testing/cli-runner'
import { openAndImport, tempDir } from '../testing/fixtures'
import { SKIMAGE_DATA, TEST_DATA } from '../testing/test-data'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'
import { startHttpServer } from '../transport/http'

const LIVE = join(TEST_DATA, 'live')
/** An older Galaxy motion photo (SEF trailer) and a HEIC motion photo ('mpvd' box). */
const SAMSUNG = ['20230501_101113.jpg', '20230501_101115.heic']
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

describe('live photos and motion photos in the library', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const library = join(dir.path, 'lib')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  let server: Awaited<ReturnType<typeof startHttpServer>>
  const id = (name: string) => app.repositories.search.assetIdByPath(join(photos, name))!
  const motionOf = async (name: string) => (await dispatch('motion.of', { assetId: id(name) })) as AssetMotion | null
  const fetchMotion = (assetId: number, range?: string) =>
    fetch(`http://127.0.0.1:${server.port}/media/motion/${assetId}`, { headers: { 'x-photohouse-token': server.token, ...(range ? { range } : {}) } })
  const originals = new Map<string, string>()

  beforeAll(async () => {
    mkdirSync(join(photos, 'later'), { recursive: true })
    for (const name of ['IMG_0001.JPG', 'IMG_0001.MOV', 'MVIMG_20230501_101112.jpg', 'PXL_20230501_101112.MP.jpg', ...SAMSUNG]) {
      copyFileSync(join(LIVE, name), join(photos, name))
      originals.set(name, sha(readFileSync(join(photos, name))))
    }
    // A JPEG with bytes after its end that are no video (some editors leave such tails).
    writeFileSync(join(photos, 'tail.jpg'), Buffer.concat([await sharp(join(SKIMAGE_DATA, 'cell.png')).jpeg().toBuffer(), Buffer.alloc(3000, 0x5a)]))
    // A still without Apple's maker note, taken a second after the MOV's creation date: its MOV
    // arrives after it was imported, and pairs by time. (Another phone: one second after IMG_0001,
    // the same camera's shot would stack with it as a burst.)
    await sharp(join(SKIMAGE_DATA, 'camera.png'))
      .jpeg()
      .withExif({ IFD0: { Make: 'Apple', Model: 'iPhone 13' }, IFD2: { DateTimeOriginal: '2023:05:01 10:11:13' } })
      .toFile(join(photos, 'later', 'IMG_0002.JPG'))
    app = await openAndImport(library, [photos])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
    server = await startHttpServer({ app, dispatch, rendererDir: join(dir.path, 'no-ui') })
  }, 240_000)
  afterAll(async () => {
    await server?.close()
    await app?.close()
    dir.cleanup()
  })

  it("a live photo is one photo: its MOV is no tile, and is the photo's motion", async () => {
    const tiles = (await dispatch('assets.page', { offset: 0, limit: 100 })) as AssetSummary[]
    expect(tiles.map((a) => a.id).sort()).toEqual(
      [id('IMG_0001.JPG'), id('MVIMG_20230501_101112.jpg'), id('PXL_20230501_101112.MP.jpg'), id('later/IMG_0002.JPG'), id('tail.jpg'), ...SAMSUNG.map(id)].sort(),
    )
    expect(tiles.some((a) => a.video)).toBe(false)
    expect(app.repositories.search.assetIdByPath(join(photos, 'IMG_0001.MOV'))).toBeUndefined()
    expect(await motionOf('IMG_0001.JPG')).toEqual({
      kind: 'live',
      contentId: '6E1F6D52-8A5F-4F4B-9C7A-0F4B2C1D3E5F',
      durationMs: 1534,
      stillMs: null,
      bytes: null,
      contentType: 'video/quicktime',
    })
    expect(await motionOf('later/IMG_0002.JPG')).toBeNull()
  })

  it('motion photos carry their embedded MP4 as motion; a plain photo has none', async () => {
    expect(await motionOf('MVIMG_20230501_101112.jpg')).toMatchObject({ kind: 'embedded', stillMs: 600, contentType: 'video/mp4', contentId: null })
    expect(await motionOf('PXL_20230501_101112.MP.jpg')).toMatchObject({ kind: 'embedded', stillMs: 400 })
    expect((await motionOf('PXL_20230501_101112.MP.jpg'))!.durationMs).toBeGreaterThan(1000)
  })

  it("serves the motion bytes: the MOV whole, the motion photo's MP4 range (and parts of it); the originals stay unwritten", async () => {
    const mov = await fetchMotion(id('IMG_0001.JPG'))
    expect(mov.status).toBe(200)
    expect(mov.headers.get('content-type')).toBe('video/quicktime')
    expect(sha(Buffer.from(await mov.arrayBuffer()))).toBe(originals.get('IMG_0001.MOV'))

    const file = readFileSync(join(photos, 'MVIMG_20230501_101112.jpg'))
    const motion = (await motionOf('MVIMG_20230501_101112.jpg'))!
    const mp4 = Buffer.from(await (await fetchMotion(id('MVIMG_20230501_101112.jpg'))).arrayBuffer())
    expect(mp4.length).toBe(motion.bytes)
    expect(mp4.equals(file.subarray(file.length - motion.bytes!))).toBe(true)
    expect(mp4.toString('latin1', 4, 8)).toBe('ftyp')
    const part = await fetchMotion(id('MVIMG_20230501_101112.jpg'), 'bytes=4-11')
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 4-11/${motion.bytes}`)
    expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe(mp4.toString('latin1', 4, 12))
    // A photo without motion has none to serve.
    expect((await fetchMotion(id('later/IMG_0002.JPG'))).status).toBe(404)

    for (const [name, hash] of originals) expect(sha(readFileSync(join(photos, name))), name).toBe(hash)
  })

  it("older Samsung and HEIC motion photos are one photo each with their MP4 as motion, served by range; a JPEG's stray tail is no motion", async () => {
    for (const name of SAMSUNG) {
      const motion = (await motionOf(name))!
      expect(motion, name).toMatchObject({ kind: 'embedded', contentType: 'video/mp4', contentId: null })
      expect(motion.durationMs, name).toBeGreaterThan(1000)
      const file = readFileSync(join(photos, name))
      const mp4 = Buffer.from(await (await fetchMotion(id(name))).arrayBuffer())
      expect(mp4.length, name).toBe(motion.bytes)
      expect(mp4.toString('latin1', 4, 8), name).toBe('ftyp')
      expect(file.indexOf(mp4), name).toBeGreaterThan(0)
      const tail = await fetchMotion(id(name), `bytes=-16`)
      expect(tail.status, name).toBe(206)
      expect(tail.headers.get('content-range'), name).toBe(`bytes ${motion.bytes! - 16}-${motion.bytes! - 1}/${motion.bytes}`)
      expect(Buffer.from(await tail.arrayBuffer()).equals(mp4.subarray(mp4.length - 16)), name).toBe(true)
    }
    expect((await motionOf('20230501_101115.heic'))!.stillMs).toBe(500)
    // The HEIC is a photo whose thumbnail was made (from the HEIF image; the mpvd box is skipped).
    const tiles = (await dispatch('assets.page', { offset: 0, limit: 100 })) as AssetSummary[]
    expect(tiles.find((t) => t.id === id('20230501_101115.heic'))).toMatchObject({ width: 512, hasThumb: true, motion: 'embedded' })
    expect(tiles.find((t) => t.id === id('tail.jpg'))).toMatchObject({ hasThumb: true })
    expect(tiles.find((t) => t.id === id('tail.jpg'))?.motion).toBeUndefined()
    expect(await motionOf('tail.jpg')).toBeNull()
    expect((await fetchMotion(id('tail.jpg'))).status).toBe(404)
    for (const name of SAMSUNG) expect(sha(readFileSync(join(photos, name))), name).toBe(originals.get(name))
  })

  it('a MOV that arrives after its still joins it at the next scan (paired by capture time)', async () => {
    copyFileSync(join(LIVE, 'IMG_0001.MOV'), join(photos, 'later', 'IMG_0002.MOV'))
    app.pipeline.rootAdded(app.repositories.roots.list()[0]!.id)
    await app.runner.idle(50)
    expect(await motionOf('later/IMG_0002.JPG')).toMatchObject({ kind: 'live', durationMs: 1534 })
    expect(app.repositories.search.assetIdByPath(join(photos, 'later', 'IMG_0002.MOV'))).toBeUndefined()
  })

  it('a live photo whose MOV is gone shows no motion (and serves none)', async () => {
    const mov = join(photos, 'later', 'IMG_0002.MOV')
    renameSync(mov, `${mov}.away`)
    try {
      expect(await motionOf('later/IMG_0002.JPG')).toBeNull()
      expect((await fetchMotion(id('later/IMG_0002.JPG'))).status).toBe(404)
    } finally {
      renameSync(`${mov}.away`, mov)
    }
    expect(await motionOf('later/IMG_0002.JPG')).toMatchObject({ kind: 'live' })
  })

  it('a MOV deleted from disk takes the LIVE badge with it at the next scan; put back, the badge returns', async () => {
    const mov = join(photos, 'later', 'IMG_0002.MOV')
    const tileOf = async () => ((await dispatch('assets.page', { offset: 0, limit: 100 })) as AssetSummary[]).find((a) => a.id === id('later/IMG_0002.JPG'))
    const rescan = async () => {
      app.pipeline.rootAdded(app.repositories.roots.list()[0]!.id)
      await app.runner.idle(50)
    }
    expect((await tileOf())?.motion).toBe('live')
    renameSync(mov, join(dir.path, 'IMG_0002.MOV.away'))
    await rescan()
    expect((await tileOf())?.motion).toBeUndefined()
    expect(app.motion.all().has(id('later/IMG_0002.JPG'))).toBe(false)
    // The other live photo, whose MOV stayed, keeps its badge.
    expect(app.motion.all().get(id('IMG_0001.JPG'))).toMatchObject({ kind: 'live' })

    renameSync(join(dir.path, 'IMG_0002.MOV.away'), mov)
    await rescan()
    expect((await tileOf())?.motion).toBe('live')
    expect(app.repositories.search.assetIdByPath(mov)).toBeUndefined()
  })

  it('a motion photo renamed, and a live pair moved together, keep their motion (read from the new place)', async () => {
    const before = { pixel: id('PXL_20230501_101112.MP.jpg'), live: id('IMG_0001.JPG') }
    mkdirSync(join(photos, 'moved'))
    renameSync(join(photos, 'PXL_20230501_101112.MP.jpg'), join(photos, 'moved', 'pixel.jpg'))
    for (const ext of ['JPG', 'MOV']) renameSync(join(photos, `IMG_0001.${ext}`), join(photos, 'moved', `IMG_0001.${ext}`))
    try {
      app.pipeline.rootAdded(app.repositories.roots.list()[0]!.id)
      await app.runner.idle(50)
      expect([id('moved/pixel.jpg'), id('moved/IMG_0001.JPG')]).toEqual([before.pixel, before.live])
      expect(await motionOf('moved/pixel.jpg')).toMatchObject({ kind: 'embedded', stillMs: 400 })
      expect(await motionOf('moved/IMG_0001.JPG')).toMatchObject({ kind: 'live', durationMs: 1534 })
      expect(app.repositories.search.assetIdByPath(join(photos, 'moved', 'IMG_0001.MOV'))).toBeUndefined()
      const served = await fetchMotion(before.pixel, 'bytes=4-7')
      expect(served.status).toBe(206)
      expect(Buffer.from(await served.arrayBuffer()).toString('latin1')).toBe('ftyp')
      expect(sha(Buffer.from(await (await fetchMotion(before.live)).arrayBuffer()))).toBe(originals.get('IMG_0001.MOV'))
    } finally {
      // Back where the later tests expect them.
      renameSync(join(photos, 'moved', 'pixel.jpg'), join(photos, 'PXL_20230501_101112.MP.jpg'))
      for (const ext of ['JPG', 'MOV']) renameSync(join(photos, 'moved', `IMG_0001.${ext}`), join(photos, `IMG_0001.${ext}`))
      app.pipeline.rootAdded(app.repositories.roots.list()[0]!.id)
      await app.runner.idle(50)
    }
    expect(await motionOf('IMG_0001.JPG')).toMatchObject({ kind: 'live' })
  })

  it("a motion photo's clip is served from another copy of the photo when the recorded one is deleted", async () => {
    const rescan = async () => {
      app.pipeline.rootAdded(app.repositories.roots.list()[0]!.id)
      await app.runner.idle(50)
    }
    const name = 'MVIMG_20230501_101112.jpg'
    const assetId = id(name)
    mkdirSync(join(photos, 'copies'))
    copyFileSync(join(photos, name), join(photos, 'copies', name))
    await rescan()
    expect(id(`copies/${name}`)).toBe(assetId)
    renameSync(join(photos, name), join(dir.path, name))
    try {
      await rescan()
      expect(await motionOf(`copies/${name}`)).toMatchObject({ kind: 'embedded', stillMs: 600 })
      const served = await fetchMotion(assetId, 'bytes=4-7')
      expect(served.status).toBe(206)
      expect(Buffer.from(await served.arrayBuffer()).toString('latin1')).toBe('ftyp')
    } finally {
      renameSync(join(dir.path, name), join(photos, name))
      rmSync(join(photos, 'copies'), { recursive: true })
      await rescan()
    }
    expect(id(name)).toBe(assetId)
  })

  it("deleting a live photo's files takes its MOV to the OS trash too", async () => {
    const taken: string[] = []
    await dispatch('trash.move', { ids: [id('later/IMG_0002.JPG')] })
    // The OS trash, as a move out of the folder (the real one is the desktop's).
    const result = await app.trash.empty({ ids: [id('later/IMG_0002.JPG')], deleteFiles: true }, async (path) => {
      taken.push(path)
      renameSync(path, join(dir.path, `trashed-${taken.length}`))
    })
    expect(result).toMatchObject({ removed: 1, filesTrashed: 2, failures: [] })
    expect(taken.sort()).toEqual([join(photos, 'later', 'IMG_0002.JPG'), join(photos, 'later', 'IMG_0002.MOV')])
  })

  it('assets --json gives each photo its motion', () => {
    const out = runCli(['--library', library, 'assets', '--json'])
    expect(out.code).toBe(0)
    const rows = JSON.parse(out.stdout) as { paths: string[]; type: string; motion: AssetMotion | null }[]
    const byName = (name: string) => rows.find((r) => r.paths.includes(join(photos, name)))
    expect(rows.filter((r) => r.paths.length > 0)).toHaveLength(3 + 1 + SAMSUNG.length)
    expect(byName('IMG_0001.JPG')).toMatchObject({ type: 'photo', motion: { kind: 'live', contentId: '6E1F6D52-8A5F-4F4B-9C7A-0F4B2C1D3E5F' } })
    expect(byName('MVIMG_20230501_101112.jpg')).toMatchObject({ motion: { kind: 'embedded', stillMs: 600 } })
  })
})
