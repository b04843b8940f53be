import { reclusterFaces, syntheticFaces, scoreClustering } from '../src/main/people/clustering'
for (const n of [10_000, 100_000]) {
  const t0 = performance.now()
  const synth = syntheticFaces({ persons: n / 20, facesPerPerson: 20, seed: 7 })
  const faces = synth.map((s, i) => ({ id: `f${i}`, assetId: `a${i}`, embedding: s.embedding }))
  const t1 = performance.now()
  let last = ''
  const r = await reclusterFaces(faces, {}, { onProgress: (p) => { last = `${p.phase} ${p.done}/${p.total}` } })
  const t2 = performance.now()
  const truth = new Map(faces.map((f, i) => [f.id, String(synth[i]!.person)]))
  const pred = new Map(r.assignments.map((a) => [a.faceId, a.personId]))
  console.log(n, 'gen', (t1 - t0).toFixed(0), 'recluster ms', (t2 - t1).toFixed(0), r.stats, last, scoreClustering(truth, pred))
}
