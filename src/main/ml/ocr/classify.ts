// Text direction: PaddleOCR's mobile v2.0 classifier says whether a strip is upright ("0") or upside
// down ("180"); strips it is confident are upside down get turned before recognition.
import type { InferenceSession } from 'onnxruntime-node'
import { rotateRgb, type RgbImage } from './image'
import { chunk, packLineBatch } from './lines'

export const CLASSIFIER_HEIGHT = 48
export const CLASSIFIER_WIDTH = 192
/** PaddleOCR's cls_thresh: only flip when the model is this sure. */
export const FLIP_CONFIDENCE = 0.9
const BATCH_SIZE = 6

export function prepareClassifierBatches(strips: readonly RgbImage[]) {
  return Promise.all(chunk(strips, BATCH_SIZE).map((batch) => packLineBatch(batch, CLASSIFIER_HEIGHT, CLASSIFIER_WIDTH)))
}

/** For each strip, whether it reads upside down. */
export async function detectUpsideDown(session: InferenceSession, strips: readonly RgbImage[]): Promise<boolean[]> {
  const flags: boolean[] = []
  for (const input of await prepareClassifierBatches(strips)) {
    const outputs = await session.run({ [session.inputNames[0]!]: input })
    const scores = outputs[session.outputNames[0]!]
    if (!scores || scores.type !== 'float32' || scores.dims[1] !== 2) throw new Error('OCR direction classifier returned unexpected output')
    const data = scores.data as Float32Array
    for (let i = 0; i < input.dims[0]!; i++) flags.push(data[i * 2 + 1]! > data[i * 2]! && data[i * 2 + 1]! >= FLIP_CONFIDENCE)
  }
  return flags
}

export async function turnUpright(session: InferenceSession, strips: readonly RgbImage[]): Promise<RgbImage[]> {
  const upsideDown = await detectUpsideDown(session, strips)
  return Promise.all(strips.map((strip, i) => (upsideDown[i] ? rotateRgb(strip, 180) : strip)))
}
