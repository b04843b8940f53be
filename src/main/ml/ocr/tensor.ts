// RGB pixels -> the planar float input PaddleOCR models expect. PaddleOCR feeds images as OpenCV reads
// them, so channel 0 is BLUE; the models were trained that way and mis-ordered channels cost accuracy.
import type { RgbImage } from './image'

export interface Normalization {
  /** Per channel in model order (B, G, R), applied after scaling pixels to [0, 1]. */
  readonly mean: readonly [number, number, number]
  readonly std: readonly [number, number, number]
}

/** Detection (DB): ImageNet statistics, as in PaddleOCR's det NormalizeImage. */
export const DETECTION_NORMALIZATION: Normalization = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }
/** Classifier and recognizer: pixels mapped to [-1, 1]. */
export const LINE_NORMALIZATION: Normalization = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }

// A 256-entry table per channel turns normalisation into one load per value (3x faster than the
// arithmetic on a 960x736 detector input).
const lookupTables = new WeakMap<Normalization, [Float32Array, Float32Array, Float32Array]>()

function tablesFor(normalization: Normalization): [Float32Array, Float32Array, Float32Array] {
  let tables = lookupTables.get(normalization)
  if (!tables) {
    tables = [0, 1, 2].map((channel) => {
      const table = new Float32Array(256)
      for (let v = 0; v < 256; v++) table[v] = (v / 255 - normalization.mean[channel]!) / normalization.std[channel]!
      return table
    }) as [Float32Array, Float32Array, Float32Array]
    lookupTables.set(normalization, tables)
  }
  return tables
}

/**
 * Writes `image` into slot `batchIndex` of an NCHW float tensor whose planes are `planeWidth` x
 * `planeHeight`. Pixels right of or below the image stay 0, which after normalisation is mid-grey:
 * the padding PaddleOCR uses for line batches.
 */
export function writeBgrPlanes(
  image: RgbImage,
  target: Float32Array,
  batchIndex: number,
  planeWidth: number,
  planeHeight: number,
  normalization: Normalization,
): void {
  if (image.width > planeWidth || image.height > planeHeight) {
    throw new Error(`Image ${image.width}x${image.height} does not fit a ${planeWidth}x${planeHeight} tensor plane`)
  }
  const [blue, green, red] = tablesFor(normalization)
  const plane = planeWidth * planeHeight
  const base = batchIndex * 3 * plane
  const pixels = image.data
  for (let y = 0; y < image.height; y++) {
    let out = base + y * planeWidth
    const end = out + image.width
    for (let src = y * image.width * 3; out < end; out++, src += 3) {
      target[out] = blue[pixels[src + 2]!]!
      target[out + plane] = green[pixels[src + 1]!]!
      target[out + 2 * plane] = red[pixels[src]!]!
    }
  }
}
