import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { createVideosRepository } from '../catalog'
import { thumbPath } from '../ingest'
import { DEFAULT_CLASSIFIER_MODEL } from '../ml'
import { copyInto, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { VIDEO_DATA } from '../testing/test-data'
import { keyframeDir } from './video.service'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function setup(env?: { PHOTOHOUSE_FFMPEG?: string }) {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const photos = join(dir.path, 'photos')
  for (const name of ['megamind.mp4', 'location.mov', 'slideshow.webm', 'corrupt.mp4']) copyInto(join(VIDEO_DATA, name), join(photos, name))
  copyInto(REAL_PHOTOS.fruits, join(photos, 'fruits.jpg'))
  const logs: string[] = []
  const saved = process.env.PHOTOHOUSE_FFMPEG
  if (env?.PHOTOHOUSE_FFMPEG) process.env.PHOTOHOUSE_FFMPEG = env.PHOTOHOUSE_FFMPEG
  cleanups.push(() => (saved === undefined ? delete process.env.PHOTOHOUSE_FFMPEG : (process.env.PHOTOHOUSE_FFMPEG = saved)))
  const app = createApp({ libraryDir: join(dir.path, 'library'), concurrency: 2, backoffBaseMs: 10, log: (m) => logs.push(m) })
  cleanups.push(() => app.close())
  return { app, photos, logs }
}

describe('import of videos', () => {
  it('lists videos with their type, duration, date and place, a poster thumbnail and keyframes; a cut-off one as broken', async () => {
    const { app, photos } = setup()
    app.start()
    await app.library.addRoots([photos])
    await app.runner.idle(20)
    expect(app.stats().assets).toEqual({ ready: 4, pending: 0, error: 1 })
    const dead = app.db.prepare(`SELECT type, error_code AS code, error_message AS message FROM tasks WHERE state = 'dead'`).all()
    expect(dead).toEqual([])

    const all = app.repositories.assets.exportAll()
    const byName = (name: string) => all.find((a) => a.paths[0]?.endsWith(name))!
    const mov = byName('location.mov')
    expect(mov).toMatchObject({ video: { durationMs: 2000 }, width: 140, height: 192, make: 'Apple', model: 'iPhone 12', mime: 'video/quicktime', state: 'ready', hasThumb: true })
    expect(mov.takenAt).toBe('2022-05-01T10:11:12+02:00')
    expect(mov.lat).toBeCloseTo(48.8584, 4)
    expect(mov.lon).toBeCloseTo(2.2945, 4)
    // The place stage ran on the container's GPS.
    expect(mov.country).toBe('France')
    expect(byName('fruits.jpg').video).toBeUndefined()
    // The info panel's streams, as ffprobe reads them (a photo has none).
    expect(app.repositories.assets.get(mov.id)?.videoFacts).toEqual({ videoCodec: 'h264', audioCodec: null, frameRate: 15 })
    expect(app.repositories.assets.get(byName('megamind.mp4').id)?.videoFacts).toEqual({ videoCodec: 'h264', audioCodec: 'aac', frameRate: 15 })
    expect(app.repositories.assets.get(byName('fruits.jpg').id)?.videoFacts).toBeUndefined()
    expect(existsSync(thumbPath(app.cacheDir, byName('megamind.mp4').sha256, 'grid'))).toBe(true)

    const broken = app.repositories.assets.broken()
    expect(broken.map((b) => b.path.split('/').pop())).toEqual(['corrupt.mp4'])
    expect(broken[0]!.error).toMatch(/moov atom not found/)

    // The slideshow's scene changes are stored with their second, with what the classifier saw in each.
    const slideshow = byName('slideshow.webm')
    const videos = createVideosRepository(app.db)
    expect(videos.keyframesOf(slideshow.id).map((k) => k.atMs)).toEqual([1500, 3000])
    expect(readdirSync(keyframeDir(app.cacheDir, slideshow.sha256)).sort()).toEqual(['1500.jpg', '3000.jpg'])
    const frameTags = app.db.prepare(`SELECT at_ms AS atMs, label FROM keyframe_tags WHERE asset_id = ? ORDER BY score DESC`).all(slideshow.id) as { atMs: number; label: string }[]
    expect(frameTags.length).toBeGreaterThan(0)
    // Coffee is at 3 s: a cup's tags come from that frame, and join the video's own tags.
    const cup = frameTags.find((t) => /espresso|cup|coffee/.test(t.label))
    expect(cup?.atMs).toBe(3000)
    expect(app.repositories.assets.get(slideshow.id)!.tags.map((t) => t.label)).toContain(cup!.label)
    // A model the keyframes were not read with (installed since): read again from the stored frames.
    expect(videos.keyframesMissingModel(DEFAULT_CLASSIFIER_MODEL, '12-int8')).toEqual([])
    app.db.prepare('DELETE FROM keyframe_embeddings WHERE asset_id = ?').run(slideshow.id)
    const frameFile = join(keyframeDir(app.cacheDir, slideshow.sha256), '1500.jpg')
    const before = statSync(frameFile).mtimeMs
    app.modelsChanged()
    await app.runner.idle(20)
    expect(videos.keyframesMissingModel(DEFAULT_CLASSIFIER_MODEL, '12-int8')).toEqual([])
    expect(statSync(frameFile).mtimeMs).toBe(before)

    // The astronaut's face is in the keyframe at 1.5 s (the poster is the cat): found there, once, with its second.
    const faces = app.db.prepare(`SELECT id, at_ms AS atMs FROM faces WHERE asset_id = ?`).all(slideshow.id) as { id: number; atMs: number | null }[]
    expect(faces.map((f) => f.atMs)).toEqual([1500])
    // Its crop is cut from that frame.
    const crop = await app.people.faceCrop(faces[0]!.id)
    expect(crop && existsSync(crop)).toBe(true)

    // A search for the cup opens the video at the cup; filtered by the astronaut, where she is seen.
    const cupHit = async (personIds?: number[]) =>
      (await app.search.query(cup!.label, personIds ? { filters: { personIds } } : {})).hits.find((h) => h.asset.id === slideshow.id)
    expect((await cupHit())?.atMs).toBe(3000)
    const people = app.repositories.people
    // One face is below the clustering's minimum: it is made a person, as naming it in the app does.
    if (people.facesInAsset(slideshow.id)[0]?.personId == null) people.applyClustering([{ faceId: faces[0]!.id, person: 'new:a' }], { clustered: [faces[0]!.id] })
    const astronaut = people.facesInAsset(slideshow.id)[0]!.personId!
    app.people.rename(astronaut, 'Eileen Collins')
    expect((await cupHit([astronaut]))?.atMs).toBe(1500)
    const named = await app.search.query('Eileen Collins')
    expect(named.hits.find((h) => h.asset.id === slideshow.id)).toMatchObject({ atMs: 1500, asset: { video: { atMs: 1500 } } })
    const byFilter = await app.search.query('', { filters: { personIds: [astronaut] } })
    expect(byFilter.hits.find((h) => h.asset.id === slideshow.id)?.atMs).toBe(1500)
  }, 120_000)

  it('without ffmpeg lists the videos (no thumbnail) and says why once', async () => {
    const { app, photos, logs } = setup({ PHOTOHOUSE_FFMPEG: 'none' })
    app.start()
    await app.library.addRoots([photos])
    await app.runner.idle(20)
    const all = app.repositories.assets.exportAll()
    const videos = all.filter((a) => a.video)
    expect(videos).toHaveLength(4)
    for (const v of videos) expect(v).toMatchObject({ state: 'ready', hasThumb: false, video: { durationMs: null } })
    expect(logs.filter((l) => /ffmpeg not found/.test(l))).toHaveLength(1)
    expect(app.stats().totals.dead).toBe(0)
    await app.close()

    // ffmpeg is there at the next start: the listed videos are analysed.
    delete process.env.PHOTOHOUSE_FFMPEG
    const again = createApp({ libraryDir: app.libraryDir, concurrency: 2, backoffBaseMs: 10, log: () => {} })
    cleanups.push(() => again.close())
    again.start()
    await again.runner.idle(20)
    const after = again.repositories.assets.exportAll().filter((a) => a.video)
    expect(after.find((a) => a.paths[0]!.endsWith('location.mov'))).toMatchObject({ state: 'ready', hasThumb: true, video: { durationMs: 2000 }, width: 140 })
    expect(again.repositories.assets.broken().map((b) => b.path.split('/').pop())).toEqual(['corrupt.mp4'])
  }, 180_000)

  it('Settings → Videos: the choice of ffmpeg is kept, and says which one is in use', () => {
    const { app } = setup()
    expect(app.settings.get()).toMatchObject({ videos: { ffmpeg: 'bundled' }, ffmpegInUse: { source: 'bundled' } })
    const saved = app.settings.set({ videos: { ffmpeg: 'system' } })
    expect(saved.videos).toEqual({ ffmpeg: 'system' })
    // Whichever is found under it (the bundled one when PATH has none).
    expect(saved.ffmpegInUse?.source).toMatch(/^(system|bundled)$/)
    expect(app.settings.get().videos).toEqual({ ffmpeg: 'system' })
  })

  it('reads text that appears in a keyframe, with its second, and a search for it opens there', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const photos = join(dir.path, 'photos')
    copyInto(join(VIDEO_DATA, 'sign.webm'), join(photos, 'sign.webm'))
    const app = createApp({ libraryDir: join(dir.path, 'library'), concurrency: 2, backoffBaseMs: 10, log: () => {} })
    cleanups.push(() => app.close())
    app.start()
    await app.library.addRoots([photos])
    await app.runner.idle(20)
    const [video] = app.repositories.assets.exportAll()
    // The poster is the cat; the PARKING sign comes at 1.5 s.
    const lines = app.repositories.analysis.ocrOf(video!.id)
    expect(lines.find((l) => /parking/i.test(l.text))?.atMs).toBe(1500)
    const { hits } = await app.search.query('parking')
    expect(hits.map((h) => [h.asset.id, h.atMs])).toEqual([[video!.id, 1500]])
    expect(hits[0]!.asset.video?.atMs).toBe(1500)
  }, 120_000)
})
