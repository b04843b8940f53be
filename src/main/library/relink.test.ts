// "Locate folder" on a real library: import, move the folder (copy to a new place, delete the old),
// relink; the photos keep their ids, their person's name and faces, and their albums. Real face models.
import { cpSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { RelinkResult } from '../../shared/export'
import { realPhoto } from '../ml/faces/real-photos'
import { runCli } from '../testing/cli-runner'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { createDispatcher, toWireError, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'

describe('relinking a library folder that moved', () => {
  const dir = tempDir()
  const oldRoot = join(dir.path, 'old-drive', 'Photos')
  const newRoot = join(dir.path, 'new-drive', 'Photos moved')
  const libraryDir = join(dir.path, 'library')
  const names = ['collins-1.png', 'collins-2-mirrored.png', 'collins-3-bright.jpg', 'Pets/cat.png', 'Pets/starfish.jpg'] as const
  const ids = new Map<string, number>()
  let app: PhotoHouseApp
  let dispatch: Dispatch
  let person = 0
  let albumId = 0
  let syncedId = 0
  let rootId = 0

  beforeAll(async () => {
    mkdirSync(oldRoot, { recursive: true })
    // One person in three files (the photo and two edits), a cat and a starfish.
    const src = sharp(realPhoto.astronaut)
    await src.clone().toFile(join(oldRoot, 'collins-1.png'))
    await src.clone().flop().toFile(join(oldRoot, 'collins-2-mirrored.png'))
    await src.clone().modulate({ brightness: 1.25 }).jpeg({ quality: 80 }).toFile(join(oldRoot, 'collins-3-bright.jpg'))
    copyInto(realPhoto.chelsea, join(oldRoot, 'Pets', 'cat.png'))
    copyInto(REAL_PHOTOS.starfish, join(oldRoot, 'Pets', 'starfish.jpg'))
    app = await openAndImport(libraryDir, [oldRoot], { concurrency: 2 })
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
    for (const name of names) ids.set(name, app.repositories.search.assetIdByPath(join(oldRoot, name))!)
    person = app.repositories.people.facesInAsset(ids.get('collins-1.png')!)[0]!.personId!
    app.people.rename(person, 'Eileen Collins')
    albumId = app.albums.create({ name: 'Best', assetIds: [ids.get('collins-1.png')!, ids.get('Pets/cat.png')!] }).album.id
    syncedId = app.albums.createFromFolders([join(oldRoot, 'Pets')], { sync: true }).albums[0]!.id
    rootId = app.library.list()[0]!.id
  }, 600_000)
  afterAll(async () => {
    await app.close()
    dir.cleanup()
  })

  const refusal = (input: { rootId: number; newPath: string }) => dispatch('roots.relink', input).then(() => null, (e: unknown) => toWireError(e))

  it('has the person, the albums and the photos to begin with', () => {
    expect(app.people.get(person)).toMatchObject({ name: 'Eileen Collins', faceCount: 3 })
    expect(app.albums.photos(albumId, 0, 10).map((p) => p.id).sort()).toEqual([ids.get('collins-1.png'), ids.get('Pets/cat.png')].sort())
    expect(app.albums.get(syncedId)?.count).toBe(2)
  })

  it('refuses while the folder is still where it was, and a folder that holds none of its photos', async () => {
    cpSync(oldRoot, newRoot, { recursive: true, preserveTimestamps: true })
    expect(await refusal({ rootId, newPath: newRoot })).toMatchObject({ status: 400, code: 'invalid-folder', message: expect.stringMatching(/can still be read/) })
    rmSync(join(dir.path, 'old-drive'), { recursive: true })
    const unrelated = join(dir.path, 'unrelated')
    copyInto(REAL_PHOTOS.nikon, join(unrelated, 'collins-1.png'))
    expect(await refusal({ rootId, newPath: unrelated })).toMatchObject({ status: 400, code: 'invalid-folder', message: expect.stringMatching(/None of the 5 files/) })
    expect(await refusal({ rootId, newPath: join(dir.path, 'nowhere') })).toMatchObject({ status: 400, message: expect.stringMatching(/not found/) })
    expect(app.library.list()[0]!.path).toBe(oldRoot)
  })

  it('relinks by relative path and content: same ids, person, faces and albums; the rest listed as missing', async () => {
    // At the new place: the starfish did not make it, the bright copy is another file now, and the
    // cat's copy did not keep its time (so it is hashed, and still the same photo).
    rmSync(join(newRoot, 'Pets', 'starfish.jpg'))
    await sharp(realPhoto.chelsea).jpeg({ quality: 50 }).toFile(join(newRoot, 'collins-3-bright.jpg'))
    utimesSync(join(newRoot, 'Pets', 'cat.png'), new Date(), new Date())
    const result = (await dispatch('roots.relink', { rootId, newPath: newRoot })) as RelinkResult
    expect(result).toMatchObject({ rootId, oldPath: oldRoot, newPath: newRoot, relinked: 3, hashed: 3 })
    expect(result.missing.map((m) => [m.assetId, m.reason]).sort()).toEqual(
      [
        [ids.get('Pets/starfish.jpg'), `not found at ${join(newRoot, 'Pets', 'starfish.jpg')}`],
        [ids.get('collins-3-bright.jpg'), expect.stringMatching(/is another file/)],
      ].sort(),
    )
    for (const name of ['collins-1.png', 'collins-2-mirrored.png', 'Pets/cat.png']) {
      expect(app.repositories.search.assetIdByPath(join(newRoot, name)), name).toBe(ids.get(name))
    }
    expect(app.library.list()).toMatchObject([{ id: rootId, path: newRoot, unreachable: null }])
    await app.runner.idle(50)
    // The rescan that follows imports the new bright file as a new photo; the relinked ones stay.
    expect(app.repositories.search.assetIdByPath(join(newRoot, 'collins-2-mirrored.png'))).toBe(ids.get('collins-2-mirrored.png'))
    expect(app.people.get(person)).toMatchObject({ name: 'Eileen Collins' })
    expect(app.repositories.people.photosOf(person, 10).map((p) => p.id).sort()).toEqual([ids.get('collins-1.png'), ids.get('collins-2-mirrored.png')].sort())
    expect(app.albums.photos(albumId, 0, 10).map((p) => p.id).sort()).toEqual([ids.get('collins-1.png'), ids.get('Pets/cat.png')].sort())
    // The album that follows Pets/ follows it to the new place (the starfish is missing).
    expect(app.albums.photos(syncedId, 0, 10).map((p) => p.id)).toEqual([ids.get('Pets/cat.png')])
    // The person's photos export from their new place.
    const exported = await app.exports.run({ source: { personId: person }, to: join(dir.path, 'Eileen'), format: 'original', stripGps: false, zip: true })
    expect(exported.target).toBe(join(dir.path, 'Eileen', 'Eileen Collins.zip'))
    expect(exported.files.map((f) => f.source).sort()).toEqual([join(newRoot, 'collins-1.png'), join(newRoot, 'collins-2-mirrored.png')])
  })

  it('relinks from the command line too (photohouse roots relink <old> <new> --json)', async () => {
    await app.close()
    const newest = join(dir.path, 'third-drive', 'Photos')
    cpSync(newRoot, newest, { recursive: true, preserveTimestamps: true })
    rmSync(join(dir.path, 'new-drive'), { recursive: true })
    writeFileSync(join(newest, 'notes.txt'), 'not a photo')
    const r = runCli(['--library', libraryDir, 'roots', 'relink', newRoot, newest, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout) as RelinkResult
    expect(result).toMatchObject({ oldPath: newRoot, newPath: newest, relinked: 4, missing: [] })
    app = await openAndImport(libraryDir, [])
    expect(app.repositories.search.assetIdByPath(join(newest, 'collins-1.png'))).toBe(ids.get('collins-1.png'))
    expect(app.people.get(person)).toMatchObject({ name: 'Eileen Collins' })
  }, 180_000)
})
