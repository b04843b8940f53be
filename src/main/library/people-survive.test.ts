// A named person must survive a drive that is not mounted (defect 2), and a photo that comes back
// must come back with its faces and person. Real photos, real face models.
import { mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type AppOptions, type PhotoHouseApp } from '../app'
import { realPhoto } from '../ml/faces/real-photos'
import { copyInto, tempDir } from '../testing/fixtures'

describe('people through unreachable and returning files', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const away = join(dir.path, 'away')
  const libraryDir = join(dir.path, 'library')
  let app: PhotoHouseApp | undefined
  let person = 0

  async function reopen(options: Partial<AppOptions> = {}): Promise<PhotoHouseApp> {
    await app?.close()
    app = createApp({ libraryDir, concurrency: 2, log: () => {}, ...options })
    app.start()
    await app.runner.idle(50)
    return app
  }
  const faceCount = () => app!.people.get(person)?.faceCount ?? 0
  const photoCount = () => app!.repositories.people.photosOf(person, 100).length

  beforeAll(async () => {
    mkdirSync(photos, { recursive: true })
    // One person in three files (the photo and two edits), and a photo without faces.
    const src = sharp(realPhoto.astronaut)
    await src.clone().toFile(join(photos, 'collins-1.png'))
    await src.clone().flop().toFile(join(photos, 'collins-2-mirrored.png'))
    await src.clone().modulate({ brightness: 1.25 }).jpeg({ quality: 80 }).toFile(join(photos, 'collins-3-bright.jpg'))
    copyInto(realPhoto.chelsea, join(photos, 'cat.png'))
    app = createApp({ libraryDir, concurrency: 2, log: () => {} })
    app.start()
    await app.library.addRoots([photos])
    await app.runner.idle(50)
    const id = app.repositories.search.assetIdByPath(join(photos, 'collins-1.png'))!
    person = app.repositories.people.facesInAsset(id)[0]!.personId!
    app.people.rename(person, 'Eileen Collins')
  }, 600_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  it('has a named person with three faces to begin with', () => {
    expect(app!.stats().totals).toMatchObject({ dead: 0, failed: 0 })
    expect(app!.people.get(person)).toMatchObject({ name: 'Eileen Collins', faceCount: 3 })
    expect(photoCount()).toBe(3)
  })

  it('keeps the person\'s faces while the root is an empty mount point, even past the grace', async () => {
    renameSync(photos, away)
    mkdirSync(photos)
    await reopen()
    expect(app!.repositories.roots.list()[0]!.unreachable?.reason).toMatch(/empty/)
    // The purge at start runs with no grace: it finds nothing gone.
    await reopen({ missingGraceMs: 0 })
    expect(faceCount()).toBe(3)
    expect(photoCount()).toBe(3)
    renameSync(photos, join(dir.path, 'empty'))
    renameSync(away, photos)
    await reopen()
    expect(app!.repositories.roots.list()[0]!.unreachable).toBeNull()
    expect(app!.people.get(person)).toMatchObject({ name: 'Eileen Collins', faceCount: 3 })
    expect(photoCount()).toBe(3)
  })

  it('gives a photo removed and put back its faces and person again', async () => {
    const file = join(photos, 'collins-2-mirrored.png')
    const kept = join(dir.path, 'kept.png')
    renameSync(file, kept)
    await reopen()
    // Really gone from a readable folder: hidden, but kept for the grace period.
    expect(photoCount()).toBe(2)
    renameSync(kept, file)
    await reopen()
    expect(photoCount()).toBe(3)
    const id = app!.repositories.search.assetIdByPath(file)!
    expect(app!.repositories.people.facesInAsset(id).map((f) => f.personName)).toEqual(['Eileen Collins'])
    expect(faceCount()).toBe(3)
  })
})
