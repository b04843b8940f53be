// Faces and their crops end to end on real imports: detection in HEIC photos (the inference
// process's sharp cannot decode HEVC), and face crops named by what they show, not by face id.
import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { faceMediaId } from '../../shared/contract'
import type { PhotoHouseApp } from '../app'
import type { NewFace } from '../catalog'
import { appRoot } from '../platform/app-root'
import { copyInto, openAndImport, tempDir } from '../testing/fixtures'
import { SKIMAGE_DATA } from '../testing/test-data'
import { resolveMedia } from '../transport/media'

const ASTRONAUT = join(SKIMAGE_DATA, 'astronaut.png')
/** The same photo as HEIC (heif-enc -q 60). */
const ASTRONAUT_HEIC = join(appRoot(), 'test-data/heic/astronaut.heic')

describe('faces in HEIC photos, and their crops', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let app: PhotoHouseApp
  const idOf = (name: string) => app.repositories.search.assetIdByPath(join(photos, name))!

  beforeAll(async () => {
    mkdirSync(photos, { recursive: true })
    copyInto(ASTRONAUT, join(photos, 'collins.png'))
    copyInto(ASTRONAUT_HEIC, join(photos, 'collins.heic'))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
  }, 600_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  it('finds the face in the HEIC where it finds it in the PNG, with no failed task', () => {
    expect(app.stats().totals).toMatchObject({ dead: 0, failed: 0 })
    const [fromPng] = app.repositories.people.facesInAsset(idOf('collins.png'))
    const fromHeic = app.repositories.people.facesInAsset(idOf('collins.heic'))
    expect(fromPng).toBeDefined()
    expect(fromHeic).toHaveLength(1)
    // Boxes are fractions of the photo: 0.01 is 5 px of the 512 px original.
    for (let i = 0; i < 4; i++) expect(Math.abs(fromHeic[0]!.box[i]! - fromPng!.box[i]!)).toBeLessThan(0.01)
  })

  it('crops the HEIC face from its preview', async () => {
    const face = app.repositories.people.facesInAsset(idOf('collins.heic'))[0]!
    const crop = await app.people.faceCrop(face.id)
    expect(crop).not.toBeNull()
    expect(await sharp(crop!).metadata()).toMatchObject({ format: 'webp', width: 192, height: 192 })
  })

  it('never serves a deleted face\'s crop for a new face that got its id', async () => {
    const { people } = app.repositories
    const all = [...people.facesInAsset(idOf('collins.png')), ...people.facesInAsset(idOf('collins.heic'))]
    // SQLite gives a new row the highest id plus one, so deleting the newest face frees its id.
    const old = all.reduce((a, b) => (b.id > a.id ? b : a))
    const served = await resolveMedia(app, 'face', faceMediaId(old))
    expect(served).not.toBeNull()
    const oldCrop = await readFile(served!.path)

    // The photo's faces are found again (say, after an edit) and now sit elsewhere in it.
    const { embedding } = people.facesForClustering('all').find((f) => f.id === old.id)!
    const moved: NewFace = { box: [0.7, 0.7, 0.25, 0.25], landmarks: [], score: 0.9, size: 120, blur: 100, yaw: 0, embedding, modelId: 'test', device: 'cpu' }
    people.replaceFaces(old.assetId, [])
    const [newId] = people.replaceFaces(old.assetId, [moved])
    expect(newId).toBe(old.id)
    const current = people.facesInAsset(old.assetId)[0]!

    expect(current.cropKey).not.toBe(old.cropKey)
    // The old URL (cached by the renderer as immutable) names the old crop: not served for the new face.
    expect(await resolveMedia(app, 'face', faceMediaId(old))).toBeNull()
    const fresh = await resolveMedia(app, 'face', faceMediaId(current))
    expect(fresh).not.toBeNull()
    expect(fresh!.path).not.toBe(served!.path)
    expect((await readFile(fresh!.path)).equals(oldCrop)).toBe(false)
  })
})
