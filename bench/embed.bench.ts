/**
 * Embedding throughput: the whole PhotoHouse pipeline beside a bare onnxruntime session.run loop on
 * the same images already preprocessed, in the same run. Two sections:
 *
 *  - classifier: host.classify (host -> worker process: decode + resize, session.run, softmax,
 *    hypernym tags, pooled features, IPC back) with the real mobilenetv2-12-int8.
 *  - clip-cost: host.clipImage, the call asset.clip makes (worker: CLIP preprocessing, session.run,
 *    L2 normalisation, IPC back), with a GENERATED encoder with random weights sized like CLIP
 *    ViT-B/32's image encoder (src/main/ml/clip/test-support/clip-cost-encoder), installed for the
 *    run as clip-vit-b32-visual in a temp models folder. No CLIP weights exist on this machine; the
 *    section measures the pipeline's overhead at CLIP's cost, never CLIP's quality.
 *
 *   npm run bench:embed
 *   options: --model all|classifier|clip-cost (default all)
 *            --rounds 10  --batch 8  --threads 2  --trials 3   (classifier)
 *            --clip-rounds 4  --clip-concurrency <cores>        (clip-cost; concurrency = the task
 *            runner's default, os.cpus().length, so as many asset.clip calls wait at once as in an import)
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
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { hashFile, makeThumbnails } from '../src/main/ingest'
import { createInferenceHost, createModelManager, defaultResourcesDir, loadManifest, type ModelManifest, type ModelSpec } from '../src/main/ml'
import { CLIP_VIT_B32_PREPROCESS, preprocessClipImage } from '../src/main/ml/clip'
import { CLIP_COST_ENCODER_SHAPE, clipCostEncoderMacs, writeClipCostEncoder } from '../src/main/ml/clip/test-support/clip-cost-encoder'
import { REAL_PHOTOS, sharedModelsDir } from '../src/main/ml/testing/models-dir'
import { bareSessionRunRate } from '../src/main/ml/worker/bare-run'
import { CLASSIFIER_INPUT } from '../src/main/ml/worker/classify'
import { imageToTensor } from '../src/main/ml/worker/preprocess'

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('npm run bench:embed [-- --model all|classifier|clip-cost --rounds 10 --batch 8 --threads 2 --trials 3 --clip-rounds 4 --clip-concurrency N]')
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
const clipRounds = arg('clip-rounds', 4)
const clipConcurrency = arg('clip-concurrency', cpus().length)
const modelArg = process.argv.indexOf('--model')
const sections = modelArg >= 0 ? process.argv[modelArg + 1] : 'all'
if (sections !== 'all' && sections !== 'classifier' && sections !== 'clip-cost') {
  throw new Error('--model must be all, classifier or clip-cost')
}

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
const line = (ts: Trial[]) =>
  `best ${best(ts).toFixed(1)} images/s (${(1000 / best(ts)).toFixed(1)} ms/image), median ${median(ts).toFixed(1)}, ` +
  `${medianCpu(ts).toFixed(1)} CPU ms/image`
const ratioLine = (pipeline: Trial[], bare: Trial[]) =>
  `${(best(pipeline) / best(bare)).toFixed(3)} (best), ${(median(pipeline) / median(bare)).toFixed(3)} (median)`
const trialsLine = (pipeline: Trial[], bare: Trial[], digits: number) =>
  pipeline.map((p, i) => `${p.imagesPerSecond.toFixed(digits)}/${bare[i]!.imagesPerSecond.toFixed(digits)}`).join(' ')
/** Other work on a small machine moves every figure: each section says what the load was. */
const loadLine = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min) on ${cpus().length} cores`

const work = mkdtempSync(path.join(tmpdir(), 'photohouse-bench-embed-'))
const photos: string[] = []
for (const original of Object.values(REAL_PHOTOS)) {
  const { sha256 } = await hashFile(original)
  photos.push((await makeThumbnails({ path: original, sha256, cacheDir: work })).gridPath)
}

/** Runs fn over items with `lanes` calls outstanding at once, like the task runner's workers. */
async function inLanes<T>(items: T[], lanes: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await fn(items[next++]!)
    }),
  )
}

async function classifierSection(): Promise<void> {
  const models = createModelManager({ userModelsDir: work, env: { PHOTOHOUSE_MODELS_DIR: sharedModelsDir(), ...process.env } })
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

    // Both session setups, one after the other (see bareSessionRunRate); the ratio is taken against the faster one.
    const bares: Trial[] = []
    for (const session of ['defaults', 'worker'] as const) {
      const bare = await bareSessionRunRate({ modelPath, batches, size: CLASSIFIER_INPUT.width, intraOpThreads: threads, rounds, session })
      bares.push({ imagesPerSecond: bare.imagesPerSecond, cpuMsPerImage: (1000 * bare.cpuSeconds) / bare.images })
    }
    bareTrials.push(bares.reduce((a, b) => (a.imagesPerSecond >= b.imagesPerSecond ? a : b)))
  }
  await host.close()

  // --- preprocessing alone, for the breakdown --------------------------------------------------
  const one = new Float32Array(plane)
  const decodeStart = performance.now()
  for (const p of images) await imageToTensor(p, CLASSIFIER_INPUT, one)
  const decodeRate = images.length / ((performance.now() - decodeStart) / 1000)

  console.log(`mobilenetv2-12-int8, ${images.length} images (${photos.length} real photos x ${rounds}), batch ${batch}, ${threads} intra-op threads, provider ${provider}, ${trials} trials`)
  console.log(`  PhotoHouse classify pipeline   : ${line(pipelineTrials)}`)
  console.log(`  bare session.run (same tensors): ${line(bareTrials)}`)
  console.log(`  decode+resize alone            : ${decodeRate.toFixed(1)} images/s (one image at a time, in-process)`)
  console.log(`  ratio pipeline / bare session.run: ${ratioLine(pipelineTrials, bareTrials)}`)
  console.log(`  trials (pipeline/bare images/s): ${trialsLine(pipelineTrials, bareTrials, 0)}`)
  console.log(`  ${loadLine()}`)
}

/** The worker embeds with CLIP_VIT_B32_PREPROCESS; refuse to measure if the manifest says otherwise. */
function checkManifestPreprocessing(spec: ModelSpec): void {
  const input = spec.input
  const p = CLIP_VIT_B32_PREPROCESS
  const same = (a: readonly number[] | undefined, b: readonly number[]) => a?.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < 1e-9)
  const agrees =
    input?.name === CLIP_COST_ENCODER_SHAPE.inputName &&
    same(input.size as number[] | undefined, [p.crop.width, p.crop.height]) &&
    input.resize === 'shorter-side' &&
    input.resizeTo === p.shortestEdge &&
    input.interpolation === 'bicubic' &&
    p.kernel === 'cubic' &&
    input.crop === 'center' &&
    same([input.scale ?? NaN], [p.rescaleFactor]) &&
    same(input.mean, p.mean) &&
    same(input.std, p.std)
  if (!agrees) throw new Error(`manifest entry ${spec.id} no longer matches the worker's CLIP preprocessing; update this bench`)
}

async function clipCostSection(): Promise<void> {
  // Installed for this run only, as the tests install their generated encoders: a temp models
  // folder and a manifest whose clip-vit-b32-visual entry names the generated file's sha256.
  const base = loadManifest(defaultResourcesDir())
  const visual = base.models.find((m) => m.id === 'clip-vit-b32-visual')
  if (!visual) throw new Error('the manifest has no clip-vit-b32-visual entry')
  checkManifestPreprocessing(visual)
  const modelsDir = path.join(work, 'clip-cost-models')
  const file = visual.files[0]?.name ?? 'visual_quant.onnx'
  const modelPath = path.join(modelsDir, visual.id, file)
  mkdirSync(path.dirname(modelPath), { recursive: true })
  const generateStart = performance.now()
  await writeClipCostEncoder(modelPath, { seed: 20240601 })
  const generateSeconds = (performance.now() - generateStart) / 1000
  const size = statSync(modelPath).size
  const sha256 = createHash('sha256').update(readFileSync(modelPath)).digest('hex')
  const manifest: ModelManifest = {
    ...base,
    models: base.models.map((m) => (m.id === visual.id ? { ...m, version: 'generated-clip-cost-random-weights', files: [{ name: file, size, sha256 }] } : m)),
  }
  // env {}: only the temp folder (and resources/) is searched, never a real CLIP copy.
  const models = createModelManager({ userModelsDir: modelsDir, env: {}, manifest })
  const host = createInferenceHost({ models, intraOpThreads: threads })
  const images = Array.from({ length: clipRounds }, () => photos).flat()
  try {
    // Warm-up: worker start, session creation, first runs.
    await inLanes(photos, clipConcurrency, (p) => host.clipImage(visual.id, [p]))
    let provider: string | undefined

    // The bare yardstick: the same grid thumbnails through the same preprocessing, done once.
    const size224 = CLIP_VIT_B32_PREPROCESS.crop.width
    const batches = await Promise.all(photos.map(async (p) => ({ data: await preprocessClipImage(p, CLIP_VIT_B32_PREPROCESS), n: 1 })))

    const pipelineTrials: Trial[] = []
    const bareTrials: Trial[] = []
    const bareDefaultTrials: Trial[] = []
    const bareWorkerTrials: Trial[] = []
    for (let t = 0; t < trials; t++) {
      // PhotoHouse pipeline: one host.clipImage call per image, as asset.clip makes them.
      const workerPid = host.workerPid ?? 0
      const cpu0 = ownCpuSeconds() + processCpuSeconds(workerPid)
      const start = performance.now()
      await inLanes(images, clipConcurrency, async (p) => {
        const out = await host.clipImage(visual.id, [p])
        if (out.vectors[0]?.length !== CLIP_COST_ENCODER_SHAPE.output[1]) throw new Error('no 512-d vector came back')
        provider = out.provider
      })
      const seconds = (performance.now() - start) / 1000
      const cpu = ownCpuSeconds() + processCpuSeconds(workerPid) - cpu0
      pipelineTrials.push({ imagesPerSecond: images.length / seconds, cpuMsPerImage: (1000 * cpu) / images.length })

      // Two bare loops: onnxruntime's default session options (as the classifier section) and the
      // worker's own (pool threads sleep, no spinning). The ratio is taken against the faster one.
      const asTrial = (b: { imagesPerSecond: number; images: number; cpuSeconds: number }): Trial => ({
        imagesPerSecond: b.imagesPerSecond,
        cpuMsPerImage: (1000 * b.cpuSeconds) / b.images,
      })
      const defaults = asTrial(await bareSessionRunRate({ modelPath, batches, size: size224, intraOpThreads: threads, rounds: clipRounds }))
      const workerOptions = asTrial(await bareSessionRunRate({ modelPath, batches, size: size224, intraOpThreads: threads, rounds: clipRounds, session: 'worker' }))
      bareDefaultTrials.push(defaults)
      bareWorkerTrials.push(workerOptions)
      bareTrials.push(defaults.imagesPerSecond >= workerOptions.imagesPerSecond ? defaults : workerOptions)
    }

    const preprocessCpu0 = ownCpuSeconds()
    const preprocessStart = performance.now()
    for (const p of images) await preprocessClipImage(p, CLIP_VIT_B32_PREPROCESS)
    const preprocessMs = (performance.now() - preprocessStart) / images.length
    const preprocessCpuMs = (1000 * (ownCpuSeconds() - preprocessCpu0)) / images.length

    console.log('clip-cost: GENERATED encoder with random weights, sized like CLIP ViT-B/32\'s image encoder: measures the pipeline\'s overhead at CLIP\'s cost, not CLIP\'s quality')
    console.log(
      `  encoder: ${(clipCostEncoderMacs() / 1e9).toFixed(2)} G multiply-adds/image (ViT-B/32 image encoder: ~4.4 G), ` +
        `${(size / 1e6).toFixed(0)} MB (real int8 export ~${((visual.files[0]?.approxSize ?? 0) / 1e6).toFixed(0)} MB); ` +
        'linear layers int8 as quantize_dynamic writes them (DynamicQuantizeLinear + MatMulInteger), patch Conv and attention products float32; ' +
        `generated in ${generateSeconds.toFixed(1)} s, deleted after the run`,
    )
    console.log(
      `  ${images.length} images (${photos.length} real photos' grid thumbnails x ${clipRounds}), batch 1 (fixed, as the OpenCLIP export), ` +
        `${clipConcurrency} asset.clip calls at once, ${threads} intra-op threads, provider ${provider}, ${trials} trials`,
    )
    console.log(`  PhotoHouse clipImage pipeline  : ${line(pipelineTrials)}`)
    console.log(`  bare session.run (same tensors), onnxruntime default options: ${line(bareDefaultTrials)}`)
    console.log(`  bare session.run (same tensors), the worker's session options: ${line(bareWorkerTrials)}`)
    console.log(`  bare session.run, the faster of the two per trial: ${line(bareTrials)}`)
    console.log(`  CLIP preprocessing alone       : ${preprocessMs.toFixed(1)} ms/image, ${preprocessCpuMs.toFixed(1)} CPU ms/image (one image at a time, in-process)`)
    console.log(`  ratio pipeline / faster bare session.run: ${ratioLine(pipelineTrials, bareTrials)}`)
    console.log(`  trials (pipeline/faster bare images/s): ${trialsLine(pipelineTrials, bareTrials, 1)}`)
    console.log(`  ${loadLine()}`)
  } finally {
    await host.close()
  }
}

try {
  if (sections !== 'clip-cost') await classifierSection()
  if (sections !== 'classifier') await clipCostSection()
} finally {
  rmSync(work, { recursive: true, force: true })
}
