// Faces and people end to end on real photos: detection in the inference process, clustering,
// and every person operation, with the constraints that must hold through reclusters.
import { existsSync, mkdirSync } from 'node:fs'
import { copyFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_FACE_GROUPING } from '../../shared/domain'
import type { PhotoHouseApp } from '../app'
import { copyInto, openAndImport, tempDir } from '../testing/fixtures'
import { OPENCV_DATA, SKIMAGE_DATA } from '../testing/test-data'

const ASTRONAUT = join(SKIMAGE_DATA, 'astronaut.png')
const CAT = join(SKIMAGE_DATA, 'chelsea.png')
const MESSI = join(OPENCV_DATA, 'messi5.jpg')

describe('people on real photos', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let app: PhotoHouseApp
  const idOf = (name: string) => app.repositories.search.assetIdByPath(join(photos, name))!
  const doneCount = (type: string) => app.stats().byType.find((t) => t.type === type)?.counts.done ?? 0

  beforeAll(async () => {
    mkdirSync(photos, { recursive: true })
    // One real person (Eileen Collins) in five different files: the original and edits of it,
    // as the same person appears in several shots.
    const src = sharp(ASTRONAUT)
    await src.clone().toFile(join(photos, 'collins-1.png'))
    await src.clone().flop().toFile(join(photos, 'collins-2-mirrored.png'))
    await src.clone().extract({ left: 60, top: 0, width: 400, height: 400 }).toFile(join(photos, 'collins-3-crop.png'))
    await src.clone().modulate({ brightness: 1.25 }).jpeg({ quality: 70 }).toFile(join(photos, 'collins-4-bright.jpg'))
    await src.clone().resize(380).toFile(join(photos, 'collins-5-small.png'))
    copyInto(CAT, join(photos, 'cat.png'))
    copyInto(MESSI, join(photos, 'messi.jpg'))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
  }, 600_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  it('finds faces (none on the cat) and groups one person\'s photos into one person', () => {
    expect(app.stats().totals).toMatchObject({ dead: 0, failed: 0 })
    expect(app.repositories.people.facesInAsset(idOf('cat.png'))).toEqual([])
    const collinsFaces = ['collins-1.png', 'collins-2-mirrored.png', 'collins-3-crop.png', 'collins-4-bright.jpg', 'collins-5-small.png'].map(
      (n) => app.repositories.people.facesInAsset(idOf(n)),
    )
    for (const f of collinsFaces) expect(f).toHaveLength(1)
    // Placed by incremental passes as faces arrived; no full recluster ran.
    expect(app.repositories.people.pendingFaceCount()).toBe(0)
    expect(doneCount('people.cluster')).toBeGreaterThan(0)
    expect(doneCount('people.recluster')).toBe(0)
    const personIds = new Set(collinsFaces.map((f) => f[0]!.personId))
    expect(personIds.size).toBe(1)
    expect([...personIds][0]).not.toBeNull()
    const box = collinsFaces[0]![0]!.box
    // Her face in the 512x512 original is around x 170-270, y 60-190.
    expect(box[0]).toBeGreaterThan(0.25)
    expect(box[0] + box[2]).toBeLessThan(0.6)
  })

  it('gives face tags, from the stored faces, to photos whose faces were found before face tags existed', async () => {
    const id = idOf('collins-1.png')
    const faceTags = () => app.repositories.assets.get(id)!.tags.filter((t) => t.kind === 'face')
    const before = faceTags()
    expect(before.map((t) => t.label)).toContain('person')
    // As a library analysed before migration 0010 has it: the face is there, its tags are not.
    app.repositories.analysis.saveFaceTags(id, [], 'faces')
    expect(faceTags()).toEqual([])

    expect(app.people.backfillFaceTags()).toBe(1)
    expect(faceTags()).toEqual(before)
    expect((await app.search.query('person')).hits.map((h) => h.asset.id)).toContain(id)
    expect(app.people.backfillFaceTags()).toBe(0)
  })

  it('renames, searches by person, and keeps a named person through a full recluster', async () => {
    const collins = app.repositories.people.facesInAsset(idOf('collins-1.png'))[0]!.personId!
    app.people.rename(collins, 'Eileen Collins')
    expect(app.repositories.people.names('eil')).toEqual(['Eileen Collins'])
    const r = await app.search.query('Eileen Collins')
    expect(r.understood.people).toEqual(['Eileen Collins'])
    expect(r.hits).toHaveLength(5)
    expect(r.hits[0]!.matched).toContain('person')

    app.pipeline.reclusterRequested()
    await app.runner.idle(20)
    expect(doneCount('people.recluster')).toBe(1)
    expect(app.people.get(collins)).toMatchObject({ name: 'Eileen Collins', faceCount: 5 })
  })

  it('removes a face ("not this person"), which never returns after a recluster; undo puts it back', async () => {
    const collins = app.repositories.people.idsByName('Eileen Collins')[0]!
    const face = app.repositories.people.facesInAsset(idOf('collins-5-small.png'))[0]!
    app.people.removeFaces([face.id])
    expect(app.repositories.people.facesInAsset(idOf('collins-5-small.png'))[0]!.personId).toBeNull()
    app.pipeline.reclusterRequested()
    await app.runner.idle(20)
    expect(app.repositories.people.facesInAsset(idOf('collins-5-small.png'))[0]!.personId).not.toBe(collins)
    expect(app.people.undo()).toBe('remove')
    expect(app.repositories.people.facesInAsset(idOf('collins-5-small.png'))[0]!.personId).toBe(collins)
  })

  it('splits, merges back, and undoes', () => {
    const collins = app.repositories.people.idsByName('Eileen Collins')[0]!
    const faces = app.repositories.people.facesOf(collins)
    const split = app.people.split(collins, faces.slice(0, 2).map((f) => f.id))
    expect(split.faceCount).toBe(2)
    expect(app.people.get(collins)!.faceCount).toBe(3)
    app.people.merge([split.id], collins)
    expect(app.people.get(collins)!.faceCount).toBe(5)
    expect(app.people.get(split.id)).toBeNull()
    expect(app.people.undo()).toBe('merge')
    expect(app.people.get(split.id)!.faceCount).toBe(2)
    expect(app.people.undo()).toBe('split')
    expect(app.people.get(collins)!.faceCount).toBe(5)
  })

  it('never puts two faces of one photo in the same person (cannot-link)', () => {
    const messiFaces = app.repositories.people.facesInAsset(idOf('messi.jpg'))
    const assigned = messiFaces.filter((f) => f.personId !== null).map((f) => f.personId)
    expect(new Set(assigned).size).toBe(assigned.length)
  })

  it('crops faces for the people screens', async () => {
    const face = app.repositories.people.facesInAsset(idOf('collins-1.png'))[0]!
    const crop = await app.people.faceCrop(face.id)
    expect((await sharp(crop!).metadata()).width).toBe(192)
    // Crops from before crop keys were named by face id; only those are removed.
    const legacy = join(dirname(crop!), `${face.id}.webp`)
    await copyFile(crop!, legacy)
    expect(await app.people.removeLegacyFaceCrops()).toBe(1)
    expect(existsSync(legacy)).toBe(false)
    expect(existsSync(crop!)).toBe(true)
  })

  it('places the faces of photos added later among the existing people, without a full recluster', async () => {
    const collins = app.repositories.people.idsByName('Eileen Collins')[0]!
    const personsBefore = app.people.list().length
    const reclusters = doneCount('people.recluster')
    const later = join(dir.path, 'later')
    mkdirSync(later, { recursive: true })
    await sharp(ASTRONAUT).rotate(8, { background: '#000' }).jpeg({ quality: 85 }).toFile(join(later, 'collins-6-tilted.jpg'))
    await sharp(ASTRONAUT).extract({ left: 100, top: 20, width: 300, height: 300 }).resize(600).toFile(join(later, 'collins-7-closeup.png'))
    await app.library.addRoots([later])
    await app.runner.idle(20)
    for (const name of ['collins-6-tilted.jpg', 'collins-7-closeup.png']) {
      const id = app.repositories.search.assetIdByPath(join(later, name))!
      const faces = app.repositories.people.facesInAsset(id)
      expect(faces).toHaveLength(1)
      expect(faces[0]!.personId).toBe(collins)
      // Placed by clustering, not confirmed by the user.
      expect(faces[0]!.pinned).toBe(false)
    }
    expect(app.people.get(collins)!.faceCount).toBe(7)
    expect(app.people.list()).toHaveLength(personsBefore)
    expect(app.repositories.people.pendingFaceCount()).toBe(0)
    expect(doneCount('people.recluster')).toBe(reclusters)
  })

  it('an edit made between passes is adopted: a face removed from a person stays out when more photos arrive', async () => {
    const collins = app.repositories.people.idsByName('Eileen Collins')[0]!
    const later = join(dir.path, 'later')
    const closeup = app.repositories.search.assetIdByPath(join(later, 'collins-7-closeup.png'))!
    const face = app.repositories.people.facesInAsset(closeup)[0]!
    app.people.removeFaces([face.id])
    await sharp(ASTRONAUT).modulate({ brightness: 0.8 }).toFile(join(later, 'collins-8-dim.png'))
    // Adding the folder again rescans it (the watcher is off in tests).
    await app.library.addRoots([later])
    await app.runner.idle(20)
    const dim = app.repositories.search.assetIdByPath(join(later, 'collins-8-dim.png'))!
    expect(app.repositories.people.facesInAsset(dim)[0]!.personId).toBe(collins)
    expect(app.repositories.people.facesInAsset(closeup)[0]!.personId).not.toBe(collins)
    expect(app.people.undo()).toBe('remove')
  })

  it('two close photos of someone make a person; face-grouping settings regroup every face, confirmed faces stay', async () => {
    const collins = app.repositories.people.idsByName('Eileen Collins')[0]!
    const players = join(dir.path, 'players')
    mkdirSync(players, { recursive: true })
    // Two real video frames of one basketball player: a person of two (a close pair).
    for (const n of [1, 2]) copyInto(join(OPENCV_DATA, `basketball${n}.png`), join(players, `basketball${n}.png`))
    await app.library.addRoots([players])
    await app.runner.idle(20)
    const playerFace = (n: number) => app.repositories.people.facesInAsset(app.repositories.search.assetIdByPath(join(players, `basketball${n}.png`))!)[0]!
    const player = playerFace(1).personId
    expect(player).not.toBeNull()
    expect(playerFace(2).personId).toBe(player)

    // Pairs off: the two faces wait for a third; the confirmed Collins faces stay.
    const reclusters = doneCount('people.recluster')
    const collinsFaces = app.people.get(collins)!.faceCount
    app.settings.set({ faceGrouping: { ...DEFAULT_FACE_GROUPING, pairDistance: 0 } })
    await app.runner.idle(20)
    expect(doneCount('people.recluster')).toBe(reclusters + 1)
    expect([playerFace(1).personId, playerFace(2).personId]).toEqual([null, null])
    expect(app.people.get(collins)!.faceCount).toBe(collinsFaces)
    // The same settings again queue nothing; the defaults bring the pair back.
    app.settings.set({ faceGrouping: { ...DEFAULT_FACE_GROUPING, pairDistance: 0 } })
    await app.runner.idle(20)
    expect(doneCount('people.recluster')).toBe(reclusters + 1)
    app.settings.set({ faceGrouping: DEFAULT_FACE_GROUPING })
    await app.runner.idle(20)
    expect(app.settings.get().faceGrouping).toEqual(DEFAULT_FACE_GROUPING)
    expect(playerFace(1).personId).not.toBeNull()
    expect(playerFace(2).personId).toBe(playerFace(1).personId)
  })

  it('deletes a person with its faces and embeddings', () => {
    const collins = app.repositories.people.idsByName('Eileen Collins')[0]!
    const before = app.repositories.people.faceCount()
    app.people.delete(collins)
    expect(app.people.get(collins)).toBeNull()
    expect(app.repositories.people.faceCount()).toBe(before - 8)
    expect(app.repositories.people.facesForClustering().filter((f) => f.personId === collins)).toEqual([])
  })
})
