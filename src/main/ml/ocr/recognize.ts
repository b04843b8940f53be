// Line recognition with PP-OCRv4's CRNN-style recognizer: strips 48 px tall, batched with strips of
// similar aspect so little of each batch is padding, decoded with greedy CTC over the dictionary.
import type { InferenceSession, Tensor } from 'onnxruntime-node'
import { ctcGreedyDecode, type DecodedText } from './ctc'
import type { RgbImage } from './image'
import { chunk, packLineBatch } from './lines'

export const RECOGNIZER_HEIGHT = 48
/** PP-OCRv4 rec_image_shape 3,48,320: batches are never narrower than 320 px. */
const MIN_PLANE_WIDTH = 320
const DEFAULT_BATCH_SIZE = 6

export interface RecognitionBatch {
  input: Tensor
  /** Index into the strips given to prepareRecognitionBatches, per batch slot. */
  stripIndices: number[]
}

export async function prepareRecognitionBatches(strips: readonly RgbImage[], batchSize = DEFAULT_BATCH_SIZE): Promise<RecognitionBatch[]> {
  const aspect = (i: number) => strips[i]!.width / strips[i]!.height
  const order = strips.map((_, i) => i).sort((a, b) => aspect(a) - aspect(b))
  return Promise.all(
    chunk(order, batchSize).map(async (stripIndices) => {
      const widest = Math.max(MIN_PLANE_WIDTH / RECOGNIZER_HEIGHT, ...stripIndices.map(aspect))
      const planeWidth = Math.ceil(RECOGNIZER_HEIGHT * widest)
      const input = await packLineBatch(stripIndices.map((i) => strips[i]!), RECOGNIZER_HEIGHT, planeWidth)
      return { input, stripIndices }
    }),
  )
}

export function decodeRecognitionOutput(output: Tensor, characters: readonly string[]): DecodedText[] {
  if (output.type !== 'float32' || output.dims.length !== 3) throw new Error('OCR recognizer returned unexpected output')
  const [count, steps, classes] = output.dims as [number, number, number]
  const data = output.data as Float32Array
  return Array.from({ length: count }, (_, i) => ctcGreedyDecode(data, i * steps * classes, steps, classes, characters))
}

export async function recognizeStrips(
  session: InferenceSession,
  characters: readonly string[],
  strips: readonly RgbImage[],
  batchSize = DEFAULT_BATCH_SIZE,
): Promise<DecodedText[]> {
  const results: DecodedText[] = new Array(strips.length)
  for (const batch of await prepareRecognitionBatches(strips, batchSize)) {
    const outputs = await session.run({ [session.inputNames[0]!]: batch.input })
    const output = outputs[session.outputNames[0]!]
    if (!output) throw new Error('OCR recognizer returned no output')
    decodeRecognitionOutput(output, characters).forEach((decoded, slot) => {
      results[batch.stripIndices[slot]!] = decoded
    })
  }
  return results
}
