/**
 * Face pipeline and people clustering benchmark.
 *
 *   npm run bench:faces                      # faces/s on real photos + recluster 10k and 100k
 *   npm run bench:faces -- --recluster=10000 # smaller recluster run
 *
 * 1. detectFaces on real photos (skimage + opencv-doc), beside a bare loop that makes the same
 *    number of detector/landmark/embedder session.run calls on ready-made input tensors of the same
 *    photos, in the same run: the ratio is the pipeline's overhead (decode, crops, verifier, NMS).
 * 2. reclusterFaces on synthetic clustered embeddings (gaussians around random centres on the
 *    512-d unit sphere), beside raw usearch building and querying a kNN graph of the same vectors.
 */
import { cpus, loadavg } from 'node:os'
import path from 'node:path'
import { Index, MetricKind, ScalarKind } from 'usearch'
import { ensureFaceModelFiles } from '../src/main/ml/faces/model-files'
import { loadFaceModels, type FaceModels } from '../src/main/ml/faces/models'
import { detectFaces } from '../src/main/ml/faces/pipeline'
import { OPENCV_DATA, OPENCV_HTML, SKIMAGE_DATA } from '../src/main/ml/faces/real-photos'
import { bareInputsFor, countModelCalls, runBareCalls, type ModelCallCounts } from '../src/main/ml/faces/bare-calls'
import { reclusterFaces, scoreClustering, syntheticFaces } from '../src/main/people/clustering'

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
const ms = (t: number) => `${t.toFixed(0)} ms`

async function benchPipeline(models: FaceModels): Promise<void> {
  const counts: ModelCallCounts = { detector: 0, landmarks: 0, embedder: 0, verifier: 0 }
  const counted = countModelCalls(models, counts)
  // Warm-up: first runs allocate onnxruntime arenas.
  await detectFaces(models, PHOTOS[0] as string)

  const perPhoto: { detector: number; landmarks: number; embedder: number }[] = []
  let faces = 0
  const start = performance.now()
  for (const photo of PHOTOS) {
    const before = { ...counts }
    faces += (await detectFaces(counted, photo)).length
    perPhoto.push({ detector: counts.detector - before.detector, landmarks: counts.landmarks - before.landmarks, embedder: counts.embedder - before.embedder })
  }
  const pipelineMs = performance.now() - start

  // Bare loop: the same three models, the same number of calls, on tensors made from the same
  // photos ahead of time (whole photo at 320x240, its centre at 64x64 grey and 112x112 RGB).
  const inputs = []
  for (const photo of PHOTOS) inputs.push(await bareInputsFor(photo))
  const bareStart = performance.now()
  for (const [i, calls] of perPhoto.entries()) await runBareCalls(models, inputs[i] as (typeof inputs)[number], calls)
  const bareMs = performance.now() - bareStart

  const total = perPhoto.reduce((sum, c) => ({ d: sum.d + c.detector, l: sum.l + c.landmarks, e: sum.e + c.embedder }), { d: 0, l: 0, e: 0 })
  console.log(`\nFace pipeline on ${PHOTOS.length} real photos: ${faces} faces in ${ms(pipelineMs)} = ${((faces * 1000) / pipelineMs).toFixed(1)} faces/s, ${((PHOTOS.length * 1000) / pipelineMs).toFixed(1)} photos/s`)
  console.log(`  model calls: detector ${total.d}, landmarks ${total.l}, embedder ${total.e}, verifier ${counts.verifier}`)
  console.log(`  bare loop of the same detector+landmark+embedder calls: ${ms(bareMs)} = ${((faces * 1000) / bareMs).toFixed(1)} faces/s`)
  console.log(`  ratio pipeline / bare model calls: ${(pipelineMs / bareMs).toFixed(2)}x`)
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
}

const models = await loadFaceModels(await ensureFaceModelFiles())
console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
await benchPipeline(models)
for (const n of reclusterSizes) await benchRecluster(n)
console.log(`\nLoad average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
