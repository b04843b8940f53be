import { Tensor, type InferenceSession } from 'onnxruntime-node'
import { ALIGNED_SIZE } from './align'
import { rgbToChw } from './image'

export const EMBEDDING_DIMENSIONS = 512

/**
 * 512-d embedding of one ArcFace-aligned 112x112 RGB face, L2-normalised so cosine similarity is a
 * dot product. Normalisation per faceplugin-face-recognition-js lib/fr_feature.js: RGB,
 * (v - 127) / 128, NCHW. The model's batch dimension is fixed to 1, so faces run one by one
 * (onnxruntime already spreads one call over all cores). `scratch` (3x112x112 floats) is reused as
 * the input tensor when given, e.g. by the faces of one photo.
 */
export async function embedAlignedFace(session: InferenceSession, alignedRgb: Buffer, scratch?: Float32Array): Promise<Float32Array> {
  if (alignedRgb.length !== ALIGNED_SIZE * ALIGNED_SIZE * 3) throw new Error('embedAlignedFace expects 112x112 RGB')
  const input = new Tensor('float32', rgbToChw(alignedRgb, 127, 128, scratch), [1, 3, ALIGNED_SIZE, ALIGNED_SIZE])
  const output = await session.run({ input })
  const raw = output['output']?.data as Float32Array | undefined
  if (!raw || raw.length !== EMBEDDING_DIMENSIONS) throw new Error('Face embedder returned no 512-d vector')
  return l2Normalise(raw)
}

export function l2Normalise(vector: ArrayLike<number>): Float32Array {
  let sum = 0
  for (let i = 0; i < vector.length; i++) sum += (vector[i] as number) ** 2
  const norm = Math.sqrt(sum) || 1
  const out = new Float32Array(vector.length)
  for (let i = 0; i < vector.length; i++) out[i] = (vector[i] as number) / norm
  return out
}
