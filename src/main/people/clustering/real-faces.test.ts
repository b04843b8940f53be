import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildLabelledFaceSet, type LabelledFaceSet } from '../../ml/faces/identity-set'
import { ensureFaceModelFiles } from '../../ml/faces/model-files'
import { loadFaceModels, releaseFaceModels, type FaceModels } from '../../ml/faces/models'
import { scoreClustering, type ClusteringScores } from './metrics'
import { reclusterFaces } from './recluster'
import { IncrementalClusterer } from './incremental'

/**
 * Clustering quality on real photos run through the real face pipeline: several real persons with
 * several real images each (Messi in two different photos, a Yale subject under three lightings,
 * Lena in eight processed copies, ...), ten real persons whose extra "shots" are augmentations of
 * one photo (mirror, crop, exposure, JPEG q12, low resolution, tilt), and ~50 distinct people from
 * face grids as distractors. See ml/faces/real-photos.ts for the list.
 */
let models: FaceModels
let set: LabelledFaceSet

beforeAll(async () => {
  models = await loadFaceModels(await ensureFaceModelFiles(), { intraOpNumThreads: 1 })
  set = await buildLabelledFaceSet(models)
}, 600_000)

afterAll(async () => {
  if (models) await releaseFaceModels(models)
})

function format(scores: ClusteringScores): string {
  return Object.entries(scores).map(([k, v]) => `${k}=${v.toFixed(3)}`).join(' ')
}

describe('clustering real faces', () => {
  it('detects every labelled face', () => {
    expect(set.missed).toEqual([])
    expect(set.faces.length).toBeGreaterThan(140)
  })

  it('never merges different people with the default (precision-first) thresholds', async () => {
    const faces = set.faces.map((f) => ({ id: f.id, assetId: f.assetId, embedding: f.face.embedding }))
    const result = await reclusterFaces(faces)
    const predicted = new Map(result.assignments.map((a) => [a.faceId, a.personId]))
    const all = scoreClustering(new Map(set.faces.map((f) => [f.id, f.identity])), predicted)

    // Only persons with several real images (no augmented variants, no distractors): the honest
    // recall figure, since augmentations are easier than real re-shoots.
    const real = set.faces.filter((f) => f.kind === 'real-shot')
    const realScores = scoreClustering(new Map(real.map((f) => [f.id, f.identity])), predicted)
    console.info(`real-face clustering, ${set.faces.length} faces / ${new Set(set.faces.map((f) => f.identity)).size} people: ${format(all)}`)
    console.info(`real-face clustering, real multi-image persons only (${real.length} faces / ${new Set(real.map((f) => f.identity)).size} people): ${format(realScores)}`)
    const byIdentity = new Map<string, Map<string, number>>()
    for (const f of set.faces) {
      if (f.kind === 'distractor') continue
      const groups = byIdentity.get(f.identity) ?? new Map<string, number>()
      const person = predicted.get(f.id) ?? 'unassigned'
      groups.set(person, (groups.get(person) ?? 0) + 1)
      byIdentity.set(f.identity, groups)
    }
    console.info([...byIdentity].map(([identity, groups]) => `${identity}: ${[...groups.entries()].map(([p, n]) => `${p === 'unassigned' ? 'unassigned' : p.slice(0, 14)}x${n}`).join(' ')}`).join('\n'))

    // The issue's target: precision >= 0.98 with recall >= 0.9 (no wrong merge at all here).
    expect(all.pairwisePrecision).toBe(1)
    expect(all.bcubedPrecision).toBe(1)
    expect(all.pairwiseRecall).toBeGreaterThanOrEqual(0.9)
    expect(all.bcubedF1).toBeGreaterThan(0.95)
  })

  it('places new real faces incrementally like the full recluster does', async () => {
    const faces = set.faces.map((f) => ({ id: f.id, assetId: f.assetId, embedding: f.face.embedding }))
    const clusterer = await IncrementalClusterer.create([])
    await clusterer.addFaces(faces)
    const predicted = new Map(clusterer.assignments().map((a) => [a.faceId, a.personId]))
    const scores = scoreClustering(new Map(set.faces.map((f) => [f.id, f.identity])), predicted)
    console.info(`incremental real-face clustering: ${format(scores)}`)
    expect(scores.pairwisePrecision).toBe(1)
    expect(scores.pairwiseRecall).toBeGreaterThanOrEqual(0.9)
    expect(scores.bcubedF1).toBeGreaterThan(0.95)
  })
})
