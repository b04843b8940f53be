import { Tensor, type InferenceSession } from 'onnxruntime-node'
import { cropResize, rgbToChw, type Rect, type RgbImage } from './image'

/** A detector candidate in working-image pixels. */
export interface Candidate extends Rect {
  score: number
}

const INPUT_WIDTH = 320
const INPUT_HEIGHT = 240

/**
 * Runs UltraFace RFB-320 on one region of the image. Pre/post-processing follows the reference JS
 * shipped with faceplugin-face-recognition-js (lib/fr_detect.js): RGB, (v - 127) / 128, NCHW
 * 1x3x240x320; output `scores` [1,4420,2] (softmax, column 1 = face) and `boxes` [1,4420,4]
 * already decoded to normalised corners. Unlike the reference we letterbox instead of stretching,
 * so faces keep their aspect ratio in portrait photos and tiles.
 */
export async function runUltraFace(
  session: InferenceSession,
  image: RgbImage,
  region: Rect,
  minScore: number,
): Promise<Candidate[]> {
  const scale = Math.min(INPUT_WIDTH / region.width, INPUT_HEIGHT / region.height)
  // Letterbox: the region maps to a centred (region*scale) window; the crop rectangle below is the
  // part of image space that covers the full 320x240 input.
  const padX = (INPUT_WIDTH / scale - region.width) / 2
  const padY = (INPUT_HEIGHT / scale - region.height) / 2
  const frame: Rect = {
    x: region.x - padX,
    y: region.y - padY,
    width: INPUT_WIDTH / scale,
    height: INPUT_HEIGHT / scale,
  }
  // Pixels outside the region itself are padding (grey 127 -> ~0 after normalisation) even when
  // they exist in the image, so a tile never sees half-faces beyond its border.
  const pixels = await cropResize(image, frame, INPUT_WIDTH, INPUT_HEIGHT, { fill: 127 })
  maskOutside(pixels, frame, region, 127)
  const input = new Tensor('float32', rgbToChw(pixels, 127, 128), [1, 3, INPUT_HEIGHT, INPUT_WIDTH])
  const output = await session.run({ input })
  const scores = output['scores']?.data as Float32Array | undefined
  const boxes = output['boxes']?.data as Float32Array | undefined
  if (!scores || !boxes) throw new Error('UltraFace returned no scores/boxes')

  const candidates: Candidate[] = []
  const priors = scores.length / 2
  for (let i = 0; i < priors; i++) {
    const score = scores[2 * i + 1] as number
    if (score < minScore) continue
    const x0 = frame.x + (boxes[4 * i] as number) * frame.width
    const y0 = frame.y + (boxes[4 * i + 1] as number) * frame.height
    const x1 = frame.x + (boxes[4 * i + 2] as number) * frame.width
    const y1 = frame.y + (boxes[4 * i + 3] as number) * frame.height
    if (x1 <= x0 || y1 <= y0) continue
    candidates.push({ x: x0, y: y0, width: x1 - x0, height: y1 - y0, score })
  }
  return candidates
}

function maskOutside(pixels: Buffer, frame: Rect, region: Rect, fill: number): void {
  const sx = INPUT_WIDTH / frame.width
  const sy = INPUT_HEIGHT / frame.height
  const left = Math.floor((region.x - frame.x) * sx)
  const top = Math.floor((region.y - frame.y) * sy)
  const right = Math.ceil((region.x + region.width - frame.x) * sx)
  const bottom = Math.ceil((region.y + region.height - frame.y) * sy)
  if (left <= 0 && top <= 0 && right >= INPUT_WIDTH && bottom >= INPUT_HEIGHT) return
  for (let y = 0; y < INPUT_HEIGHT; y++) {
    const rowOutside = y < top || y >= bottom
    for (let x = 0; x < INPUT_WIDTH; x++) {
      if (rowOutside || x < left || x >= right) pixels.fill(fill, (y * INPUT_WIDTH + x) * 3, (y * INPUT_WIDTH + x) * 3 + 3)
    }
  }
}

export function iou(a: Rect, b: Rect): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x))
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))
  const inter = ix * iy
  const union = a.width * a.height + b.width * b.height - inter
  return union > 0 ? inter / union : 0
}

/** Share of the smaller box covered by the other (catches a small box nested in a big one). */
function overlapOfSmaller(a: Rect, b: Rect): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x))
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))
  const smaller = Math.min(a.width * a.height, b.width * b.height)
  return smaller > 0 ? (ix * iy) / smaller : 0
}

/** Greedy non-maximum suppression, highest score first. */
export function nonMaxSuppression<T extends Candidate>(candidates: readonly T[], iouThreshold: number, containThreshold = 0.8): T[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score)
  const kept: T[] = []
  for (const candidate of sorted) {
    if (kept.every((k) => iou(k, candidate) < iouThreshold && overlapOfSmaller(k, candidate) < containThreshold)) kept.push(candidate)
  }
  return kept
}

/**
 * Regions to run the detector on: the whole image, plus an overlapping grid when the image is
 * larger than `maxTileSide`. UltraFace sees a region at 320x240 and finds faces down to ~16 px
 * there, so tiles of at most 800 px find faces from ~40 px, where the whole-image pass of a
 * 3072 px photo needs ~150 px. Tiles overlap by a quarter so any face smaller than that lies whole
 * inside some tile.
 */
export function planDetectionRegions(width: number, height: number, maxTileSide = 800): Rect[] {
  const regions: Rect[] = [{ x: 0, y: 0, width, height }]
  const longSide = Math.max(width, height)
  if (longSide <= maxTileSide) return regions
  const overlap = 0.25
  // With g tiles per row: tile * (g - (g - 1) * overlap) = side.
  let grid = 2
  while (longSide / (grid - (grid - 1) * overlap) > maxTileSide) grid++
  const tileW = width / (grid - (grid - 1) * overlap)
  const tileH = height / (grid - (grid - 1) * overlap)
  for (let row = 0; row < grid; row++) {
    for (let col = 0; col < grid; col++) {
      regions.push({
        x: Math.round(col * tileW * (1 - overlap)),
        y: Math.round(row * tileH * (1 - overlap)),
        width: Math.round(tileW),
        height: Math.round(tileH),
      })
    }
  }
  return regions
}

/** Drops tile detections cut by an inner tile border: the neighbouring tile or the full view sees them whole. */
export function touchesInnerBorder(box: Rect, tile: Rect, imageWidth: number, imageHeight: number, margin = 2): boolean {
  const leftInner = tile.x > 0 && box.x <= tile.x + margin
  const topInner = tile.y > 0 && box.y <= tile.y + margin
  const rightInner = tile.x + tile.width < imageWidth && box.x + box.width >= tile.x + tile.width - margin
  const bottomInner = tile.y + tile.height < imageHeight && box.y + box.height >= tile.y + tile.height - margin
  return leftInner || topInner || rightInner || bottomInner
}
