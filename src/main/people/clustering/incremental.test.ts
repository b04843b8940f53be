import { describe, expect, it } from 'vitest'
import { IncrementalClusterer } from './incremental'
import { syntheticFaces } from './synthetic'
import type { ClusterFace } from './types'

function facesOf(seed: number, persons: number, perPerson: number): ClusterFace[] {
  return syntheticFaces({ persons, facesPerPerson: perPerson, seed }).map((s, i) => ({
    id: `f${i}`,
    assetId: `a${i}`,
    embedding: s.embedding,
  }))
}

let counter = 0
const createPersonId = () => `new-${++counter}`

describe('IncrementalClusterer', () => {
  it('a new face joins the person its neighbours agree on', async () => {
    // Faces 0..5 are one synthetic person, 6..11 another.
    const all = facesOf(11, 2, 6)
    const known = all.filter((_, i) => i % 6 !== 5).map((f, i) => ({ ...f, personId: i < 5 ? 'ann' : 'ben' }))
    const clusterer = await IncrementalClusterer.create(known, { createPersonId })
    const changes = await clusterer.addFaces([all[5] as ClusterFace, all[11] as ClusterFace])
    expect(changes).toEqual([
      { faceId: 'f5', personId: 'ann' },
      { faceId: 'f11', personId: 'ben' },
    ])
  })

  it('a lone new face waits unassigned until enough similar faces form a person', async () => {
    const all = facesOf(12, 1, 3)
    const clusterer = await IncrementalClusterer.create([], { createPersonId, pairEps: 0 })
    expect(await clusterer.addFaces([all[0] as ClusterFace])).toEqual([{ faceId: 'f0', personId: null }])
    expect(await clusterer.addFaces([all[1] as ClusterFace])).toEqual([{ faceId: 'f1', personId: null }])
    const third = await clusterer.addFaces([all[2] as ClusterFace])
    const created = third[0]?.personId
    expect(created).toBeTruthy()
    expect(third.every((c) => c.personId === created && c.createdPerson)).toBe(true)
    expect(new Set(third.map((c) => c.faceId))).toEqual(new Set(['f0', 'f1', 'f2']))
  })

  it('two close lone faces form a person of two, which the next face of that person joins', async () => {
    // Noise 0.03: two faces of one synthetic person sit at similarity ~0.68 (inside pairEps 0.35).
    const all = facesOf(12, 1, 3)
    const clusterer = await IncrementalClusterer.create([], { createPersonId })
    expect(await clusterer.addFaces([all[0] as ClusterFace])).toEqual([{ faceId: 'f0', personId: null }])
    const pair = await clusterer.addFaces([all[1] as ClusterFace])
    expect(pair).toHaveLength(2)
    const person = pair[0]?.personId
    expect(person).toBeTruthy()
    expect(pair.every((c) => c.personId === person && c.createdPerson)).toBe(true)
    expect(await clusterer.addFaces([all[2] as ClusterFace])).toEqual([{ faceId: 'f2', personId: person }])
  })

  it('a close pair in one photo, or a loose pair, stays unassigned', async () => {
    const close = facesOf(12, 1, 2).map((f) => ({ ...f, assetId: 'one-photo' }))
    const sameAsset = await IncrementalClusterer.create([], { createPersonId })
    expect(await sameAsset.addFaces(close)).toEqual([
      { faceId: 'f0', personId: null },
      { faceId: 'f1', personId: null },
    ])
    // Noise 0.04: similarity ~0.55, inside eps but not pairEps.
    const loose = syntheticFaces({ persons: 1, facesPerPerson: 2, seed: 6, noise: 0.04 }).map((s, i) => ({ id: `g${i}`, assetId: `b${i}`, embedding: s.embedding }))
    const clusterer = await IncrementalClusterer.create([], { createPersonId })
    expect(await clusterer.addFaces(loose)).toEqual([
      { faceId: 'g0', personId: null },
      { faceId: 'g1', personId: null },
    ])
  })

  it('resync adopts edits and renamed persons, and refuses a different set of faces', async () => {
    const all = facesOf(14, 2, 4)
    const clusterer = await IncrementalClusterer.create([], { createPersonId })
    await clusterer.addFaces(all.filter((_, i) => i % 4 !== 3))
    const made = clusterer.personOf('f0')
    expect(made).toBeTruthy()
    // The catalog gave the founded persons real ids, and the user moved f4..f6 (second person) to "ann".
    const known = all.filter((_, i) => i % 4 !== 3)
    expect(clusterer.resync(known.map((f, i) => ({ id: f.id, personId: i < 3 ? 'p1' : 'ann', pinnedPersonId: i < 3 ? null : 'ann' })))).toBe(true)
    expect(clusterer.personOf('f0')).toBe('p1')
    expect(clusterer.personOf('f4')).toBe('ann')
    // New faces now vote with the catalog's ids.
    expect(await clusterer.addFaces([all[3] as ClusterFace, all[7] as ClusterFace])).toEqual([
      { faceId: 'f3', personId: 'p1' },
      { faceId: 'f7', personId: 'ann' },
    ])
    // A face the clusterer does not know (or one it lacks): rebuild instead.
    expect(clusterer.resync([{ id: 'zz', personId: null }])).toBe(false)
    expect(clusterer.personOf('f0')).toBe('p1')
  })

  it('needs minNeighbours agreeing neighbours, not just the single nearest one', async () => {
    const all = facesOf(13, 1, 3)
    const known = [{ ...(all[0] as ClusterFace), personId: 'cleo' }]
    const clusterer = await IncrementalClusterer.create(known, { createPersonId, minNeighbours: 2 })
    // Only one agreeing neighbour: f1 must not join cleo yet.
    expect(await clusterer.addFaces([all[1] as ClusterFace])).toEqual([{ faceId: 'f1', personId: null }])
  })

  it('cannot-link: never joins a person that already has a face in the same asset', async () => {
    const all = facesOf(14, 1, 5)
    const known = all.slice(0, 4).map((f) => ({ ...f, personId: 'dora' }))
    const clusterer = await IncrementalClusterer.create(known, { createPersonId })
    const sameAsset = { ...(all[4] as ClusterFace), assetId: 'a0' }
    expect(await clusterer.addFaces([sameAsset])).toEqual([{ faceId: 'f4', personId: null }])
  })

  it('"not this person": a rejected face is removed and never re-joins, even after a recluster', async () => {
    const all = facesOf(15, 1, 6)
    const known = all.slice(0, 5).map((f) => ({ ...f, personId: 'eve' }))
    const clusterer = await IncrementalClusterer.create(known, { createPersonId })
    clusterer.reject('f4', 'eve')
    expect(clusterer.personOf('f4')).toBeNull()
    await clusterer.recluster()
    expect(clusterer.personOf('f4')).not.toBe('eve')
    expect(clusterer.personOf('f0')).toBe('eve')
    const rejectingNewFace = { ...(all[5] as ClusterFace), notPersonIds: ['eve'] }
    expect((await clusterer.addFaces([rejectingNewFace]))[0]?.personId).not.toBe('eve')
  })

  it('a pin survives reclusters and anchors its person without evicting the faces already there', async () => {
    const a = facesOf(16, 1, 4)
    const b = facesOf(17, 1, 4).map((f) => ({ ...f, id: `g${f.id}`, assetId: `g${f.assetId}` }))
    const clusterer = await IncrementalClusterer.create([...a, ...b], { createPersonId })
    await clusterer.recluster()
    // The user insists a face of the second group is the first group's person.
    const firstPerson = clusterer.personOf('f0')
    expect(firstPerson).toBeTruthy()
    clusterer.pin('gf0', firstPerson as string)
    await clusterer.recluster()
    await clusterer.recluster()
    expect(clusterer.personOf('gf0')).toBe(firstPerson)
    for (const id of ['f0', 'f1', 'f2', 'f3']) expect(clusterer.personOf(id)).toBe(firstPerson)
  })

  it('a pinned new face goes straight to its person', async () => {
    const all = facesOf(18, 2, 3)
    const clusterer = await IncrementalClusterer.create([], { createPersonId })
    const changes = await clusterer.addFaces([{ ...(all[4] as ClusterFace), pinnedPersonId: 'fay' }])
    expect(changes).toEqual([{ faceId: 'f4', personId: 'fay' }])
  })

  it('rejects duplicate ids and wrong dimensions', async () => {
    const all = facesOf(19, 1, 2)
    const clusterer = await IncrementalClusterer.create([all[0] as ClusterFace], { createPersonId })
    await expect(clusterer.addFaces([all[0] as ClusterFace])).rejects.toThrow(/already known/)
    await expect(clusterer.addFaces([{ id: 'x', assetId: 'y', embedding: new Float32Array(8) }])).rejects.toThrow(/8-d/)
  })
})
