// The classifier in the worker: a batch of images (files or prepared inputs) -> tags + features, one
// session.run per batch.
import { readFile } from 'node:fs/promises'
import ort from 'onnxruntime-node'
import { l2Normalize, loadHypernymTable, softmax, tagsFromProbabilities, type HypernymTable } from '../tags/imagenet-tags'
import { addPooledFeaturesOutput, decodeModel, encodeModel, inputNormalisation, POOLED_FEATURES_OUTPUT, RGB_BYTES_INPUT, replaceInputWithRgbBytes } from './onnx-graph'
import { CLASSIFIER_INPUT } from './image-tensor'
import { imageToRgbInput } from './preprocess'
import type { ClassifierTag, ClassifyItem, ClassifyParams, ClassifyResult, ModelRef } from './protocol'
import type { RunnableSession, SessionSource } from './sessions'
import { SharedTensorBuffers, UINT8_ELEMENTS } from './tensor-buffers'

/** The classify model's files (ONNX Model Zoo MobileNetV2, see its SOURCE.md); its preprocessing is CLASSIFIER_INPUT. */
export const CLASSIFIER_FILES = { graph: 'mobilenetv2-12-int8.onnx', labels: 'imagenet-simple-labels.json' } as const
export { CLASSIFIER_INPUT }
const INPUT_NAME = 'input'
const LOGITS_NAME = 'output'
const CLASSES = 1000
/** Bytes of one image's input: the 224 px crop as interleaved RGB (the graph normalises it, see classifierGraphAsRun). */
const PLANE = 3 * CLASSIFIER_INPUT.width * CLASSIFIER_INPUT.height

export interface ClassifierSession extends RunnableSession {
  /** Whether the pooled-features output could be added to the graph. */
  hasPooledFeatures: boolean
}

function fileOf(model: ModelRef, name: string): string {
  const p = model.files[name]
  if (!p) throw new Error(`Model "${model.id}" has no file ${name}`)
  return p
}

/**
 * The classifier graph as the worker runs it, patched in memory (the file on disk, whose sha256 is
 * verified, stays as shipped): its pooled features added as an output when it has a global pooling
 * to tap, and its input taking the crop's RGB bytes ([N, 224, 224, 3] uint8, fed as
 * RGB_BYTES_INPUT), normalised by the graph with CLASSIFIER_INPUT's scale, mean and std rather than
 * in JavaScript.
 */
export function classifierGraphAsRun(original: Uint8Array, source: string): { bytes: Uint8Array; hasPooledFeatures: boolean } {
  // One decode and one encode for both patches (each is ~50 ms of the worker's start on 3.6 MB).
  const model = decodeModel(original)
  const hasPooledFeatures = addPooledFeaturesOutput(model)
  if (!replaceInputWithRgbBytes(model, INPUT_NAME, inputNormalisation(CLASSIFIER_INPUT))) {
    throw new Error(`${source} has no float image input "${INPUT_NAME}" of shape [N, 3, H, W]`)
  }
  return { bytes: encodeModel(model), hasPooledFeatures }
}

export function createClassifier(pool: SessionSource) {
  const labelsByPath = new Map<string, Promise<string[]>>()
  const tablesByPath = new Map<string, HypernymTable>()
  const pooledFeatures = new Map<string, boolean>()
  const inputBuffers = new SharedTensorBuffers(UINT8_ELEMENTS)

  async function session(model: ModelRef): Promise<ClassifierSession> {
    const graph = fileOf(model, CLASSIFIER_FILES.graph)
    const s = await pool.get(`classify:${model.id}:${graph}`, async () => {
      const asRun = classifierGraphAsRun(await readFile(graph), graph)
      pooledFeatures.set(graph, asRun.hasPooledFeatures)
      return asRun.bytes
    })
    return { ...s, hasPooledFeatures: pooledFeatures.get(graph) ?? false }
  }

  function labels(model: ModelRef): Promise<string[]> {
    const file = fileOf(model, CLASSIFIER_FILES.labels)
    let p = labelsByPath.get(file)
    if (!p) {
      p = readFile(file, 'utf8').then((text) => {
        const parsed = JSON.parse(text) as unknown
        if (!Array.isArray(parsed) || parsed.length !== CLASSES) throw new Error(`${file}: expected ${CLASSES} labels`)
        return parsed.map(String)
      })
      labelsByPath.set(file, p)
    }
    return p
  }

  function table(file: string): HypernymTable {
    let t = tablesByPath.get(file)
    if (!t) {
      t = loadHypernymTable(file)
      tablesByPath.set(file, t)
    }
    return t
  }

  /**
   * Preprocesses every image (in parallel), runs the decodable ones as one batch on an inference
   * lane. Decoding happens off this thread (the WebP decode thread for grid thumbnails, libuv's pool
   * for sharp): with the host keeping several batches here, the next batches are made while the
   * lanes run the current ones. A prepared input is only read into the batch, here (~0.03 ms).
   */
  async function classify(params: ClassifyParams): Promise<ClassifyResult> {
    const [s, names] = await Promise.all([session(params.model), labels(params.model)])
    const hypernyms = table(params.hypernymsPath)
    // Shared memory: the WebP decode thread writes each image's crop straight into the batch, a lane
    // reads it from there; given back when this batch has run.
    const pixels = inputBuffers.acquire(PLANE * params.images.length)
    try {
      return await classifyInto(pixels, params.images, s, (probs) => tagsFromProbabilities(probs, names, hypernyms))
    } finally {
      inputBuffers.release(pixels)
    }
  }

  async function classifyInto(
    pixels: Uint8Array,
    images: ClassifyParams['images'],
    s: ClassifierSession,
    tagsOf: (probabilities: Float32Array) => ClassifierTag[],
  ): Promise<ClassifyResult> {
    const decoded = await Promise.allSettled(images.map((image, i) => imageToRgbInput(image, CLASSIFIER_INPUT, pixels, i * PLANE)))
    const good = decoded.flatMap((d, i) => (d.status === 'fulfilled' ? [i] : []))
    const items: ClassifyItem[] = decoded.map((d) =>
      d.status === 'rejected'
        ? { ok: false, error: { name: d.reason?.name ?? 'Error', message: String(d.reason?.message ?? d.reason), code: d.reason?.code } }
        : { ok: false, error: { name: 'Error', message: 'not run' } },
    )
    if (good.length === 0) return { provider: s.provider, items }

    // Compact the decodable images to the front of the batch.
    const batch = good.length === images.length ? pixels : new Uint8Array(PLANE * good.length)
    if (batch !== pixels) good.forEach((src, dst) => batch.set(pixels.subarray(src * PLANE, (src + 1) * PLANE), dst * PLANE))
    const input = new ort.Tensor('uint8', batch, [good.length, CLASSIFIER_INPUT.height, CLASSIFIER_INPUT.width, 3])
    const fetches = s.hasPooledFeatures ? [LOGITS_NAME, POOLED_FEATURES_OUTPUT] : [LOGITS_NAME]
    const out = await s.session.run({ [RGB_BYTES_INPUT]: input }, fetches)
    const logits = out[LOGITS_NAME]?.data as Float32Array
    const pooled = s.hasPooledFeatures ? (out[POOLED_FEATURES_OUTPUT]?.data as Float32Array) : undefined
    const featureSize = pooled ? pooled.length / good.length : CLASSES

    good.forEach((src, row) => {
      const probs = softmax(logits, row * CLASSES, CLASSES)
      const features = pooled
        ? l2Normalize(pooled.slice(row * featureSize, (row + 1) * featureSize))
        : l2Normalize(logits.slice(row * CLASSES, (row + 1) * CLASSES))
      items[src] = { ok: true, tags: tagsOf(probs), features, featureKind: pooled ? 'pooled' : 'logits' }
    })
    for (const t of Object.values(out)) t.dispose()
    input.dispose()
    return { provider: s.provider, items }
  }

  /**
   * Loads the model and runs `runs` one-image batches of a black image at once, so that every lane
   * (least-busy dispatch spreads them) has started, made its session and done its first run — the
   * costs the first batches of an import would otherwise pay while it makes thumbnails.
   */
  async function warm(model: ModelRef, runs: number): Promise<void> {
    const s = await session(model)
    const fetches = s.hasPooledFeatures ? [LOGITS_NAME, POOLED_FEATURES_OUTPUT] : [LOGITS_NAME]
    await Promise.all(
      Array.from({ length: Math.max(1, runs) }, async () => {
        const input = new ort.Tensor('uint8', new Uint8Array(PLANE), [1, CLASSIFIER_INPUT.height, CLASSIFIER_INPUT.width, 3])
        const out = await s.session.run({ [RGB_BYTES_INPUT]: input }, fetches)
        for (const t of Object.values(out)) t.dispose()
      }),
    )
  }

  return { classify, session, warm }
}
