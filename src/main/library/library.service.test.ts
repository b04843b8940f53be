// Scanning and reconciling against the disk through the whole app: what counts as gone, what is
// skipped, and what a folder that cannot be read means.
import type { Dirent } from 'node:fs'
import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, type AppOptions, type PhotoHouseApp } from '../app'
import { copyInto, REAL_PHOTOS, tempDir, waitFor } from '../testing/fixtures'
import { TEST_DATA } from '../testing/test-data'
import { UNREADABLE_NAME_MESSAGE } from './library.service'
import { readDirectory, type DirectoryReader } from './scanner'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function setup() {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const photos = join(dir.path, 'photos')
  mkdirSync(photos, { recursive: true })
  let libraryDir = join(dir.path, 'library')
  const open = (options: Partial<AppOptions> = {}) => {
    const app = createApp({ libraryDir, concurrency: 2, backoffBaseMs: 10, log: () => {}, ...options })
    cleanups.push(() => app.close())
    return app
  }
  /** Opens, reconciles every root (or adds `add`), waits for the queue, and closes. */
  const run = async (options: Partial<AppOptions> = {}, add: string[] = []) => {
    const app = open(options)
    app.start()
    if (add.length > 0) await app.library.addRoots(add)
    await app.runner.idle(20)
    return app
  }
  return {
    dir: dir.path,
    photos,
    get libraryDir() {
      return libraryDir
    },
    set libraryDir(v: string) {
      libraryDir = v
    },
    open,
    run,
  }
}

const visiblePaths = (app: PhotoHouseApp) =>
  app.repositories.assets
    .exportAll()
    .flatMap((a) => a.paths)
    .sort()

describe('library folder inside a root', () => {
  it('is never imported: three imports of a root holding the library keep one asset', async () => {
    const t = setup()
    t.libraryDir = join(t.photos, 'PhotoHouse Library')
    copyInto(REAL_PHOTOS.baboon, join(t.photos, 'baboon.jpg'))
    for (let i = 0; i < 3; i++) {
      const app = await t.run({}, [t.photos])
      expect(app.repositories.assets.exportAll()).toHaveLength(1)
      await app.close()
    }
    // Watched: the thumbnails and catalog written meanwhile must not come in either.
    const watched = await t.run({ watch: true }, [t.photos])
    copyInto(REAL_PHOTOS.fruits, join(t.photos, 'fruits.jpg'))
    await waitFor(() => watched.repositories.assets.page(0, 10).length === 2)
    await watched.runner.idle(20)
    await watched.close()
    const app = t.open()
    expect(visiblePaths(app)).toEqual([join(t.photos, 'baboon.jpg'), join(t.photos, 'fruits.jpg')])
    expect(app.repositories.roots.list()[0]!.fileCount).toBe(2)
  })

  it('cannot be added as a root itself', async () => {
    const t = setup()
    const app = t.open()
    mkdirSync(join(t.libraryDir, 'cache'), { recursive: true })
    await expect(app.library.addRoots([join(t.libraryDir, 'cache')])).rejects.toThrow(/own library/)
  })
})

describe('a folder that cannot be read is unreachable, not emptied', () => {
  it('keeps the files of a root whose folder is empty (drive not mounted), reports it, and takes them back when it is read again', async () => {
    const t = setup()
    copyInto(REAL_PHOTOS.baboon, join(t.photos, 'baboon.jpg'))
    copyInto(REAL_PHOTOS.fruits, join(t.photos, 'trip', 'fruits.jpg'))
    let app = await t.run({}, [t.photos])
    const before = visiblePaths(app)
    expect(before).toHaveLength(2)
    await app.close()

    // The mount point stays, empty, when the drive is not mounted.
    const away = join(t.dir, 'away')
    renameSync(t.photos, away)
    mkdirSync(t.photos)
    app = await t.run()
    expect(visiblePaths(app)).toEqual(before)
    const [root] = app.repositories.roots.list()
    expect(root!.unreachable?.reason).toMatch(/empty/)
    expect(root!.fileCount).toBe(2)
    await app.close()

    // Even with no grace at all, nothing is purged: nothing was seen gone.
    app = await t.run({ missingGraceMs: 0 })
    expect(visiblePaths(app)).toEqual(before)
    await app.close()

    rmSync(t.photos, { recursive: true })
    renameSync(away, t.photos)
    app = await t.run()
    expect(app.repositories.roots.list()[0]!.unreachable).toBeNull()
    expect(visiblePaths(app)).toEqual(before)
  })

  it('keeps the files of a root whose folder is gone, and says so', async () => {
    const t = setup()
    copyInto(REAL_PHOTOS.baboon, join(t.photos, 'baboon.jpg'))
    let app = await t.run({}, [t.photos])
    await app.close()
    const away = join(t.dir, 'away')
    renameSync(t.photos, away)
    app = await t.run({ missingGraceMs: 0 })
    expect(app.repositories.roots.list()[0]!.unreachable?.reason).toMatch(/not found/)
    expect(visiblePaths(app)).toEqual([join(t.photos, 'baboon.jpg')])
  })

  it('still forgets files of a readable root that are really gone', async () => {
    const t = setup()
    copyInto(REAL_PHOTOS.baboon, join(t.photos, 'baboon.jpg'))
    copyInto(REAL_PHOTOS.fruits, join(t.photos, 'trip', 'fruits.jpg'))
    let app = await t.run({}, [t.photos])
    await app.close()
    // Emptied by the user, with its folders left: readable, so the files are gone.
    rmSync(join(t.photos, 'baboon.jpg'))
    rmSync(join(t.photos, 'trip', 'fruits.jpg'))
    app = await t.run()
    expect(app.repositories.roots.list()[0]!.unreachable).toBeNull()
    expect(visiblePaths(app)).toEqual([])
  })

  it('does not mark missing the files under a subfolder that fails to open (EACCES/EIO)', async () => {
    const t = setup()
    copyInto(REAL_PHOTOS.baboon, join(t.photos, 'open', 'baboon.jpg'))
    copyInto(REAL_PHOTOS.fruits, join(t.photos, 'locked', 'fruits.jpg'))
    copyInto(REAL_PHOTOS.chelsea, join(t.photos, 'locked', 'deeper', 'cat.png'))
    let app = await t.run({}, [t.photos])
    const before = visiblePaths(app)
    expect(before).toHaveLength(3)
    await app.close()

    // Tests run as root, which chmod 000 does not stop: the scan's directory reader fails instead,
    // with the error the kernel gives a user without permission (an I/O error behaves the same).
    const locked = join(t.photos, 'locked')
    const denying: DirectoryReader = async (dir: Buffer): Promise<Dirent<Buffer>[]> => {
      if (dir.toString() === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${locked}'`), { code: 'EACCES' })
      return readDirectory(dir)
    }
    rmSync(join(t.photos, 'open', 'baboon.jpg'))
    app = await t.run({ readDir: denying, missingGraceMs: 0 })
    // What could be read and is gone is gone; what could not be read is kept.
    expect(visiblePaths(app)).toEqual(before.filter((p) => !p.endsWith('baboon.jpg')))
    await app.close()
    app = await t.run({ missingGraceMs: 0 })
    expect(visiblePaths(app)).toEqual(before.filter((p) => !p.endsWith('baboon.jpg')))
  })

  it('does not forget a watched root\'s files when its drive goes away while running', async () => {
    const t = setup()
    copyInto(REAL_PHOTOS.baboon, join(t.photos, 'baboon.jpg'))
    copyInto(REAL_PHOTOS.fruits, join(t.photos, 'fruits.jpg'))
    const app = await t.run({ watch: true }, [t.photos])
    const before = visiblePaths(app)
    // Unmounting empties the mount point: the watcher sees every file deleted.
    rmSync(join(t.photos, 'baboon.jpg'))
    rmSync(join(t.photos, 'fruits.jpg'))
    await waitFor(() => app.repositories.roots.list()[0]!.unreachable !== null)
    expect(visiblePaths(app)).toEqual(before)
  })
})

describe('file names that are not valid UTF-8', () => {
  it('are listed as broken with the reason, then imported once renamed', async () => {
    const t = setup()
    copyInto(REAL_PHOTOS.baboon, join(t.photos, 'ok.jpg'))
    // "café.jpg" in Latin-1 and a folder "d\xFF": Linux allows any bytes in a name.
    const rawFile = Buffer.concat([Buffer.from(t.photos + '/caf'), Buffer.from([0xe9]), Buffer.from('.jpg')])
    const rawDir = Buffer.concat([Buffer.from(t.photos + '/d'), Buffer.from([0xff])])
    copyInto(REAL_PHOTOS.fruits, join(t.photos, 'tmp-fruits.jpg'))
    renameSync(join(t.photos, 'tmp-fruits.jpg'), rawFile)
    mkdirSync(rawDir)
    copyInto(REAL_PHOTOS.chelsea, join(t.photos, 'tmp-cat.png'))
    renameSync(join(t.photos, 'tmp-cat.png'), Buffer.concat([rawDir, Buffer.from('/cat.png')]))

    let app = await t.run({}, [t.photos])
    const broken = app.repositories.assets.broken()
    expect(broken.map((b) => b.path).sort()).toEqual([join(t.photos, 'caf\\xE9.jpg'), join(t.photos, 'd\\xFF', 'cat.png')])
    for (const b of broken) expect(b.error).toBe(UNREADABLE_NAME_MESSAGE)
    expect(app.stats().assets).toMatchObject({ ready: 1, error: 2 })
    expect(app.stats().totals.dead).toBe(0)
    await app.close()

    // A rescan changes nothing; renamed, the file is imported and no longer broken.
    app = await t.run()
    expect(app.repositories.assets.broken()).toHaveLength(2)
    await app.close()
    renameSync(rawFile, join(t.photos, 'cafe.jpg'))
    app = await t.run()
    expect(app.repositories.assets.broken().map((b) => b.path)).toEqual([join(t.photos, 'd\\xFF', 'cat.png')])
    expect(visiblePaths(app).filter((p) => !p.includes('\\x'))).toEqual([join(t.photos, 'cafe.jpg'), join(t.photos, 'ok.jpg')])
    expect(app.stats().assets).toMatchObject({ ready: 2, error: 1 })
  })
})

describe("a live photo's MOV", () => {
  it('deleted while the folder is watched takes the LIVE badge away; the photo stays', async () => {
    const t = setup()
    for (const name of ['IMG_0001.JPG', 'IMG_0001.MOV']) copyInto(join(TEST_DATA, 'live', name), join(t.photos, name))
    copyInto(REAL_PHOTOS.baboon, join(t.photos, 'baboon.jpg'))
    const app = await t.run({ watch: true }, [t.photos])
    const still = app.repositories.search.assetIdByPath(join(t.photos, 'IMG_0001.JPG'))!
    expect(app.motion.all().get(still)).toMatchObject({ kind: 'live' })
    rmSync(join(t.photos, 'IMG_0001.MOV'))
    await waitFor(() => !app.motion.all().has(still))
    expect(visiblePaths(app)).toEqual([join(t.photos, 'IMG_0001.JPG'), join(t.photos, 'baboon.jpg')])
  })
})
