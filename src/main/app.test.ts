import { renameSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, type PhotoHouseApp } from './app'
import { thumbPath } from './ingest'
import { LibraryLockedError } from './platform/library-lock'
import { copyInto, REAL_PHOTOS, tempDir, waitFor } from './testing/fixtures'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function setup() {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const photos = join(dir.path, 'photos')
  const libraryDir = join(dir.path, 'library')
  const open = (watch = false) => {
    const app = createApp({ libraryDir, watch, concurrency: 2, backoffBaseMs: 10, log: () => {} })
    cleanups.push(() => app.close())
    return app
  }
  return { photos, libraryDir, open }
}

async function importAll(app: PhotoHouseApp, folders: string[]) {
  app.start()
  await app.library.addRoots(folders)
  await app.runner.idle(20)
}

describe('import of real photos', () => {
  it('imports real camera files with metadata, thumbnails, and reports broken files without stopping', async () => {
    const { photos, open } = setup()
    copyInto(REAL_PHOTOS.starfish, join(photos, 'trip', 'starfish.jpg'))
    copyInto(REAL_PHOTOS.nikon, join(photos, 'nikon.jpg'))
    copyInto(REAL_PHOTOS.rotated, join(photos, 'rotated.jpg'))
    copyInto(REAL_PHOTOS.chelsea, join(photos, 'cat.png'))
    writeFileSync(join(photos, 'empty.jpg'), '')
    writeFileSync(join(photos, 'text.jpg'), 'hello, I am not a JPEG\n')
    const truncated = readFileSync(REAL_PHOTOS.baboon)
    writeFileSync(join(photos, 'truncated.jpg'), truncated.subarray(0, Math.floor(truncated.length / 3)))
    writeFileSync(join(photos, 'notes.txt'), 'skipped silently')
    const app = open()
    await importAll(app, [photos])

    const { assets } = app.repositories
    expect(app.stats().assets).toEqual({ ready: 4, pending: 0, error: 3 })
    expect(app.stats().totals.dead).toBe(0)

    const broken = assets.broken()
    expect(broken.map((b) => b.path.split('/').pop()).sort()).toEqual(['empty.jpg', 'text.jpg', 'truncated.jpg'])
    for (const b of broken) expect(b.error).toMatch(/\w{4,}/)

    const all = assets.exportAll()
    const starfish = all.find((a) => a.paths[0]?.endsWith('starfish.jpg'))!
    expect(starfish).toMatchObject({ make: 'Nokia', model: 'Lumia 820', state: 'ready', width: 1278, height: 720 })
    expect(starfish.takenAt).toMatch(/^2013-05-10T15:21:35/)
    expect(starfish.lat).toBeCloseTo(55.0387558, 5)
    expect(starfish.lon).toBeCloseTo(8.4571906, 5)
    expect(existsSync(thumbPath(app.cacheDir, starfish.sha256, 'grid'))).toBe(true)
    expect(existsSync(thumbPath(app.cacheDir, starfish.sha256, 'preview'))).toBe(true)

    const rotated = all.find((a) => a.paths[0]?.endsWith('rotated.jpg'))!
    expect(rotated).toMatchObject({ orientation: 8, width: 480, height: 640 })

    // The timeline: newest first, grouped by month; broken files are not in it.
    const page = assets.page(0, 100)
    expect(page).toHaveLength(4)
    expect(page[0]!.id).toBe(starfish.id)
    expect(assets.timeline()[0]).toEqual({ month: '2013-05', count: 1 })
  })

  it('keeps one asset for the same bytes at two paths', async () => {
    const { photos, open } = setup()
    copyInto(REAL_PHOTOS.baboon, join(photos, 'a', 'baboon.jpg'))
    copyInto(REAL_PHOTOS.baboon, join(photos, 'b', 'baboon copy.jpg'))
    const app = open()
    await importAll(app, [photos])
    const all = app.repositories.assets.exportAll()
    expect(all).toHaveLength(1)
    expect(all[0]!.paths).toHaveLength(2)
  })

  it('keeps asset ids for files moved or renamed while the app was closed', async () => {
    const { photos, open } = setup()
    copyInto(REAL_PHOTOS.fruits, join(photos, 'fruits.jpg'))
    copyInto(REAL_PHOTOS.nikon, join(photos, 'nikon.jpg'))
    let app = open()
    await importAll(app, [photos])
    const before = new Map(app.repositories.assets.exportAll().map((a) => [a.sha256, a.id]))
    await app.close()

    renameSync(join(photos, 'fruits.jpg'), join(photos, 'renamed fruits.jpg'))
    copyInto(REAL_PHOTOS.nikon, join(photos, 'sub', 'nikon.jpg'))
    rmSync(join(photos, 'nikon.jpg'))

    app = open()
    app.start()
    await app.runner.idle(20)
    const after = app.repositories.assets.exportAll()
    expect(after).toHaveLength(2)
    for (const a of after) expect(a.id).toBe(before.get(a.sha256))
    expect(after.flatMap((a) => a.paths).map((p) => p.slice(photos.length + 1)).sort()).toEqual(['renamed fruits.jpg', 'sub/nikon.jpg'])
  })

  it('follows the disk while running: add, rename (same id), delete', async () => {
    const { photos, open } = setup()
    copyInto(REAL_PHOTOS.fruits, join(photos, 'fruits.jpg'))
    const app = open(true)
    await importAll(app, [photos])
    const [fruit] = app.repositories.assets.exportAll()
    expect(fruit).toBeDefined()

    copyInto(REAL_PHOTOS.coffee, join(photos, 'coffee.png'))
    await waitFor(() => app.repositories.assets.page(0, 10).length === 2)

    renameSync(join(photos, 'fruits.jpg'), join(photos, 'fruit bowl.jpg'))
    await waitFor(() => app.repositories.assets.get(fruit!.id)?.locations[0]?.path.endsWith('fruit bowl.jpg'))
    expect(app.repositories.assets.exportAll()).toHaveLength(2)

    rmSync(join(photos, 'coffee.png'))
    await waitFor(() => app.repositories.assets.page(0, 10).length === 1)
    expect(app.repositories.assets.page(0, 10)[0]!.id).toBe(fruit!.id)
  })

  it('allows one process per library', () => {
    const { open } = setup()
    open()
    expect(() => open()).toThrow(LibraryLockedError)
  })
})
