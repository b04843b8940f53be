import { Tensor, type InferenceSession } from 'onnxruntime-node'
import { decodeUpright, rgbToChw } from './image'
import type { FaceModels } from './models'
import { resampleRgb } from './resample'

/**
 * Benchmark support: lets a benchmark count the model calls the pipeline makes and replay the
 * same number of bare detector/landmark/embedder calls on ready-made tensors, so the pipeline's
 * overhead can be reported as a ratio against the raw onnxruntime work.
 */
export interface ModelCallCounts {
  detector: number
  landmarks: number
  embedder: number
  verifier: number
}

function counting(session: InferenceSession, onRun: (ms: number) => void): InferenceSession {
  return new Proxy(session, {
    get(target, property, receiver) {
      if (property === 'run') {
        return async (...args: Parameters<InferenceSession['run']>) => {
          const start = performance.now()
          const result = await target.run(...args)
          onRun(performance.now() - start)
          return result
        }
      }
      const value = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** The same models, with every session.run counted into `counts` and its milliseconds added to `runMs`. */
export function countModelCalls(models: FaceModels, counts: ModelCallCounts, runMs?: ModelCallCounts): FaceModels {
  const track = (role: keyof ModelCallCounts) => (ms: number) => {
    counts[role]++
    if (runMs) runMs[role] += ms
  }
  return {
    ...models,
    detector: counting(models.detector, track('detector')),
    landmarks: counting(models.landmarks, track('landmarks')),
    embedder: counting(models.embedder, track('embedder')),
    verifier: counting(models.verifier, track('verifier')),
  }
}

export interface BareInputs {
  detector: Tensor
  landmarks: Tensor
  embedder: Tensor
  verifier: Tensor
}

/**
 * Model inputs made from one photo: whole photo at 320x240, its centre at 64x64 grey, 112x112 RGB
 * (NCHW) and 128x128 RGB (NHWC).
 */
export async function bareInputsFor(photo: string | Buffer): Promise<BareInputs> {
  const { image } = await decodeUpright(photo)
  const whole = { x: 0, y: 0, width: image.width, height: image.height }
  const side = Math.min(image.width, image.height) / 2
  const centre = { x: image.width / 2 - side / 2, y: image.height / 2 - side / 2, width: side, height: side }
  const rgb = (region: typeof whole, width: number, height: number) => resampleRgb(image, region, width, height).data
  const small = rgb(centre, 64, 64)
  const grey = Float32Array.from({ length: 64 * 64 }, (_, i) => {
    return (0.299 * (small[3 * i] as number) + 0.587 * (small[3 * i + 1] as number) + 0.114 * (small[3 * i + 2] as number)) / 256
  })
  return {
    detector: new Tensor('float32', rgbToChw(rgb(whole, 320, 240), 127, 128), [1, 3, 240, 320]),
    landmarks: new Tensor('float32', grey, [1, 1, 64, 64]),
    embedder: new Tensor('float32', rgbToChw(rgb(centre, 112, 112), 127, 128), [1, 3, 112, 112]),
    verifier: new Tensor('float32', rgb(centre, 128, 128).map((v) => (v / 255) * 2 - 1), [1, 128, 128, 3]),
  }
}

/**
 * Runs the models `calls` times each on ready inputs, nothing else. The verifier runs only when
 * its count is given, so the same loop serves the three-model and the four-model comparison.
 */
export async function runBareCalls(
  models: FaceModels,
  inputs: BareInputs,
  calls: Pick<ModelCallCounts, 'detector' | 'landmarks' | 'embedder'> & { verifier?: number },
): Promise<void> {
  for (let c = 0; c < calls.detector; c++) await models.detector.run({ input: inputs.detector })
  for (let c = 0; c < calls.landmarks; c++) await models.landmarks.run({ input: inputs.landmarks })
  for (let c = 0; c < calls.embedder; c++) await models.embedder.run({ input: inputs.embedder })
  for (let c = 0; c < (calls.verifier ?? 0); c++) await models.verifier.run({ 'input:0': inputs.verifier })
}
