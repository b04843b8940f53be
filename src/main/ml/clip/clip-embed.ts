import { Tensor, type InferenceSession } from 'onnxruntime-node'
import type { SessionLike } from '../worker/sessions'
import type { SharedTensorBuffers } from '../worker/tensor-buffers'
import {
  CLIP_VIT_B32_PREPROCESS,
  preprocessClipImage,
  type ClipImageInput,
  type ClipImagePreprocessConfig,
} from './clip-image-preprocess'
import type { PreparedPixels } from '../worker/image-tensor'
import type { PreparedImage } from '../worker/protocol'
import { describeClipImageSession, describeClipTextSession, type ClipSessionIOOptions } from './clip-session-io'
import type { ClipTokenizer } from './clip-tokenizer'

/**
 * Runs CLIP encoders (any onnxruntime session with the CLIP interface) and returns unit-length
 * embeddings, so that cosine similarity is a plain dot product and text and image vectors are
 * directly comparable. Meant to run inside the inference worker, which owns the sessions.
 */

export interface ClipEmbedOptions extends ClipSessionIOOptions {
  /** Inputs per session.run when the model's batch is dynamic. Default 8. */
  batchSize?: number
}

export interface ClipImageEmbedOptions extends ClipEmbedOptions {
  preprocess?: ClipImagePreprocessConfig
  /** Reused input buffers (see tensor-buffers.ts); default: a new one per batch. */
  buffers?: SharedTensorBuffers<Float32Array>
}

/** Thrown when one input of a batch cannot be used; `index` says which. */
export class ClipInputError extends Error {
  constructor(
    message: string,
    readonly index: number,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'ClipInputError'
  }
}

function batchSizeOf(fixedBatch: number | null, requested: number | undefined): number {
  if (fixedBatch !== null) return fixedBatch
  const size = requested ?? 8
  if (!Number.isInteger(size) || size <= 0) throw new Error(`CLIP: batchSize must be a positive integer, got ${size}`)
  return size
}

/** Splits [n, dims] model output into n unit vectors; rejects shapes and values that are not embeddings. */
function normalisedRows(output: InferenceSession.OnnxValueMapType[string] | undefined, name: string, rows: number, firstIndex: number): Float32Array[] {
  if (!(output instanceof Tensor)) throw new Error(`CLIP: the model returned no tensor named ${name}`)
  if (output.type !== 'float32') throw new Error(`CLIP: output ${name} is ${output.type}; only float32 embeddings are supported`)
  if (output.dims.length !== 2 || output.dims[0] !== rows) {
    throw new Error(`CLIP: output ${name} has shape [${output.dims.join(', ')}], expected [${rows}, dims]`)
  }
  const dims = output.dims[1] as number
  const data = output.data as Float32Array
  const result: Float32Array[] = []
  for (let r = 0; r < rows; r++) {
    const vector = data.slice(r * dims, (r + 1) * dims)
    let norm = 0
    // Indexed: for...of over a typed array is several times slower (see l2Normalize).
    for (let i = 0; i < dims; i++) norm += (vector[i] as number) * (vector[i] as number)
    norm = Math.sqrt(norm)
    if (!Number.isFinite(norm) || norm === 0) {
      throw new ClipInputError(`CLIP: the model returned a zero or non-finite embedding for input #${firstIndex + r}`, firstIndex + r)
    }
    for (let i = 0; i < dims; i++) vector[i] = (vector[i] as number) / norm
    result.push(vector)
  }
  return result
}

export async function clipEmbedImage(
  session: SessionLike,
  images: readonly (ClipImageInput | PreparedPixels | PreparedImage)[],
  options: ClipImageEmbedOptions = {},
): Promise<Float32Array[]> {
  const io = describeClipImageSession(session, options)
  const config = options.preprocess ?? CLIP_VIT_B32_PREPROCESS
  const { width, height } = config.crop
  if (io.inputSize && (io.inputSize.width !== width || io.inputSize.height !== height)) {
    throw new Error(
      `CLIP image encoder expects ${io.inputSize.width}×${io.inputSize.height} but preprocessing crops to ${width}×${height}`,
    )
  }
  const perImage = 3 * width * height
  const batchSize = batchSizeOf(io.fixedBatch, options.batchSize)
  const embeddings: Float32Array[] = []
  for (let start = 0; start < images.length; start += batchSize) {
    const batch = images.slice(start, start + batchSize)
    const data = options.buffers ? options.buffers.acquire(batch.length * perImage) : new Float32Array(batch.length * perImage)
    try {
      // sharp decodes on libuv's thread pool, so a batch preprocesses in parallel.
      await Promise.all(
        batch.map((image, i) =>
          preprocessClipImage(image, config, data, i * perImage).catch((error: unknown) => {
            throw new ClipInputError((error as Error).message, start + i, { cause: error })
          }),
        ),
      )
      const feeds = { [io.inputName]: new Tensor('float32', data, [batch.length, 3, height, width]) }
      const output = await session.run(feeds, [io.outputName])
      embeddings.push(...normalisedRows(output[io.outputName], io.outputName, batch.length, start))
    } finally {
      options.buffers?.release(data)
    }
  }
  return embeddings
}

export async function clipEmbedText(
  session: SessionLike,
  tokenizer: ClipTokenizer,
  texts: readonly string[],
  options: ClipEmbedOptions = {},
): Promise<Float32Array[]> {
  const io = describeClipTextSession(session, options)
  const length = tokenizer.contextLength
  if (io.contextLength !== null && io.contextLength !== length) {
    throw new Error(`CLIP text encoder expects ${io.contextLength} tokens but the tokenizer produces ${length}`)
  }
  const batchSize = batchSizeOf(io.fixedBatch, options.batchSize)
  const toTensor = (values: number[], type: 'int32' | 'int64', rows: number): Tensor =>
    type === 'int32'
      ? new Tensor('int32', Int32Array.from(values), [rows, length])
      : new Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), [rows, length])

  const embeddings: Float32Array[] = []
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize)
    const encoded = batch.map((text, i) => {
      try {
        return tokenizer.encode(text)
      } catch (error) {
        throw new ClipInputError((error as Error).message, start + i, { cause: error })
      }
    })
    const feeds: Record<string, Tensor> = {
      [io.inputIdsName]: toTensor(encoded.flatMap((e) => e.ids), io.idsType, batch.length),
    }
    if (io.attentionMask) {
      feeds[io.attentionMask.name] = toTensor(encoded.flatMap((e) => e.attentionMask), io.attentionMask.type, batch.length)
    }
    const output = await session.run(feeds, [io.outputName])
    embeddings.push(...normalisedRows(output[io.outputName], io.outputName, batch.length, start))
  }
  return embeddings
}
