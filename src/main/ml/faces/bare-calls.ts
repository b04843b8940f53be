import { Tensor, type InferenceSession } from 'onnxruntime-node'
import { cropResize, decodeUpright, rgbToChw } from './image'
import type { FaceModels } from './models'

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

function counting(session: InferenceSession, onRun: () => void): InferenceSession {
  return new Proxy(session, {
    get(target, property, receiver) {
      if (property === 'run') {
        return (...args: Parameters<InferenceSession['run']>) => {
          onRun()
          return target.run(...args)
        }
      }
      const value = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** The same models, with every session.run counted into `counts`. */
export function countModelCalls(models: FaceModels, counts: ModelCallCounts): FaceModels {
  return {
    ...models,
    detector: counting(models.detector, () => counts.detector++),
    landmarks: counting(models.landmarks, () => counts.landmarks++),
    embedder: counting(models.embedder, () => counts.embedder++),
    verifier: counting(models.verifier, () => counts.verifier++),
  }
}

export interface BareInputs {
  detector: Tensor
  landmarks: Tensor
  embedder: Tensor
}

/** Model inputs made from one photo: whole photo at 320x240, its centre at 64x64 grey and 112x112 RGB. */
export async function bareInputsFor(photo: string | Buffer): Promise<BareInputs> {
  const { image } = await decodeUpright(photo)
  const whole = { x: 0, y: 0, width: image.width, height: image.height }
  const side = Math.min(image.width, image.height) / 2
  const centre = { x: image.width / 2 - side / 2, y: image.height / 2 - side / 2, width: side, height: side }
  const grey = await cropResize(image, centre, 64, 64, { grey: true })
  return {
    detector: new Tensor('float32', rgbToChw(await cropResize(image, whole, 320, 240), 127, 128), [1, 3, 240, 320]),
    landmarks: new Tensor('float32', Float32Array.from(grey, (v) => v / 256), [1, 1, 64, 64]),
    embedder: new Tensor('float32', rgbToChw(await cropResize(image, centre, 112, 112), 127, 128), [1, 3, 112, 112]),
  }
}

/** Runs the three models `calls` times each on ready inputs, nothing else. */
export async function runBareCalls(models: FaceModels, inputs: BareInputs, calls: Pick<ModelCallCounts, 'detector' | 'landmarks' | 'embedder'>): Promise<void> {
  for (let c = 0; c < calls.detector; c++) await models.detector.run({ input: inputs.detector })
  for (let c = 0; c < calls.landmarks; c++) await models.landmarks.run({ input: inputs.landmarks })
  for (let c = 0; c < calls.embedder; c++) await models.embedder.run({ input: inputs.embedder })
}
