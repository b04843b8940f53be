import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot } from '../platform/app-root'
import { openDatabase } from './connection'
import { loadMigrations, migrate } from './migrate'
import { createPeopleRepository, type NewFace } from './people.repository'

function setup() {
  const db = openDatabase(':memory:')
  migrate(db, loadMigrations(join(appRoot(), 'migrations')))
  const now = new Date().toISOString()
  // Faces are found on imported photos only: the faces stage runs after the thumbnail.
  const asset = (sha: string) =>
    Number(db.prepare(`INSERT INTO assets (sha256, state, created_at, updated_at) VALUES (?, 'ready', ?, ?)`).run(sha.repeat(64), now, now).lastInsertRowid)
  const trash = (assetId: number) => db.prepare('UPDATE assets SET trashed_at = ? WHERE id = ?').run(now, assetId)
  const restore = (assetId: number) => db.prepare('UPDATE assets SET trashed_at = NULL WHERE id = ?').run(assetId)
  const face = (x: number): NewFace => ({
    box: [x, 0.1, 0.2, 0.2],
    landmarks: [],
    score: 0.99,
    size: 80,
    blur: 100,
    yaw: 0,
    embedding: Float32Array.from([1, 0, 0]),
    modelId: 'm',
    device: 'cpu',
  })
  // A video as ingest leaves it: its poster frame taken at posterMs.
  const video = (sha: string, posterMs: number | null) => {
    const id = asset(sha)
    db.prepare(`UPDATE assets SET media_type = 'video', duration_ms = 4500, poster_ms = ? WHERE id = ?`).run(posterMs, id)
    return id
  }
  return { people: createPeopleRepository(db), asset, video, face, trash, restore }
}

describe('people repository: clustering writes', () => {
  it('marks what a pass saw, creates persons it founded, and refuses a result an edit made stale', () => {
    const { people, asset, face } = setup()
    const [a, b] = people.replaceFaces(asset('a'), [face(0.1), face(0.5)]) as [number, number]
    const [c] = people.replaceFaces(asset('b'), [face(0.1)]) as [number]
    expect(people.pendingFaceCount()).toBe(3)
    expect(people.facesForClustering('pending').map((f) => f.id)).toEqual([a, b, c])

    const generation = people.generation()
    const after = people.applyClustering(
      [
        { faceId: a, person: 'new:0' },
        { faceId: c, person: 'new:0' },
      ],
      { clustered: [a, c], expectGeneration: generation },
    )
    expect(after).not.toBeNull()
    expect(people.pendingFaceCount()).toBe(1)
    expect(people.facesForClustering('clustered').map((f) => f.id)).toEqual([a, c])
    const person = people.clusteredAssignments()[0]!.personId!
    expect(people.clusteredAssignments()).toEqual([
      { id: a, assetId: expect.any(Number), personId: person, pinned: false, rejected: [] },
      { id: c, assetId: expect.any(Number), personId: person, pinned: false, rejected: [] },
    ])

    // The user says face c is not this person while a pass runs: the pass's result is not written.
    const before = people.generation()
    people.removeFaces([c])
    expect(people.generation()).toBeGreaterThan(before)
    expect(people.applyClustering([{ faceId: b, person: person }], { clustered: [b], expectGeneration: before })).toBeNull()
    expect(people.pendingFaceCount()).toBe(1)
    expect(people.clusteredAssignments().find((f) => f.id === c)).toMatchObject({ personId: null, rejected: [person] })
  })

  it('never overwrites a pinned face', () => {
    const { people, asset, face } = setup()
    const [a] = people.replaceFaces(asset('a'), [face(0.1)]) as [number]
    people.applyClustering([{ faceId: a, person: 'new:x' }], { clustered: [a] })
    const person = people.clusteredAssignments()[0]!.personId!
    people.rename(person, 'Ann')
    people.applyClustering([{ faceId: a, person: null }], { clustered: [a] })
    expect(people.clusteredAssignments()[0]).toMatchObject({ personId: person, pinned: true })
  })

  it('undoes a naming: the person is unnamed again and its face unpinned', () => {
    const { people, asset, face } = setup()
    const [a] = people.replaceFaces(asset('a'), [face(0.1)]) as [number]
    people.applyClustering([{ faceId: a, person: 'new:x' }], { clustered: [a] })
    const person = people.clusteredAssignments()[0]!.personId!
    people.rename(person, 'Ann')
    expect(people.undo()).toBe('rename')
    expect(people.clusteredAssignments()[0]).toMatchObject({ personId: person, pinned: false })
    expect(people.names('')).toEqual([])
  })
})

describe('people repository: face crop keys', () => {
  it('names a crop by photo content and box, so a face that reuses a deleted face\'s id gets another key', () => {
    const { people, asset, face } = setup()
    const a = asset('a')
    const [first] = people.replaceFaces(a, [face(0.1)]) as [number]
    const before = people.facesInAsset(a)[0]!
    expect(before.cropKey).toMatch(/^[0-9a-f]{20}$/)
    expect(people.face(first)).toMatchObject({ assetId: a, sha256: 'a'.repeat(64), cropKey: before.cropKey })

    // Deleted and found again elsewhere in the photo: SQLite hands out the same id.
    people.replaceFaces(a, [])
    const [again] = people.replaceFaces(a, [face(0.5)]) as [number]
    expect(again).toBe(first)
    expect(people.facesInAsset(a)[0]!.cropKey).not.toBe(before.cropKey)

    // The same box in another photo is another crop; found again unchanged (a new id), the same crop.
    const moved = people.facesInAsset(a)[0]!.cropKey
    const b = asset('b')
    people.replaceFaces(b, [face(0.5)])
    expect(people.facesInAsset(b)[0]!.cropKey).not.toBe(moved)
    const [third] = people.replaceFaces(a, [face(0.5)]) as [number]
    expect(third).not.toBe(again)
    expect(people.facesInAsset(a)[0]!.cropKey).toBe(moved)
  })

  it('gives a person the crop key of its cover face', () => {
    const { people, asset, face } = setup()
    const [id] = people.replaceFaces(asset('a'), [face(0.1)]) as [number]
    people.applyClustering([{ faceId: id, person: 'new:x' }], { clustered: [id] })
    const person = people.list(true)[0]!
    expect(person).toMatchObject({ coverFaceId: id, coverCropKey: people.face(id)!.cropKey })
    expect(people.get(person.id)).toMatchObject({ coverCropKey: person.coverCropKey })
  })
})

describe('people repository: name prefixes', () => {
  it('treats "_" and "%" in a typed prefix as characters, not LIKE wildcards', () => {
    const { people, asset, face } = setup()
    const names = ['A_B', 'AXB', '100% Anna', '1000 Bob']
    for (const [i, name] of names.entries()) {
      const [id] = people.replaceFaces(asset(String(i)), [face(0.1)]) as [number]
      people.applyClustering([{ faceId: id, person: `new:${i}` }], { clustered: [id] })
      people.rename(people.clusteredAssignments().find((f) => f.id === id)!.personId!, name)
    }
    expect(people.names('a_')).toEqual(['A_B'])
    expect(people.names('100%')).toEqual(['100% Anna'])
    expect(people.names('10')).toEqual(['100% Anna', '1000 Bob'])
  })
})

describe('people repository: photos in the trash', () => {
  it('leave the counts, cover, faces, unassigned faces, names to suggest and merge centroids; a restore brings them back', () => {
    const { people, asset, face, trash, restore } = setup()
    const [a1, a2, b1, u1] = [asset('1'), asset('2'), asset('3'), asset('4')]
    // The bigger face is the cover while its photo is shown.
    const [ann1] = people.replaceFaces(a1, [{ ...face(0.1), size: 200 }]) as [number]
    const [ann2] = people.replaceFaces(a2, [face(0.1)]) as [number]
    const [bo1] = people.replaceFaces(b1, [{ ...face(0.1), embedding: Float32Array.from([0, 1, 0]) }]) as [number]
    const [loose] = people.replaceFaces(u1, [face(0.3)]) as [number]
    people.applyClustering(
      [
        { faceId: ann1, person: 'new:ann' },
        { faceId: ann2, person: 'new:ann' },
        { faceId: bo1, person: 'new:bo' },
      ],
      { clustered: [ann1, ann2, bo1] },
    )
    const ann = people.facesInAsset(a1)[0]!.personId!
    const bo = people.facesInAsset(b1)[0]!.personId!
    people.rename(ann, 'Ann')
    people.rename(bo, 'Bo')
    expect(people.get(ann)).toMatchObject({ faceCount: 2, photoCount: 2, coverFaceId: ann1 })
    expect(people.unassigned(10).map((f) => f.id)).toEqual([loose])
    expect(people.shownNames()).toEqual(['Ann', 'Bo'])

    trash(a1)
    trash(b1)
    trash(u1)
    expect(people.get(ann)).toMatchObject({ faceCount: 1, photoCount: 1, coverFaceId: ann2 })
    expect(people.facesOf(ann).map((f) => f.id)).toEqual([ann2])
    expect(people.list(true).find((p) => p.id === ann)).toMatchObject({ faceCount: 1, photoCount: 1 })
    // A named person stays on the People screen (as with no faces at all), with nothing to count.
    expect(people.get(bo)).toMatchObject({ faceCount: 0, photoCount: 0, coverFaceId: null, coverCropKey: null })
    expect(people.facesOf(bo)).toEqual([])
    expect(people.unassigned(10)).toEqual([])
    expect(people.shownNames()).toEqual(['Ann'])
    expect([...people.centroids().keys()]).toEqual([ann])
    expect(people.photosOf(ann, 10).map((p) => p.id)).toEqual([a2])
    // The faces and their person stay, for a restore: the trashed photo still shows its own faces.
    expect(people.facesInAsset(a1)).toMatchObject([{ id: ann1, personId: ann }])

    restore(a1)
    restore(b1)
    restore(u1)
    expect(people.get(ann)).toMatchObject({ faceCount: 2, photoCount: 2, coverFaceId: ann1 })
    expect(people.get(bo)).toMatchObject({ faceCount: 1, photoCount: 1, coverFaceId: bo1 })
    expect(people.unassigned(10).map((f) => f.id)).toEqual([loose])
    expect(people.shownNames()).toEqual(['Ann', 'Bo'])
  })

  it('an unnamed person whose photos are all in the trash leaves the People screen', () => {
    const { people, asset, face, trash } = setup()
    const a = asset('a')
    const [f] = people.replaceFaces(a, [face(0.1)]) as [number]
    people.applyClustering([{ faceId: f, person: 'new:x' }], { clustered: [f] })
    expect(people.list(true)).toHaveLength(1)
    trash(a)
    expect(people.list(true)).toEqual([])
  })
})

describe('people repository: a person in a video', () => {
  it("says at which second each person is seen: their face's keyframe, or the poster's moment for a face in the poster", () => {
    const { people, asset, video, face } = setup()
    const photo = asset('p')
    const clip = video('v', 500)
    const posterClip = video('w', 2000)
    const unknownPoster = video('x', null)
    const [annPhoto] = people.replaceFaces(photo, [face(0.1)]) as [number]
    // Two people in one video, seen at different seconds.
    const [annClip, boClip] = people.replaceFaces(clip, [
      { ...face(0.1), atMs: 1500 },
      { ...face(0.5), atMs: 3000, embedding: Float32Array.from([0, 1, 0]) },
    ]) as [number, number]
    const [annPoster] = people.replaceFaces(posterClip, [{ ...face(0.1), atMs: null }]) as [number]
    const [annUnknown] = people.replaceFaces(unknownPoster, [face(0.1)]) as [number]
    // Ann alone at 1 s, then with Bo at 2.5 s (her face seen better there).
    const together = video('y', 0)
    const [annAlone, annWithBo, boWithAnn] = people.replaceFaces(together, [
      { ...face(0.1), atMs: 1000 },
      { ...face(0.1), atMs: 2500, score: 0.999 },
      { ...face(0.5), atMs: 2500, embedding: Float32Array.from([0, 1, 0]) },
    ]) as [number, number, number]
    people.applyClustering(
      [
        { faceId: annPhoto, person: 'new:ann' },
        { faceId: annClip, person: 'new:ann' },
        { faceId: annPoster, person: 'new:ann' },
        { faceId: annUnknown, person: 'new:ann' },
        { faceId: annAlone, person: 'new:ann' },
        { faceId: annWithBo, person: 'new:ann' },
        { faceId: boClip, person: 'new:bo' },
        { faceId: boWithAnn, person: 'new:bo' },
      ],
      { clustered: [annPhoto, annClip, annPoster, annUnknown, annAlone, annWithBo, boClip, boWithAnn] },
    )
    const ann = people.facesInAsset(photo)[0]!.personId!
    const bo = people.facesInAsset(clip).find((f) => f.id === boClip)!.personId!

    const annPhotos = new Map(people.photosOf(ann, 10).map((p) => [p.id, p]))
    expect(annPhotos.get(photo)!.video).toBeUndefined()
    expect(annPhotos.get(clip)!.video).toEqual({ durationMs: 4500, atMs: 1500 })
    expect(annPhotos.get(posterClip)!.video).toEqual({ durationMs: 4500, atMs: 2000 })
    // No second known: the viewer starts at the beginning.
    expect(annPhotos.get(unknownPoster)!.video).toEqual({ durationMs: 4500 })
    expect(people.photosOf(bo, 10).find((p) => p.id === clip)).toMatchObject({ video: { durationMs: 4500, atMs: 3000 } })

    // A search filtered by people: the seconds each video shows them, best face first; photos have none.
    const all = [photo, clip, posterClip, unknownPoster, together]
    expect(people.videoMomentsWith(all, [ann])).toEqual(
      new Map([
        [clip, [1500]],
        [posterClip, [2000]],
        [unknownPoster, [0]],
        [together, [2500, 1000]],
      ]),
    )
    // Both people: where they are seen together; a video that never shows them together, where either is.
    expect(people.videoMomentsWith(all, [ann, bo])).toEqual(
      new Map([
        [clip, [1500, 3000]],
        [posterClip, [2000]],
        [unknownPoster, [0]],
        [together, [2500]],
      ]),
    )
    expect(people.videoMomentsWith(all, [])).toEqual(new Map())
  })
})
