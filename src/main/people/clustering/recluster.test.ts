import { describe, expect, it } from 'vitest'
import { reclusterFaces } from './recluster'
import { scoreClustering } from './metrics'
import { syntheticFaces } from './synthetic'
import type { ClusterFace, ReclusterResult } from './types'

/** Three well-separated synthetic persons with 5 faces each, one face per asset. */
function threePersons(): { faces: ClusterFace[]; truth: Map<string, string> } {
  const synth = syntheticFaces({ persons: 3, facesPerPerson: 5, seed: 3 })
  const faces = synth.map((s, i) => ({ id: `f${i}`, assetId: `a${i}`, embedding: s.embedding }))
  return { faces, truth: new Map(faces.map((f, i) => [f.id, `p${synth[i]?.person}`])) }
}

function personOf(result: ReclusterResult, faceId: string): string | null {
  const found = result.assignments.find((a) => a.faceId === faceId)
  if (!found) throw new Error(`no assignment for ${faceId}`)
  return found.personId
}

let counter = 0
const createPersonId = () => `new-${++counter}`

describe('reclusterFaces', () => {
  it('finds the synthetic persons exactly', async () => {
    const { faces, truth } = threePersons()
    const result = await reclusterFaces(faces, { createPersonId })
    expect(result.stats.persons).toBe(3)
    const scores = scoreClustering(truth, new Map(result.assignments.map((a) => [a.faceId, a.personId])))
    expect(scores.pairwisePrecision).toBe(1)
    expect(scores.pairwiseRecall).toBe(1)
  })

  it('leaves groups smaller than minClusterSize unassigned unless they are a close pair', async () => {
    // Two persons with two faces each. Noise 0.03 puts a pair at similarity ~0.68, noise 0.04 at ~0.55.
    const close = syntheticFaces({ persons: 2, facesPerPerson: 2, seed: 5, noise: 0.03 })
    const loose = syntheticFaces({ persons: 2, facesPerPerson: 2, seed: 6, noise: 0.04 })
    const faces = [...close, ...loose].map((s, i) => ({ id: `f${i}`, assetId: `a${i}`, embedding: s.embedding }))
    const result = await reclusterFaces(faces, { createPersonId })
    // The close pairs each become a person; the loose ones wait.
    expect(personOf(result, 'f0')).not.toBeNull()
    expect(personOf(result, 'f0')).toBe(personOf(result, 'f1'))
    expect(personOf(result, 'f2')).not.toBeNull()
    expect(personOf(result, 'f2')).toBe(personOf(result, 'f3'))
    expect(personOf(result, 'f0')).not.toBe(personOf(result, 'f2'))
    expect(['f4', 'f5', 'f6', 'f7'].map((id) => personOf(result, id))).toEqual([null, null, null, null])
    // pairEps 0 turns pairs off: nothing under minClusterSize becomes a person.
    const strict = await reclusterFaces(faces, { createPersonId, pairEps: 0 })
    expect(strict.assignments.every((a) => a.personId === null)).toBe(true)
  })

  it('a close pair in one photo is never a person (cannot-link)', async () => {
    const synth = syntheticFaces({ persons: 1, facesPerPerson: 2, seed: 5, noise: 0.03 })
    const faces = synth.map((s, i) => ({ id: `f${i}`, assetId: 'same-photo', embedding: s.embedding }))
    const result = await reclusterFaces(faces, { createPersonId })
    expect(result.assignments.every((a) => a.personId === null)).toBe(true)
  })

  it('cannot-link: two faces of the same asset never share a person', async () => {
    const { faces } = threePersons()
    // Put faces 0 and 1 (same synthetic person) into one photo.
    const linked = faces.map((f) => (f.id === 'f1' ? { ...f, assetId: 'a0' } : f))
    const result = await reclusterFaces(linked, { createPersonId })
    const p0 = personOf(result, 'f0')
    const p1 = personOf(result, 'f1')
    expect(p0 === null || p0 !== p1).toBe(true)
    // The rest of that person still clusters.
    expect(personOf(result, 'f2')).not.toBeNull()
  })

  it('pinned faces keep their person id and anchor the cluster', async () => {
    const { faces } = threePersons()
    const pinned = faces.map((f) => (f.id === 'f7' ? { ...f, pinnedPersonId: 'alice' } : f))
    const result = await reclusterFaces(pinned, { createPersonId })
    // f5..f9 are one synthetic person: all of them become alice.
    for (const id of ['f5', 'f6', 'f7', 'f8', 'f9']) expect(personOf(result, id)).toBe('alice')
    expect(result.persons.find((p) => p.id === 'alice')?.isNew).toBe(false)
  })

  it('pins survive even when the embedding says otherwise, and two pinned persons never merge', async () => {
    const { faces } = threePersons()
    // The user pinned a face of synthetic person 0 to bob, and another of person 0 to carol.
    const pinned = faces.map((f) => {
      if (f.id === 'f0') return { ...f, pinnedPersonId: 'bob' }
      if (f.id === 'f1') return { ...f, pinnedPersonId: 'carol' }
      return f
    })
    const result = await reclusterFaces(pinned, { createPersonId })
    expect(personOf(result, 'f0')).toBe('bob')
    expect(personOf(result, 'f1')).toBe('carol')
  })

  it('pins of one person join even far-apart faces', async () => {
    const { faces } = threePersons()
    const pinned = faces.map((f) => (f.id === 'f0' || f.id === 'f10' ? { ...f, pinnedPersonId: 'dave' } : f))
    const result = await reclusterFaces(pinned, { createPersonId })
    expect(personOf(result, 'f0')).toBe('dave')
    expect(personOf(result, 'f10')).toBe('dave')
  })

  it('"not this person" is remembered: the face never lands in the rejected person', async () => {
    const { faces } = threePersons()
    const marked = faces.map((f) => {
      if (f.id === 'f5') return { ...f, pinnedPersonId: 'erin' }
      if (f.id === 'f6') return { ...f, notPersonIds: ['erin'] }
      return f
    })
    const result = await reclusterFaces(marked, { createPersonId })
    expect(personOf(result, 'f5')).toBe('erin')
    expect(personOf(result, 'f6')).not.toBe('erin')
    expect(personOf(result, 'f7')).toBe('erin')
  })

  it('"not this person" also holds against an unpinned, reused person id', async () => {
    const { faces } = threePersons()
    const marked = faces.map((f) => {
      if (['f10', 'f11', 'f12', 'f13'].includes(f.id)) return { ...f, personId: 'frank' }
      if (f.id === 'f14') return { ...f, notPersonIds: ['frank'] }
      return f
    })
    const result = await reclusterFaces(marked, { createPersonId })
    expect(personOf(result, 'f10')).toBe('frank')
    expect(personOf(result, 'f14')).not.toBe('frank')
  })

  it('keeps existing person ids stable across reclusters', async () => {
    const { faces } = threePersons()
    const first = await reclusterFaces(faces, { createPersonId })
    const withCurrent = faces.map((f) => ({ ...f, personId: personOf(first, f.id) }))
    const second = await reclusterFaces(withCurrent, { createPersonId })
    for (const f of faces) expect(personOf(second, f.id)).toBe(personOf(first, f.id))
    expect(second.persons.every((p) => !p.isNew)).toBe(true)
  })

  it('a stricter eps splits rather than merges', async () => {
    const { faces } = threePersons()
    const result = await reclusterFaces(faces, { eps: 0.05, createPersonId })
    expect(result.stats.persons).toBe(0)
  })

  it('reports progress and can be cancelled', async () => {
    const synth = syntheticFaces({ persons: 200, facesPerPerson: 25, seed: 9 })
    const faces = synth.map((s, i) => ({ id: `f${i}`, assetId: `a${i}`, embedding: s.embedding }))
    const phases = new Set<string>()
    const controller = new AbortController()
    const run = reclusterFaces(faces, { createPersonId }, {
      signal: controller.signal,
      onProgress: (p) => {
        phases.add(p.phase)
        if (p.phase === 'index') controller.abort(new Error('user cancelled'))
      },
    })
    await expect(run).rejects.toThrow('user cancelled')
    expect(phases.has('index')).toBe(true)
  })

  it('rejects bad input clearly', async () => {
    const { faces } = threePersons()
    const bad = [...faces, { id: 'x', assetId: 'ax', embedding: new Float32Array(3) }]
    await expect(reclusterFaces(bad)).rejects.toThrow(/3-d embedding/)
    const dup = [...faces, faces[0] as ClusterFace]
    await expect(reclusterFaces(dup)).rejects.toThrow(/Duplicate face id/)
    await expect(reclusterFaces(faces, { eps: 0 })).rejects.toThrow(/eps/)
    const nan = new Float32Array(512)
    nan[3] = Number.NaN
    await expect(reclusterFaces([{ id: 'n', assetId: 'a', embedding: nan }])).rejects.toThrow(/non-finite/)
  })
})
