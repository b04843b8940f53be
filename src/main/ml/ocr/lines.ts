// Line strips -> one padded NCHW batch, as PaddleOCR's resize_norm_img does for the direction
// classifier and the recognizer: each strip is scaled to the model height keeping its aspect (capped
// at the plane width), then left-aligned on a mid-grey plane.
import { Tensor } from 'onnxruntime-node'
import { resizeRgb, type RgbImage } from './image'
import { LINE_NORMALIZATION, writeBgrPlanes } from './tensor'

/** Width a strip takes at `height` pixels tall, aspect kept. */
export function scaledWidth(strip: RgbImage, height: number): number {
  return Math.max(1, Math.ceil((height * strip.width) / strip.height))
}

export async function packLineBatch(strips: readonly RgbImage[], planeHeight: number, planeWidth: number): Promise<Tensor> {
  const data = new Float32Array(strips.length * 3 * planeHeight * planeWidth)
  const resized = await Promise.all(strips.map((strip) => resizeRgb(strip, Math.min(planeWidth, scaledWidth(strip, planeHeight)), planeHeight)))
  resized.forEach((strip, index) => writeBgrPlanes(strip, data, index, planeWidth, planeHeight, LINE_NORMALIZATION))
  return new Tensor('float32', data, [strips.length, 3, planeHeight, planeWidth])
}

/** Splits `count` items into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new Error(`Batch size must be at least 1, got ${size}`)
  const chunks: T[][] = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}
