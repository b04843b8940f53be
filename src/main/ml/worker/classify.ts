// The classifier in the worker: a batch of image paths -> tags + features, one session.run per batch.
import { readFile } from 'node:fs/promises'
import ort from 'onnxruntime-node'
import { l2Normalize, loadHypernymTable, softmax, tagsFromProbabilities, type HypernymTable } from '../tags/imagenet-tags'
import { POOLED_FEATURES_OUTPUT, withPooledFeaturesOutput } from './onnx-graph'
import { imageToTensor, type ImageTensorSpec } from './preprocess'
import type { ClassifyItem, ClassifyParams, ClassifyResult, ModelRef } from './protocol'
import type { PooledSession, SessionPool } from './sessions'

/** The classify model's files and preprocessing (ONNX Model Zoo MobileNetV2, see its SOURCE.md). */
export const CLASSIFIER_FILES = { graph: 'mobilenetv2-12-int8.onnx', labels: 'imagenet-simple-labels.json' } as const
export const CLASSIFIER_INPUT: ImageTensorSpec = {
  width: 224,
  height: 224,
  resizeTo: 256,
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
}
const INPUT_NAME = 'input'
const LOGITS_NAME = 'output'
const CLASSES = 1000

export interface ClassifierSession extends PooledSession {
  /** Whether the pooled-features output could be added to the graph. */
  hasPooledFeatures: boolean
}

function fileOf(model: ModelRef, name: string): string {
  const p = model.files[name]
  if (!p) throw new Error(`Model "${model.id}" has no file ${name}`)
  return p
}

export function createClassifier(pool: SessionPool) {
  const labelsByPath = new Map<string, Promise<string[]>>()
  const tablesByPath = new Map<string, HypernymTable>()
  const pooledFeatures = new Map<string, boolean>()

  async function session(model: ModelRef): Promise<ClassifierSession> {
    const graph = fileOf(model, CLASSIFIER_FILES.graph)
    const s = await pool.get(`classify:${model.id}:${graph}`, async () => {
      const original = await readFile(graph)
      const patched = withPooledFeaturesOutput(original)
      pooledFeatures.set(graph, patched !== null)
      return patched ?? original
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
   * Preprocesses every image (in parallel), runs the decodable ones as one batch. onnxruntime-node's
   * session.run blocks this thread while it runs, so the decoding is done elsewhere (the WebP decode
   * thread, libuv's pool for sharp): with the host keeping several batches here, the next batches decode
   * while this one runs.
   */
  async function classify(params: ClassifyParams): Promise<ClassifyResult> {
    const [s, names] = await Promise.all([session(params.model), labels(params.model)])
    const hypernyms = table(params.hypernymsPath)
    const plane = 3 * CLASSIFIER_INPUT.width * CLASSIFIER_INPUT.height
    // Shared memory: the WebP decode thread writes each image's tensor straight into the batch.
    const pixels = new Float32Array(new SharedArrayBuffer(4 * plane * params.images.length))
    const decoded = await Promise.allSettled(
      params.images.map((image, i) => imageToTensor(image, CLASSIFIER_INPUT, pixels, i * plane)),
    )
    const good = decoded.flatMap((d, i) => (d.status === 'fulfilled' ? [i] : []))
    const items: ClassifyItem[] = decoded.map((d) =>
      d.status === 'rejected'
        ? { ok: false, error: { name: d.reason?.name ?? 'Error', message: String(d.reason?.message ?? d.reason), code: d.reason?.code } }
        : { ok: false, error: { name: 'Error', message: 'not run' } },
    )
    if (good.length === 0) return { provider: s.provider, items }

    // Compact the decodable images to the front of the batch.
    const batch = good.length === params.images.length ? pixels : new Float32Array(plane * good.length)
    if (batch !== pixels) good.forEach((src, dst) => batch.set(pixels.subarray(src * plane, (src + 1) * plane), dst * plane))
    const input = new ort.Tensor('float32', batch, [good.length, 3, CLASSIFIER_INPUT.height, CLASSIFIER_INPUT.width])
    const fetches = s.hasPooledFeatures ? [LOGITS_NAME, POOLED_FEATURES_OUTPUT] : [LOGITS_NAME]
    const out = await s.session.run({ [INPUT_NAME]: input }, fetches)
    const logits = out[LOGITS_NAME]?.data as Float32Array
    const pooled = s.hasPooledFeatures ? (out[POOLED_FEATURES_OUTPUT]?.data as Float32Array) : undefined
    const featureSize = pooled ? pooled.length / good.length : CLASSES

    good.forEach((src, row) => {
      const probs = softmax(logits, row * CLASSES, CLASSES)
      const features = pooled
        ? l2Normalize(pooled.slice(row * featureSize, (row + 1) * featureSize))
        : l2Normalize(logits.slice(row * CLASSES, (row + 1) * CLASSES))
      items[src] = {
        ok: true,
        tags: tagsFromProbabilities(probs, names, hypernyms),
        features,
        featureKind: pooled ? 'pooled' : 'logits',
      }
    })
    for (const t of Object.values(out)) t.dispose()
    input.dispose()
    return { provider: s.provider, items }
  }

  return { classify, session }
}
