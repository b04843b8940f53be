import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog } from './app'
import { createTasksRepository } from './catalog'
import { appRoot } from './platform/app-root'
import { copyInto, REAL_PHOTOS, tempDir } from './testing/fixtures'
import { SKIMAGE_DATA } from './testing/test-data'

const bin = join(appRoot(), 'bin', 'photohouse.mjs')

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 240_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

interface CliAsset {
  id: number
  sha256: string
  paths: string[]
  width: number | null
  height: number | null
  orientation: number | null
  takenAt: string | null
  make: string | null
  model: string | null
  lat: number | null
  lon: number | null
  error: string | null
}

describe('photohouse CLI', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  it('imports real photos, lists assets as JSON and reports broken files', () => {
    const photos = join(dir.path, 'real')
    copyInto(REAL_PHOTOS.iphone, join(photos, 'iphone.jpg'))
    copyInto(REAL_PHOTOS.rotated, join(photos, 'rotated.jpg'))
    copyInto(REAL_PHOTOS.iphone, join(photos, 'copy of iphone.jpg'))
    copyInto(join(appRoot(), 'package.json'), join(photos, 'bad.jpg'))
    const library = join(dir.path, 'lib-real')
    const imported = cli(['--library', library, 'import', photos])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout).toMatch(/2 photos ready, 1 broken/)
    expect(imported.stdout).toMatch(/bad\.jpg/)

    const listed = cli(['--library', library, 'assets', '--json'])
    expect(listed.code).toBe(0)
    const assets = JSON.parse(listed.stdout) as CliAsset[]
    expect(assets).toHaveLength(3)
    const iphone = assets.find((a) => a.make === 'Apple')!
    expect(iphone).toMatchObject({ model: 'iPhone 4S', width: 180, height: 135, orientation: 1 })
    expect(iphone.paths).toHaveLength(2)
    expect(iphone.takenAt).toMatch(/^2013-02-06T16:00:03/)
    expect(iphone.lat).toBeCloseTo(37.885, 3)
    expect(iphone.lon).toBeCloseTo(-122.6225, 3)
    expect(Object.keys(iphone).sort()).toEqual(
      ['durationMs', 'error', 'favorite', 'hidden', 'height', 'id', 'lat', 'lon', 'make', 'model', 'motion', 'orientation', 'paths', 'rating', 'sha256', 'takenAt', 'type', 'width'].sort(),
    )
    // A photo: videos say "video" and how long they are (src/main/cli/video.test.ts).
    expect(iphone).toMatchObject({ type: 'photo', durationMs: null })
    // Nothing marked yet: a fresh import is unrated, not a favourite, and shown.
    expect(iphone).toMatchObject({ favorite: false, rating: 0, hidden: false })
    expect(assets.find((a) => a.paths[0]?.endsWith('bad.jpg'))?.error).toMatch(/not .*image|JSON|text/i)

    const status = cli(['--library', library, 'status', '--json'])
    const parsed = JSON.parse(status.stdout) as { tasks: Record<string, number>; assets: Record<string, number>; roots: unknown[] }
    expect(parsed.assets).toEqual({ pending: 0, ready: 2, error: 1 })
    expect(parsed.roots).toEqual([{ path: photos, files: 4, unreachable: null }])
    expect(parsed.tasks).toMatchObject({ pending: 0, running: 0, failed: 0, dead: 0 })
  })

  it('lists, renames, merges and splits people, and searches by person', async () => {
    const photos = join(dir.path, 'people')
    mkdirSync(photos, { recursive: true })
    const src = sharp(join(SKIMAGE_DATA, 'astronaut.png'))
    await src.clone().toFile(join(photos, 'a.png'))
    await src.clone().flop().toFile(join(photos, 'b.png'))
    await src.clone().extract({ left: 60, top: 0, width: 400, height: 400 }).toFile(join(photos, 'c.png'))
    await src.clone().modulate({ brightness: 1.2 }).jpeg().toFile(join(photos, 'd.jpg'))
    copyInto(REAL_PHOTOS.chelsea, join(photos, 'cat.png'))
    const library = join(dir.path, 'lib-people')
    expect(cli(['--library', library, 'import', photos]).code).toBe(0)

    type Person = { id: number | null; name: string | null; faceCount: number; faces: { faceId: number; assetId: number; path: string; box: number[] }[] }
    const list = () => JSON.parse(cli(['--library', library, 'people', 'list', '--json']).stdout) as Person[]
    const [person] = list()
    expect(person).toMatchObject({ name: null, faceCount: 4 })
    expect(person!.faces.map((f) => f.path.split('/').pop()).sort()).toEqual(['a.png', 'b.png', 'c.png', 'd.jpg'])
    for (const f of person!.faces) expect(f.box).toHaveLength(4)

    expect(cli(['--library', library, 'people', 'rename', String(person!.id), 'Eileen', 'Collins']).code).toBe(0)
    expect(list()[0]!.name).toBe('Eileen Collins')
    const split = cli(['--library', library, 'people', 'split', String(person!.id), '--faces', String(person!.faces[0]!.faceId), '--json'])
    expect(split.code, split.stderr).toBe(0)
    const newId = (JSON.parse(split.stdout) as { id: number }).id
    expect(list().map((p) => p.faceCount).sort()).toEqual([1, 3])
    expect(cli(['--library', library, 'people', 'merge', String(newId), '--into', String(person!.id)]).code).toBe(0)
    expect(list().map((p) => p.faceCount)).toEqual([4])

    const found = JSON.parse(cli(['--library', library, 'search', '--person', 'Eileen Collins', '--json']).stdout) as { path: string }[]
    expect(found.map((f) => f.path.split('/').pop()).sort()).toEqual(['a.png', 'b.png', 'c.png', 'd.jpg'])
  })

  it('says what is wrong with bad arguments', () => {
    expect(cli(['frobnicate']).code).toBe(2)
    const missing = cli(['--library', join(dir.path, 'lib-x'), 'import', join(dir.path, 'no such folder')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/Folder not found/)
  })

  describe('kill -9 in the middle of an import', () => {
    const photos = join(dir.path, 'many')
    const library = join(dir.path, 'lib-many')
    const DISTINCT = 300
    const COPIES = 20

    beforeAll(async () => {
      mkdirSync(photos, { recursive: true })
      for (let i = 0; i < DISTINCT; i++) {
        const noise = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: (i * 37) % 200, sigma: 30 } } })
          .jpeg({ quality: 80 })
          .toBuffer()
        await sharp(noise).toFile(join(photos, `img-${String(i).padStart(4, '0')}.jpg`))
      }
      for (let i = 0; i < COPIES; i++) copyFileSync(join(photos, `img-${String(i).padStart(4, '0')}.jpg`), join(photos, `copy-${i}.jpg`))
    })

    it('resumes on restart and ends with exactly one asset per distinct file', async () => {
      const child = spawn(process.execPath, [bin, '--library', library, 'import', photos], { stdio: 'ignore' })
      const exited = new Promise((r) => child.once('exit', r))
      // Kill once a real part of the work is done, but not all of it.
      for (;;) {
        await new Promise((r) => setTimeout(r, 100))
        let done = 0
        try {
          const db = openCatalog(library)
          done = createTasksRepository(db).stats().totals.done
          db.close()
        } catch {
          // catalog not created yet
        }
        if (done >= 40) break
      }
      child.kill('SIGKILL')
      await exited

      const db = openCatalog(library)
      const interrupted = createTasksRepository(db).stats().totals
      db.close()
      expect(interrupted.pending + interrupted.running).toBeGreaterThan(0)

      const resumed = cli(['--library', library, 'import', photos])
      expect(resumed.code, resumed.stderr).toBe(0)
      const assets = JSON.parse(cli(['--library', library, 'assets', '--json']).stdout) as CliAsset[]
      expect(assets).toHaveLength(DISTINCT)
      expect(new Set(assets.map((a) => a.sha256)).size).toBe(DISTINCT)
      const paths = assets.flatMap((a) => a.paths)
      expect(paths).toHaveLength(DISTINCT + COPIES)
      expect(new Set(paths).size).toBe(DISTINCT + COPIES)
      expect(assets.filter((a) => a.error !== null)).toEqual([])
    })
  })
})
