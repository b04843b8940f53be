/**
 * Classifier throughput: the whole PhotoHouse pipeline (host -> worker process: decode + resize,
 * session.run, softmax, hypernym tags, pooled features, IPC back) beside a bare onnxruntime
 * session.run loop on the same images already preprocessed, in the same run.
 *
 *   npm run bench:embed
 *   options: --rounds 10  --batch 8  --threads 2  --trials 3
 *            (PHOTOHOUSE_MODELS_DIR: where mobilenetv2-12-int8 is)
 *
 * Images: the real photos the tests use (skimage + opencv-doc), cycled — as the import hands them
 * to the classifier: their grid thumbnails (256 px high, made here by the real thumbnail stage).
 * The worker keeps no decode cache, so every cycle decodes every image again.
 *
 * The two sides run alternately `trials` times; each line gives the best and the median trial, so a
 * burst of load from other processes on a small machine does not decide the ratio. CPU ms/image
 * (all threads of the processes doing the work) says how much of the machine each side needs,
 * whatever the load was.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { hashFile, makeThumbnails } from '../src/main/ingest'
import { createInferenceHost, createModelManager } from '../src/main/ml'
import { REAL_PHOTOS, sharedModelsDir } from '../src/main/ml/testing/models-dir'
import { bareSessionRunRate } from '../src/main/ml/worker/bare-run'
import { CLASSIFIER_INPUT } from '../src/main/ml/worker/classify'
import { imageToTensor } from '../src/main/ml/worker/preprocess'

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('npm run bench:embed [-- --rounds 10 --batch 8 --threads 2 --trials 3]')
  process.exit(0)
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`)
  return value
}

const rounds = arg('rounds', 10)
const batch = arg('batch', 8)
const threads = arg('threads', 2)
const trials = arg('trials', 3)

/** CPU seconds (user + system, all threads) a process has used so far; Linux /proc, else 0. */
function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0
  }
}
const ownCpuSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

interface Trial {
  imagesPerSecond: number
  cpuMsPerImage: number
}
const best = (ts: Trial[]) => Math.max(...ts.map((t) => t.imagesPerSecond))
const median = (ts: Trial[]) => {
  const r = ts.map((t) => t.imagesPerSecond).sort((a, b) => a - b)
  return r[Math.floor(r.length / 2)]!
}
const medianCpu = (ts: Trial[]) => ts.map((t) => t.cpuMsPerImage).sort((a, b) => a - b)[Math.floor(ts.length / 2)]!

const work = mkdtempSync(path.join(tmpdir(), 'photohouse-bench-embed-'))
const photos: string[] = []
for (const original of Object.values(REAL_PHOTOS)) {
  const { sha256 } = await hashFile(original)
  photos.push((await makeThumbnails({ path: original, sha256, cacheDir: work })).gridPath)
}
const models = createModelManager({ userModelsDir: work, env: { PHOTOHOUSE_MODELS_DIR: sharedModelsDir(), ...process.env } })

try {
  const host = createInferenceHost({ models, batchSize: batch, intraOpThreads: threads })
  const images = Array.from({ length: rounds }, () => photos).flat()
  // Warm-up, one untimed pass: worker start, session, and the JIT/wasm tier-up a long import amortises.
  await Promise.all(images.map((p) => host.classify(p)))
  let provider: string | undefined

  // --- the bare yardstick: onnxruntime on the same images, preprocessed once -------------------
  const plane = 3 * CLASSIFIER_INPUT.width * CLASSIFIER_INPUT.height
  const batches: { data: Float32Array; n: number }[] = []
  for (let i = 0; i < photos.length; i += batch) {
    const group = photos.slice(i, i + batch)
    const data = new Float32Array(plane * group.length)
    await Promise.all(group.map((p, j) => imageToTensor(p, CLASSIFIER_INPUT, data, j * plane)))
    batches.push({ data, n: group.length })
  }
  const modelPath = (await models.requireVerified('mobilenetv2-12-int8')).files['mobilenetv2-12-int8.onnx'] ?? ''

  const pipelineTrials: Trial[] = []
  const bareTrials: Trial[] = []
  for (let t = 0; t < trials; t++) {
    // PhotoHouse pipeline: every image through host.classify, as the import calls it.
    const workerPid = host.workerPid ?? 0
    const cpu0 = ownCpuSeconds() + processCpuSeconds(workerPid)
    const start = performance.now()
    const outs = await Promise.all(images.map((p) => host.classify(p)))
    const seconds = (performance.now() - start) / 1000
    const cpu = ownCpuSeconds() + processCpuSeconds(workerPid) - cpu0
    provider = outs[0]?.provider
    pipelineTrials.push({ imagesPerSecond: images.length / seconds, cpuMsPerImage: (1000 * cpu) / images.length })

    const bare = await bareSessionRunRate({ modelPath, batches, size: CLASSIFIER_INPUT.width, intraOpThreads: threads, rounds })
    bareTrials.push({ imagesPerSecond: bare.imagesPerSecond, cpuMsPerImage: (1000 * bare.cpuSeconds) / bare.images })
  }
  await host.close()

  // --- preprocessing alone, for the breakdown --------------------------------------------------
  const one = new Float32Array(plane)
  const decodeStart = performance.now()
  for (const p of images) await imageToTensor(p, CLASSIFIER_INPUT, one)
  const decodeRate = images.length / ((performance.now() - decodeStart) / 1000)

  const line = (ts: Trial[]) =>
    `best ${best(ts).toFixed(1)} images/s (${(1000 / best(ts)).toFixed(1)} ms/image), median ${median(ts).toFixed(1)}, ` +
    `${medianCpu(ts).toFixed(1)} CPU ms/image`
  console.log(`mobilenetv2-12-int8, ${images.length} images (${photos.length} real photos x ${rounds}), batch ${batch}, ${threads} intra-op threads, provider ${provider}, ${trials} trials`)
  console.log(`  PhotoHouse classify pipeline   : ${line(pipelineTrials)}`)
  console.log(`  bare session.run (same tensors): ${line(bareTrials)}`)
  console.log(`  decode+resize alone            : ${decodeRate.toFixed(1)} images/s (one image at a time, in-process)`)
  console.log(`  ratio pipeline / bare session.run: ${(best(pipelineTrials) / best(bareTrials)).toFixed(3)} (best), ${(median(pipelineTrials) / median(bareTrials)).toFixed(3)} (median)`)
  console.log(`  trials (pipeline/bare images/s): ${pipelineTrials.map((p, i) => `${p.imagesPerSecond.toFixed(0)}/${bareTrials[i]!.imagesPerSecond.toFixed(0)}`).join(' ')}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
