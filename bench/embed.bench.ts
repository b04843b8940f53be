/**
 * Classifier throughput: the whole PhotoHouse pipeline (host -> worker process: decode + resize with
 * sharp, session.run, softmax, hypernym tags, pooled features, IPC back) beside a bare onnxruntime
 * session.run loop on the same images already preprocessed, in the same run.
 *
 *   npm run bench:embed
 *   options: --rounds 3  --batch 8  --threads 2   (PHOTOHOUSE_MODELS_DIR: where mobilenetv2-12-int8 is)
 *
 * Images: the real photos the tests use (skimage + opencv-doc), cycled — as the import hands them
 * to the classifier: their grid thumbnails (256 px high, made here by the real thumbnail stage).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { hashFile, makeThumbnails } from '../src/main/ingest'
import { createInferenceHost, createModelManager } from '../src/main/ml'
import { REAL_PHOTOS, sharedModelsDir } from '../src/main/ml/testing/models-dir'
import { bareSessionRunRate } from '../src/main/ml/worker/bare-run'
import { CLASSIFIER_INPUT } from '../src/main/ml/worker/classify'
import { imageToTensor } from '../src/main/ml/worker/preprocess'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`)
  return value
}

const rounds = arg('rounds', 3)
const batch = arg('batch', 8)
const threads = arg('threads', 2)
const work = mkdtempSync(path.join(tmpdir(), 'photohouse-bench-embed-'))
const photos: string[] = []
for (const original of Object.values(REAL_PHOTOS)) {
  const { sha256 } = await hashFile(original)
  photos.push((await makeThumbnails({ path: original, sha256, cacheDir: work })).gridPath)
}
const models = createModelManager({ userModelsDir: work, env: { PHOTOHOUSE_MODELS_DIR: sharedModelsDir(), ...process.env } })

try {
  // --- PhotoHouse pipeline -------------------------------------------------------------------
  const host = createInferenceHost({ models, batchSize: batch, intraOpThreads: threads })
  await Promise.all(photos.map((p) => host.classify(p))) // worker start, session, caches
  const images = Array.from({ length: rounds }, () => photos).flat()
  let start = performance.now()
  const outs = await Promise.all(images.map((p) => host.classify(p)))
  const pipelineSeconds = (performance.now() - start) / 1000
  const pipelineRate = images.length / pipelineSeconds
  const provider = outs[0]?.provider
  await host.close()

  // --- bare onnxruntime on the same images, preprocessed once ---------------------------------
  const plane = 3 * CLASSIFIER_INPUT.width * CLASSIFIER_INPUT.height
  const batches: { data: Float32Array; n: number }[] = []
  for (let i = 0; i < photos.length; i += batch) {
    const group = photos.slice(i, i + batch)
    const data = new Float32Array(plane * group.length)
    await Promise.all(group.map((p, j) => imageToTensor(p, CLASSIFIER_INPUT, data, j * plane)))
    batches.push({ data, n: group.length })
  }
  const modelPath = (await models.requireVerified('mobilenetv2-12-int8')).files['mobilenetv2-12-int8.onnx'] ?? ''
  const bare = await bareSessionRunRate({ modelPath, batches, size: CLASSIFIER_INPUT.width, intraOpThreads: threads, rounds })

  // --- preprocessing alone, for the breakdown --------------------------------------------------
  const one = new Float32Array(plane)
  start = performance.now()
  for (const p of images) await imageToTensor(p, CLASSIFIER_INPUT, one)
  const decodeRate = images.length / ((performance.now() - start) / 1000)

  console.log(`mobilenetv2-12-int8, ${images.length} images (${photos.length} real photos x ${rounds}), batch ${batch}, ${threads} intra-op threads, provider ${provider}`)
  console.log(`  PhotoHouse classify pipeline : ${pipelineRate.toFixed(1)} images/s (${((1000 * pipelineSeconds) / images.length).toFixed(1)} ms/image)`)
  console.log(`  bare session.run (same tensors): ${bare.imagesPerSecond.toFixed(1)} images/s (${((1000 * bare.seconds) / bare.images).toFixed(1)} ms/image)`)
  console.log(`  sharp decode+resize alone      : ${decodeRate.toFixed(1)} images/s (sequential, in-process)`)
  console.log(`  ratio pipeline / bare session.run: ${(pipelineRate / bare.imagesPerSecond).toFixed(3)}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
