/**
 * Face pipeline and people clustering benchmark.
 *
 *   npm run bench:faces                      # faces/s on real photos + recluster 10k and 100k
 *   npm run bench:faces -- --recluster=10000 # smaller recluster run
 *   npm run bench:faces -- --recluster=0 --rounds=5
 *
 * 1. detectFaces on real photos (skimage + opencv-doc), beside a bare loop that makes the same
 *    number of detector/landmark/embedder session.run calls on ready-made input tensors of the same
 *    photos, in the same run: the ratio is the pipeline's overhead (decode, crops, verifier, NMS).
 *    The pipeline also runs a fourth model (BlazeFace, which rejects non-faces such as the skimage
 *    cat), so a second bare loop adds the same number of verifier calls; both ratios are printed.
 *    Pipeline and bare loops alternate over several rounds (the order flips each round) after one
 *    warm-up pass; the best round of each is reported with the spread.
 * 2. reclusterFaces on synthetic clustered embeddings (gaussians around random centres on the
 *    512-d unit sphere), beside raw usearch building and querying a kNN graph of the same vectors.
 * 3. Incremental placement (what the import pipeline runs): 1,000 new faces placed into a library of
 *    n - 1,000 already clustered faces, beside raw usearch doing the same searches and adds.
 */
import { cpus, loadavg } from 'node:os'
import path from 'node:path'
import { Index, MetricKind, ScalarKind } from 'usearch'
import { ensureFaceModelFiles } from '../src/main/ml/faces/model-files'
import { loadFaceModels, type FaceModels } from '../src/main/ml/faces/models'
import { detectFaces, emptyFaceStageTimings, type FaceStageTimings } from '../src/main/ml/faces/pipeline'
import { OPENCV_DATA, OPENCV_HTML, SKIMAGE_DATA } from '../src/main/ml/faces/real-photos'
import { bareInputsFor, countModelCalls, runBareCalls, type BareInputs, type ModelCallCounts } from '../src/main/ml/faces/bare-calls'
import { IncrementalClusterer, reclusterFaces, scoreClustering, syntheticFaces } from '../src/main/people/clustering'

const PHOTOS = [
  path.join(SKIMAGE_DATA, 'astronaut.png'),
  path.join(SKIMAGE_DATA, 'camera.png'),
  path.join(OPENCV_DATA, 'messi5.jpg'),
  path.join(OPENCV_HTML, 'facereg.jpg'),
  path.join(OPENCV_HTML, '2.jpg'),
  path.join(OPENCV_HTML, '3.jpg'),
  path.join(OPENCV_HTML, 'example.jpg'),
  path.join(OPENCV_HTML, 'lbp_yale.jpg'),
  path.join(OPENCV_HTML, '05.jpg'),
  path.join(OPENCV_HTML, '12.jpg'),
  path.join(OPENCV_HTML, 'inpaint_basics.jpg'),
  path.join(OPENCV_HTML, '227943776_1.jpg'),
]

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const reclusterSizes = (arg('recluster') ?? '10000,100000').split(',').map(Number).filter((n) => n > 0)
const rounds = Math.max(1, Number(arg('rounds') ?? 3))
const ms = (t: number) => `${t.toFixed(0)} ms`
const load = () => loadavg()[0]?.toFixed(1) ?? '?'
const noCalls = (): ModelCallCounts => ({ detector: 0, landmarks: 0, embedder: 0, verifier: 0 })

interface PipelinePass {
  ms: number
  faces: number
  perPhoto: ModelCallCounts[]
  runMs: ModelCallCounts
  stages: FaceStageTimings
}

async function pipelinePass(models: FaceModels): Promise<PipelinePass> {
  const counts = noCalls()
  const runMs = noCalls()
  const counted = countModelCalls(models, counts, runMs)
  const stages = emptyFaceStageTimings()
  const perPhoto: ModelCallCounts[] = []
  let faces = 0
  const start = performance.now()
  for (const photo of PHOTOS) {
    const before = { ...counts }
    faces += (await detectFaces(counted, photo, { timings: stages })).length
    perPhoto.push({
      detector: counts.detector - before.detector,
      landmarks: counts.landmarks - before.landmarks,
      embedder: counts.embedder - before.embedder,
      verifier: counts.verifier - before.verifier,
    })
  }
  return { ms: performance.now() - start, faces, perPhoto, runMs, stages }
}

/** The same session.run calls per photo on ready-made tensors; verifier calls only when asked. */
async function barePass(models: FaceModels, inputs: BareInputs[], perPhoto: ModelCallCounts[], withVerifier: boolean): Promise<number> {
  const start = performance.now()
  for (const [i, calls] of perPhoto.entries()) {
    await runBareCalls(models, inputs[i] as BareInputs, withVerifier ? calls : { ...calls, verifier: 0 })
  }
  return performance.now() - start
}

async function benchPipeline(models: FaceModels): Promise<void> {
  // Bare inputs: whole photo at 320x240, its centre at 64x64 grey, 112x112 and 128x128 RGB.
  const inputs: BareInputs[] = []
  for (const photo of PHOTOS) inputs.push(await bareInputsFor(photo))
  // Warm-up pass over every photo: onnxruntime arenas and the JIT of the crop code, as in a long import.
  const warm = await pipelinePass(models)
  await barePass(models, inputs, warm.perPhoto, true)

  const passes: PipelinePass[] = []
  const bare3: number[] = []
  const bare4: number[] = []
  const loads: string[] = []
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 1) {
      bare3.push(await barePass(models, inputs, warm.perPhoto, false))
      bare4.push(await barePass(models, inputs, warm.perPhoto, true))
    }
    passes.push(await pipelinePass(models))
    if (r % 2 === 0) {
      bare3.push(await barePass(models, inputs, warm.perPhoto, false))
      bare4.push(await barePass(models, inputs, warm.perPhoto, true))
    }
    loads.push(load())
  }

  const best = passes.reduce((a, b) => (b.ms < a.ms ? b : a))
  const best3 = Math.min(...bare3)
  const best4 = Math.min(...bare4)
  const faces = best.faces
  const fps = (t: number) => ((faces * 1000) / t).toFixed(1)
  const total = best.perPhoto.reduce((sum, c) => ({
    detector: sum.detector + c.detector,
    landmarks: sum.landmarks + c.landmarks,
    embedder: sum.embedder + c.embedder,
    verifier: sum.verifier + c.verifier,
  }), noCalls())
  const st = best.stages
  const run = best.runMs
  const spread = (values: number[]) => `${ms(Math.min(...values))}..${ms(Math.max(...values))}`
  const ratios = (bare: number[]) => passes.map((p, i) => (bare[i] as number) / p.ms)

  console.log(`\nFace pipeline on ${PHOTOS.length} real photos, ${rounds} rounds (load 1-min per round: ${loads.join(', ')}):`)
  console.log(`  pipeline: ${faces} faces, best ${ms(best.ms)} = ${fps(best.ms)} faces/s, ${((PHOTOS.length * 1000) / best.ms).toFixed(1)} photos/s (rounds ${spread(passes.map((p) => p.ms))})`)
  console.log(`  model calls per pass: detector ${total.detector}, landmarks ${total.landmarks}, embedder ${total.embedder}, verifier ${total.verifier}`)
  console.log(`  stages of the best pass: decode ${ms(st.decode)}, detect ${ms(st.detect)} (session.run ${ms(run.detector)}), landmarks ${ms(st.landmarks)} (run ${ms(run.landmarks)}), ` +
    `verify ${ms(st.verify)} (run ${ms(run.verifier)}), align ${ms(st.align)}, embed ${ms(st.embed)} (run ${ms(run.embedder)}), quality ${ms(st.quality)}`)
  console.log(`  bare loop, same detector+landmark+embedder calls: best ${ms(best3)} = ${fps(best3)} faces/s (rounds ${spread(bare3)})`)
  console.log(`  bare loop, same calls + the verifier's: best ${ms(best4)} = ${fps(best4)} faces/s (rounds ${spread(bare4)})`)
  for (const [label, bestBare, bare] of [['3 models', best3, bare3], ['4 models', best4, bare4]] as const) {
    const perRound = ratios(bare)
    console.log(`  ratio pipeline / bare (${label}): speed ${(bestBare / best.ms).toFixed(2)} (time ${(best.ms / bestBare).toFixed(2)}x), per round ${Math.min(...perRound).toFixed(2)}..${Math.max(...perRound).toFixed(2)}`)
  }
}

async function benchRecluster(n: number): Promise<void> {
  const facesPerPerson = 20
  const synth = syntheticFaces({ persons: Math.ceil(n / facesPerPerson), facesPerPerson, seed: 42 }).slice(0, n)
  const faces = synth.map((s, i) => ({ id: `f${i}`, assetId: `a${i}`, embedding: s.embedding }))

  const start = performance.now()
  const result = await reclusterFaces(faces)
  const reclusterMs = performance.now() - start
  const scores = scoreClustering(new Map(faces.map((f, i) => [f.id, `${synth[i]?.person}`])), new Map(result.assignments.map((a) => [a.faceId, a.personId])))

  // Raw library doing the neighbour work alone: usearch kNN graph over the full 512-d vectors.
  const rawStart = performance.now()
  const index = new Index({ dimensions: 512, metric: MetricKind.Cos, quantization: ScalarKind.I8, connectivity: 16, expansion_add: 40, expansion_search: 40, multi: false })
  const flat = new Float32Array(n * 512)
  faces.forEach((f, i) => flat.set(f.embedding, i * 512))
  index.add(BigUint64Array.from(faces, (_, i) => BigInt(i)), flat, 0)
  index.search(flat, 17, 0)
  const rawMs = performance.now() - rawStart

  console.log(`\nRecluster ${n} synthetic faces (${Math.ceil(n / facesPerPerson)} persons): ${ms(reclusterMs)}, ${result.stats.persons} persons, pairwise P=${scores.pairwisePrecision.toFixed(3)} R=${scores.pairwiseRecall.toFixed(3)}, BCubed F=${scores.bcubedF1.toFixed(3)}`)
  console.log(`  raw usearch build + 17-NN search of the same vectors (512-d int8): ${ms(rawMs)}`)
  console.log(`  ratio recluster / raw usearch: ${(reclusterMs / rawMs).toFixed(2)}x`)

  await benchIncremental(faces, synth.map((s) => `${s.person}`))
}

async function benchIncremental(faces: { id: string; assetId: string; embedding: Float32Array }[], truth: string[]): Promise<void> {
  // A library already clustered (persons = the true ones), then a batch of new photos of the same
  // people: 1,000 faces spread over the persons (every k-th face) arrive last.
  const step = Math.max(2, Math.floor(faces.length / 1000))
  const isNew = (i: number) => i % step === step - 1
  const known = faces.flatMap((f, i) => (isNew(i) ? [] : [{ ...f, personId: `p${truth[i]}` }]))
  const fresh = faces.flatMap((f, i) => (isNew(i) ? [{ face: f, person: `p${truth[i]}` }] : []))
  const added = fresh.length
  const knownCount = known.length

  let start = performance.now()
  const clusterer = await IncrementalClusterer.create(known)
  const createMs = performance.now() - start
  start = performance.now()
  const changes = await clusterer.addFaces(fresh.map((f) => f.face))
  const placeMs = performance.now() - start
  const placed = new Map(changes.map((c) => [c.faceId, c.personId]))
  let right = 0
  let wrong = 0
  for (const { face, person } of fresh) {
    const got = placed.get(face.id)
    if (got === person) right++
    else if (got) wrong++
  }

  // Raw usearch: the same index over the known faces, then for each new face one k-NN search and one add.
  const index = new Index({ dimensions: 512, metric: MetricKind.Cos, quantization: ScalarKind.I8, connectivity: 16, expansion_add: 40, expansion_search: 40, multi: false })
  const flat = new Float32Array(knownCount * 512)
  known.forEach((f, i) => flat.set(f.embedding, i * 512))
  index.add(BigUint64Array.from(known, (_, i) => BigInt(i)), flat, 0)
  start = performance.now()
  fresh.forEach(({ face }, i) => {
    index.search(face.embedding, 16, 1)
    index.add(BigInt(knownCount + i), face.embedding)
  })
  const rawMs = performance.now() - start

  console.log(`  incremental: state for ${knownCount} clustered faces built in ${ms(createMs)} (once per run, or after a deletion)`)
  console.log(`  incremental: ${added} new faces placed in ${ms(placeMs)} (${(placeMs / added).toFixed(2)} ms/face): ${right} with their person, ${wrong} with another, ${added - right - wrong} waiting`)
  console.log(`  raw usearch, same ${added} searches + adds: ${ms(rawMs)}; ratio incremental / raw: ${(placeMs / rawMs).toFixed(2)}x`)
}

const models = await loadFaceModels(await ensureFaceModelFiles())
console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
await benchPipeline(models)
for (const n of reclusterSizes) await benchRecluster(n)
console.log(`\nLoad average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
