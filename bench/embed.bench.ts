/**
 * Embedding throughput: the tags and CLIP stages of an import beside bare onnxruntime session.run
 * loops on the same input tensors, in the same run. Two sections:
 *
 *  - classifier: host.classify (host -> worker process: input to tensor, session.run on an
 *    inference lane, softmax, hypernym tags, pooled features, IPC back) with the real
 *    mobilenetv2-12-int8.
 *  - clip-cost: host.clipImage, the call asset.clip makes (worker: CLIP preprocessing, session.run on
 *    a lane, L2 normalisation, IPC back), with a GENERATED encoder with random weights sized like CLIP
 *    ViT-B/32's image encoder (src/main/ml/clip/test-support/clip-cost-encoder), installed for the
 *    run as clip-vit-b32-visual in a temp models folder. No CLIP weights exist on this machine; the
 *    section measures the pipeline's overhead at CLIP's cost, never CLIP's quality.
 *
 * Each section runs the pipeline two ways:
 *  - as an import runs: the thumbnail stage prepares the model input from the pixels it decoded
 *    (prepareClassifierInput / prepareClipInput — counted here), leaves it in the input store (a
 *    small file), the stage takes it, and its file is deleted after inference — all counted;
 *  - from the grid thumbnail file, as a stage runs without a prepared input (re-analysis after a
 *    model switch, a restart mid-import): the worker decodes the thumbnail.
 * and bare yardsticks on the tensors the prepared inputs give: one session.run loop with one session
 * of --threads threads (onnxruntime's default options, and the worker's), and loops side by side in
 * threads, laid out as the inference lanes (defaultLaneLayout), all with the model as shipped on
 * float tensors normalised beforehand; for the classifier also the loop on the graph as the worker
 * runs it (classifierGraphAsRun: the normalisation moved into the graph) fed the inputs' RGB bytes.
 * Ratios are given against the fastest of them and against the single loop.
 *
 *   npm run bench:embed
 *   options: --model all|classifier|clip-cost (default all)
 *            --rounds 30  --batch 8  --threads 2  --trials 5   (classifier)
 *            --clip-rounds 8  --clip-concurrency 8    (clip-cost; concurrency = the task runner's
 *            tags/CLIP lane, so as many asset.clip calls wait at once as in an import)
 *            (PHOTOHOUSE_MODELS_DIR: where mobilenetv2-12-int8 is)
 *
 * Images: the real photos the tests use (skimage + opencv-doc), cycled, made into thumbnails by the
 * real thumbnail stage (grid thumbnails 256 px high). The worker keeps no decode cache, so every
 * cycle decodes every file again.
 *
 * The sides run alternately `trials` times; each line gives the best and the median trial, so a
 * burst of load from other processes on a small machine does not decide the ratio. CPU ms/image
 * (all threads of the processes doing the work) says how much of the machine each side needs,
 * whatever the load was.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { hashFile, makeThumbnails } from '../src/main/ingest'
import {
  createInferenceHost,
  createModelManager,
  DEFAULT_INFERENCE_BATCH,
  defaultResourcesDir,
  loadManifest,
  prepareClassifierInput,
  prepareClipInput,
  type ModelManifest,
  type ModelSpec,
  type PreparedImage,
  type PreparedPixels,
  type UprightImage,
} from '../src/main/ml'
import { ModelInputCache } from '../src/main/analysis/model-input-cache'
import { CLIP_VIT_B32_PREPROCESS, preprocessClipImage } from '../src/main/ml/clip'
import { CLIP_COST_ENCODER_SHAPE, clipCostEncoderMacs, writeClipCostEncoder } from '../src/main/ml/clip/test-support/clip-cost-encoder'
import { REAL_PHOTOS, sharedModelsDir } from '../src/main/ml/testing/models-dir'
import { bareParallelSessionRunRate, bareSessionRunRate } from '../src/main/ml/worker/bare-run'
import { defaultLaneLayout } from '../src/main/ml/worker/lanes'
import { CLASSIFIER_INPUT, classifierGraphAsRun } from '../src/main/ml/worker/classify'
import { writePreparedPixels } from '../src/main/ml/worker/image-tensor'
import { imageToRgbInput } from '../src/main/ml/worker/preprocess'

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('npm run bench:embed [-- --model all|classifier|clip-cost --rounds 30 --batch 8 --threads 2 --trials 5 --clip-rounds 8 --clip-concurrency 8]')
  process.exit(0)
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`)
  return value
}

const rounds = arg('rounds', 30)
const batch = arg('batch', 8)
const threads = arg('threads', 2)
const trials = arg('trials', 5)
const clipRounds = arg('clip-rounds', 8)
// As many asset.clip calls wait at once as the task runner's tags/CLIP lane runs (app.ts).
const clipConcurrency = arg('clip-concurrency', DEFAULT_INFERENCE_BATCH)
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
/** Other work on a small machine moves every figure: each section says what the load was. */
const loadLine = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min) on ${cpus().length} cores`

const work = mkdtempSync(path.join(tmpdir(), 'photohouse-bench-embed-'))
/** Per photo: its grid thumbnail file, and the upright pixels the thumbnail stage decoded it to. */
const photos: { grid: string; upright: UprightImage[] }[] = []
for (const original of Object.values(REAL_PHOTOS)) {
  const { sha256 } = await hashFile(original)
  const made = await makeThumbnails({ path: original, sha256, cacheDir: work, keepPixels: true })
  if (!made.upright) throw new Error(`${original}: the thumbnail stage kept no pixels`)
  photos.push({ grid: made.gridPath, upright: made.upright })
}
const photoCount = photos.length

/**
 * What keeping the pixels costs the thumbnail stage itself (the grid is resized to raw pixels, then
 * encoded, instead of both in one sharp call): the thumbnail stage on the same photos both ways,
 * in fresh cache folders (existing thumbnails are not made again).
 */
async function thumbnailStageCost(): Promise<void> {
  const sources = await Promise.all(Object.values(REAL_PHOTOS).map(async (p) => ({ p, sha256: (await hashFile(p)).sha256 })))
  const cpu: Record<'plain' | 'kept', number[]> = { plain: [], kept: [] }
  for (let r = 0; r < 3; r++) {
    for (const keepPixels of [false, true]) {
      const dir = mkdtempSync(path.join(work, 'thumbs-'))
      const cpu0 = ownCpuSeconds()
      for (const { p, sha256 } of sources) await makeThumbnails({ path: p, sha256, cacheDir: dir, keepPixels })
      cpu[keepPixels ? 'kept' : 'plain'].push((1000 * (ownCpuSeconds() - cpu0)) / sources.length)
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  console.log(
    `thumbnail stage, ${sources.length} real photos x 3: ${med(cpu.kept).toFixed(1)} CPU ms/photo keeping its pixels for the model inputs, ` +
      `${med(cpu.plain).toFixed(1)} without (medians)`,
  )
}

/**
 * As an import hands a prepared input from the thumbnail stage to an AI stage: written to the
 * store, taken, used, its file deleted — all of it counted in the pipeline's figures.
 */
const inputs = new ModelInputCache({ dir: path.join(work, 'model-inputs'), maxBytes: 1 << 30 })
let nextKey = 0
async function viaStore<T>(pixels: Promise<PreparedPixels>, infer: (image: PreparedImage) => Promise<T>): Promise<T> {
  const key = String(nextKey++)
  if (!inputs.put(key, await pixels)) throw new Error('the input store refused an input')
  const image = inputs.take(key)!
  try {
    return await infer(image)
  } finally {
    inputs.release(image)
  }
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

/** Images/s and CPU ms/image of `run` over `count` images, counting this process and the worker's. */
async function measure(count: number, workerPid: number, run: () => Promise<unknown>): Promise<Trial> {
  const cpu0 = ownCpuSeconds() + processCpuSeconds(workerPid)
  const start = performance.now()
  await run()
  const seconds = (performance.now() - start) / 1000
  const cpu = ownCpuSeconds() + processCpuSeconds(workerPid) - cpu0
  return { imagesPerSecond: count / seconds, cpuMsPerImage: (1000 * cpu) / count }
}

const layout = defaultLaneLayout()
const layoutText = `${layout.lanes} inference lane${layout.lanes === 1 ? '' : 's'} x ${layout.threadsPerLane} intra-op thread${layout.threadsPerLane === 1 ? '' : 's'}`

interface BareTrial {
  /** One session.run loop, one session of --threads threads: onnxruntime defaults, then the worker's session options. */
  loopDefaults: Trial
  loopWorker: Trial
  /** Loops side by side as the inference lanes are laid out (lanes x threads per lane). */
  lanes: Trial
  /**
   * Classifier only: the loop with onnxruntime defaults on the graph as the worker runs it
   * (classifierGraphAsRun: it normalises its RGB-byte input itself), fed those bytes.
   */
  asRun?: Trial
}
const fastest = (b: BareTrial): Trial =>
  [b.loopDefaults, b.loopWorker, b.lanes, ...(b.asRun ? [b.asRun] : [])].reduce((a, c) => (a.imagesPerSecond >= c.imagesPerSecond ? a : c))
const fasterLoop = (b: BareTrial): Trial => (b.loopDefaults.imagesPerSecond >= b.loopWorker.imagesPerSecond ? b.loopDefaults : b.loopWorker)

type Batches = { data: Float32Array | Uint8Array; n: number }[]

async function bareYardsticks(modelPath: string, batches: Batches, size: number, loopRounds: number, asRun?: { modelPath: string; batches: Batches }): Promise<BareTrial> {
  const asTrial = (b: { imagesPerSecond: number; images: number; cpuSeconds: number }): Trial => ({
    imagesPerSecond: b.imagesPerSecond,
    cpuMsPerImage: (1000 * b.cpuSeconds) / b.images,
  })
  const loop = (session: 'defaults' | 'worker') => bareSessionRunRate({ modelPath, batches, size, intraOpThreads: threads, rounds: loopRounds, session })
  return {
    loopDefaults: asTrial(await loop('defaults')),
    loopWorker: asTrial(await loop('worker')),
    lanes: asTrial(
      await bareParallelSessionRunRate({
        modelPath,
        batches,
        size,
        sessions: layout.lanes,
        intraOpThreads: layout.threadsPerLane,
        rounds: Math.max(1, Math.round(loopRounds / layout.lanes)),
      }),
    ),
    ...(asRun ? { asRun: asTrial(await bareSessionRunRate({ ...asRun, size, intraOpThreads: threads, rounds: loopRounds, session: 'defaults' })) } : {}),
  }
}

function printBare(bare: BareTrial[]): void {
  console.log(`  bare session.run loop, 1 session x ${threads} threads, onnxruntime default options: ${line(bare.map((b) => b.loopDefaults))}`)
  console.log(`  bare session.run loop, 1 session x ${threads} threads, the worker's session options: ${line(bare.map((b) => b.loopWorker))}`)
  console.log(`  bare session.run loops side by side, ${layoutText} (the pipeline's layout): ${line(bare.map((b) => b.lanes))}`)
  const asRun = bare.flatMap((b) => (b.asRun ? [b.asRun] : []))
  if (asRun.length > 0) {
    console.log(`  bare session.run loop, 1 session x ${threads} threads, defaults, the graph as the worker runs it (normalising RGB-byte input): ${line(asRun)}`)
  }
}

function printRatios(prepared: Trial[], file: Trial[], bare: BareTrial[], digits: number): void {
  const best = bare.map(fastest)
  console.log(`  ratio pipeline / fastest bare: ${ratioLine(prepared, best)}   (as an import runs: inputs prepared)`)
  console.log(`  ratio pipeline / fastest bare: ${ratioLine(file, best)}   (inputs decoded from the grid thumbnail)`)
  console.log(`  ratio pipeline / bare session.run loop (1 session x ${threads} threads): ${ratioLine(prepared, bare.map(fasterLoop))}   (inputs prepared)`)
  const trialText = prepared.map((p, i) => `${p.imagesPerSecond.toFixed(digits)}/${file[i]!.imagesPerSecond.toFixed(digits)}/${best[i]!.imagesPerSecond.toFixed(digits)}`)
  console.log(`  trials (prepared/file/fastest bare images/s): ${trialText.join(' ')}`)
}

interface SectionTrials {
  prepared: Trial[]
  file: Trial[]
  bare: BareTrial[]
}

/**
 * The three sides of a section, alternately `trials` times: the pipeline as an import runs it
 * (inputs prepared by the thumbnail stage), the pipeline from thumbnail files (a stage without a
 * prepared input: re-analysis after a model switch, a restart mid-import), and the bare yardsticks.
 */
async function alternate(count: number, workerPid: () => number, sides: { prepared(): Promise<unknown>; file(): Promise<unknown>; bare(): Promise<BareTrial> }): Promise<SectionTrials> {
  const out: SectionTrials = { prepared: [], file: [], bare: [] }
  for (let t = 0; t < trials; t++) {
    out.prepared.push(await measure(count, workerPid(), sides.prepared))
    out.file.push(await measure(count, workerPid(), sides.file))
    out.bare.push(await sides.bare())
  }
  return out
}

async function classifierSection(): Promise<void> {
  const models = createModelManager({ userModelsDir: work, env: { PHOTOHOUSE_MODELS_DIR: sharedModelsDir(), ...process.env } })
  const host = createInferenceHost({ models, batchSize: batch, intraOpThreads: threads })
  const images = Array.from({ length: rounds }, () => photos).flat()
  // Warm-up, one untimed pass each way: worker start, session, and the JIT/wasm tier-up a long import amortises.
  await Promise.all(images.map((p) => host.classify(p.grid)))
  await Promise.all(images.map((p) => viaStore(prepareClassifierInput(p.upright, p.grid), (image) => host.classify(image))))
  let provider: string | undefined

  // --- the bare yardstick: onnxruntime on the same inputs, preprocessed once ---------------------
  // The model as shipped, on float tensors normalised here (the worker runs it patched to normalise
  // the crop's bytes itself, see withRgbBytesInput: that work is the pipeline's).
  const plane = 3 * CLASSIFIER_INPUT.width * CLASSIFIER_INPUT.height
  const batches: { data: Float32Array; n: number }[] = []
  // The same inputs as bytes, as the worker feeds the graph it runs (classifierGraphAsRun).
  const byteBatches: { data: Uint8Array; n: number }[] = []
  for (let i = 0; i < photos.length; i += batch) {
    const group = photos.slice(i, i + batch)
    const data = new Float32Array(plane * group.length)
    const bytes = new Uint8Array(plane * group.length)
    await Promise.all(
      group.map((p, j) =>
        viaStore(prepareClassifierInput(p.upright, p.grid), async (image) => {
          await imageToRgbInput(image, CLASSIFIER_INPUT, bytes, j * plane)
          const rgb = bytes.subarray(j * plane, (j + 1) * plane)
          writePreparedPixels({ rgb, width: CLASSIFIER_INPUT.width, height: CLASSIFIER_INPUT.height, source: p.grid }, CLASSIFIER_INPUT, data, j * plane)
        }),
      ),
    )
    batches.push({ data, n: group.length })
    byteBatches.push({ data: bytes, n: group.length })
  }
  const modelPath = (await models.requireVerified('mobilenetv2-12-int8')).files['mobilenetv2-12-int8.onnx'] ?? ''
  const asRunPath = path.join(work, 'classifier-as-run.onnx')
  writeFileSync(asRunPath, classifierGraphAsRun(readFileSync(modelPath), modelPath).bytes)

  // As an import runs, the thumbnail stage prepares each input from the pixels it decoded (that
  // resize + crop is counted here) and asset.tags hands it to host.classify.
  const { prepared: preparedTrials, file: fileTrials, bare: bareTrials } = await alternate(images.length, () => host.workerPid ?? 0, {
    prepared: async () => {
      const outs = await Promise.all(images.map((p) => viaStore(prepareClassifierInput(p.upright, p.grid), (image) => host.classify(image))))
      provider = outs[0]?.provider
    },
    file: () => Promise.all(images.map((p) => host.classify(p.grid))),
    bare: () => bareYardsticks(modelPath, batches, CLASSIFIER_INPUT.width, rounds, { modelPath: asRunPath, batches: byteBatches }),
  })
  await host.close()

  // --- the preprocessing alone, for the breakdown ------------------------------------------------
  const one = new Uint8Array(plane)
  const perImageCpuMs = async (fn: (p: (typeof photos)[number]) => Promise<unknown>) => {
    const cpu0 = ownCpuSeconds()
    for (const p of images) await fn(p)
    return (1000 * (ownCpuSeconds() - cpu0)) / images.length
  }
  const prepareCpuMs = await perImageCpuMs((p) => prepareClassifierInput(p.upright, p.grid))
  const decodeCpuMs = await perImageCpuMs((p) => imageToRgbInput(p.grid, CLASSIFIER_INPUT, one))

  console.log(`mobilenetv2-12-int8, ${images.length} images (${photoCount} real photos x ${rounds}), batch ${batch}, ${layoutText}, provider ${provider}, ${trials} trials`)
  console.log(`  PhotoHouse, inputs prepared by the thumbnail stage: ${line(preparedTrials)}`)
  console.log(`  PhotoHouse, inputs decoded from the grid thumbnail: ${line(fileTrials)}`)
  printBare(bareTrials)
  console.log(`  preparing an input from the decoded pixels: ${prepareCpuMs.toFixed(2)} CPU ms/image; decoding the grid thumbnail instead: ${decodeCpuMs.toFixed(2)} (one at a time, in-process)`)
  printRatios(preparedTrials, fileTrials, bareTrials, 0)
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
    await inLanes(photos, clipConcurrency, (p) => host.clipImage(visual.id, [p.grid]))
    await inLanes(photos, clipConcurrency, (p) => viaStore(prepareClipInput(p.upright, p.grid), (image) => host.clipImage(visual.id, [image])))
    let provider: string | undefined

    // The bare yardstick: the same inputs through the same preprocessing, done once.
    const size224 = CLIP_VIT_B32_PREPROCESS.crop.width
    const batches = await Promise.all(
      photos.map(async (p) => ({ data: await preprocessClipImage(await prepareClipInput(p.upright, p.grid), CLIP_VIT_B32_PREPROCESS), n: 1 })),
    )

    const checked = (out: Awaited<ReturnType<typeof host.clipImage>>) => {
      if (out.vectors[0]?.length !== CLIP_COST_ENCODER_SHAPE.output[1]) throw new Error('no 512-d vector came back')
      provider = out.provider
    }
    // As an import runs, the thumbnail stage prepares each input (counted here) and asset.clip makes
    // one host.clipImage call per image, as many at once as the task runner's tags/CLIP lane.
    const { prepared: pipelineTrials, file: fileTrials, bare: bareTrials } = await alternate(images.length, () => host.workerPid ?? 0, {
      prepared: () =>
        inLanes(images, clipConcurrency, async (p) => checked(await viaStore(prepareClipInput(p.upright, p.grid), (image) => host.clipImage(visual.id, [image])))),
      file: () => inLanes(images, clipConcurrency, async (p) => checked(await host.clipImage(visual.id, [p.grid]))),
      bare: () => bareYardsticks(modelPath, batches, size224, clipRounds),
    })

    const prepareCpu0 = ownCpuSeconds()
    for (const p of images) await prepareClipInput(p.upright, p.grid)
    const prepareCpuMs = (1000 * (ownCpuSeconds() - prepareCpu0)) / images.length
    const preprocessCpu0 = ownCpuSeconds()
    const preprocessStart = performance.now()
    for (const p of images) await preprocessClipImage(p.grid, CLIP_VIT_B32_PREPROCESS)
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
      `  ${images.length} images (${photoCount} real photos x ${clipRounds}), batch 1 (fixed, as the OpenCLIP export), ` +
        `${clipConcurrency} asset.clip calls at once, ${layoutText}, provider ${provider}, ${trials} trials`,
    )
    console.log(`  PhotoHouse, inputs prepared by the thumbnail stage: ${line(pipelineTrials)}`)
    console.log(`  PhotoHouse, inputs decoded from the grid thumbnail: ${line(fileTrials)}`)
    printBare(bareTrials)
    console.log(
      `  preparing an input from the decoded pixels: ${prepareCpuMs.toFixed(2)} CPU ms/image; CLIP preprocessing of the grid thumbnail instead: ` +
        `${preprocessMs.toFixed(1)} ms/image, ${preprocessCpuMs.toFixed(1)} CPU ms/image (one image at a time, in-process)`,
    )
    printRatios(pipelineTrials, fileTrials, bareTrials, 1)
    console.log(`  ${loadLine()}`)
  } finally {
    await host.close()
  }
}

try {
  await thumbnailStageCost()
  if (sections !== 'clip-cost') await classifierSection()
  if (sections !== 'classifier') await clipCostSection()
} finally {
  rmSync(work, { recursive: true, force: true })
}
