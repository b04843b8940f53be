import { Tensor, type InferenceSession } from 'onnxruntime-node'
import type { Rect } from './image'
import type { ImageLevel, ImagePyramid } from './pyramid'

/** A detector candidate in working-image pixels. */
export interface Candidate extends Rect {
  score: number
}

const INPUT_WIDTH = 320
const INPUT_HEIGHT = 240

/** The scale at which every region of `regionSize` fits the 320x240 input. */
function inputScale(regionSize: { width: number; height: number }): number {
  return Math.min(INPUT_WIDTH / regionSize.width, INPUT_HEIGHT / regionSize.height)
}

/**
 * Runs UltraFace RFB-320 on one region. Pre/post-processing follows the reference JS shipped
 * with faceplugin-face-recognition-js (lib/fr_detect.js): RGB, (v - 127) / 128, NCHW
 * 1x3x240x320; output `scores` [1,4420,2] (softmax, column 1 = face) and `boxes` [1,4420,4]
 * already decoded to normalised corners. Unlike the reference we letterbox instead of stretching,
 * so faces keep their aspect ratio in portrait photos and tiles. The region is copied pixel for
 * pixel from a level that already has the input's scale; the rest of the input is padding (grey
 * 127 -> 0 after normalisation) even where the image goes on, so a tile never sees half-faces
 * beyond its border.
 */
async function runUltraFace(session: InferenceSession, level: ImageLevel, region: Rect, minScore: number, input: Float32Array): Promise<Candidate[]> {
  const { image, scaleX, scaleY } = level
  const x0 = Math.min(image.width - 1, Math.max(0, Math.round(region.x * scaleX)))
  const y0 = Math.min(image.height - 1, Math.max(0, Math.round(region.y * scaleY)))
  const x1 = Math.min(image.width, x0 + INPUT_WIDTH, Math.max(x0 + 1, Math.round((region.x + region.width) * scaleX)))
  const y1 = Math.min(image.height, y0 + INPUT_HEIGHT, Math.max(y0 + 1, Math.round((region.y + region.height) * scaleY)))
  const padX = Math.round((INPUT_WIDTH - (x1 - x0)) / 2)
  const padY = Math.round((INPUT_HEIGHT - (y1 - y0)) / 2)

  const plane = INPUT_WIDTH * INPUT_HEIGHT
  input.fill(0)
  const src = image.data
  for (let y = y0; y < y1; y++) {
    let p = (y * image.width + x0) * 3
    let q = (y - y0 + padY) * INPUT_WIDTH + padX
    for (let x = x0; x < x1; x++, p += 3, q++) {
      input[q] = ((src[p] as number) - 127) / 128
      input[plane + q] = ((src[p + 1] as number) - 127) / 128
      input[2 * plane + q] = ((src[p + 2] as number) - 127) / 128
    }
  }
  const output = await session.run({ input: new Tensor('float32', input, [1, 3, INPUT_HEIGHT, INPUT_WIDTH]) })
  const scores = output['scores']?.data as Float32Array | undefined
  const boxes = output['boxes']?.data as Float32Array | undefined
  if (!scores || !boxes) throw new Error('UltraFace returned no scores/boxes')

  // Input pixel u lies at level pixel x0 - padX + u, i.e. working pixel (x0 - padX + u) / scaleX.
  const originX = (x0 - padX) / scaleX
  const originY = (y0 - padY) / scaleY
  const spanX = INPUT_WIDTH / scaleX
  const spanY = INPUT_HEIGHT / scaleY
  const candidates: Candidate[] = []
  const priors = scores.length / 2
  for (let i = 0; i < priors; i++) {
    const score = scores[2 * i + 1] as number
    if (score < minScore) continue
    const bx0 = originX + (boxes[4 * i] as number) * spanX
    const by0 = originY + (boxes[4 * i + 1] as number) * spanY
    const bx1 = originX + (boxes[4 * i + 2] as number) * spanX
    const by1 = originY + (boxes[4 * i + 3] as number) * spanY
    if (bx1 <= bx0 || by1 <= by0) continue
    candidates.push({ x: bx0, y: by0, width: bx1 - bx0, height: by1 - by0, score })
  }
  return candidates
}

/**
 * UltraFace on the whole image and on overlapping tiles (see planDetectionRegions), merged by
 * NMS. The working image is resized once per region size (at most twice per photo, kept in the
 * pyramid for the face crops) and every detector input is cut from those levels, instead of one
 * resize per region.
 */
export async function findFaceCandidates(session: InferenceSession, pyramid: ImagePyramid, minScore: number, maxTileSide: number): Promise<Candidate[]> {
  const { width, height } = pyramid
  const [whole, ...tiles] = planDetectionRegions(width, height, maxTileSide)
  if (!whole) return []
  const input = new Float32Array(3 * INPUT_WIDTH * INPUT_HEIGHT)
  const all = await runUltraFace(session, await pyramid.level(inputScale(whole)), whole, minScore, input)
  const firstTile = tiles[0]
  if (firstTile) {
    // Every tile has the same size, so one level serves them all.
    const level = await pyramid.level(inputScale(firstTile))
    for (const tile of tiles) {
      for (const candidate of await runUltraFace(session, level, tile, minScore, input)) {
        if (!touchesInnerBorder(candidate, tile, width, height)) all.push(candidate)
      }
    }
  }
  return nonMaxSuppression(all, 0.4)
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
 * Regions to run the detector on: the whole image, plus an overlapping grid when the whole-image
 * pass sees the image smaller than a tile would. UltraFace sees a region at 320x240 and finds
 * faces down to ~16 px there, so a tile seen at 320/maxTileSide input pixels per pixel (at most
 * maxTileSide wide and 3/4 of that high, the input's aspect) finds faces from ~40 px, where the
 * whole-image pass of a 3072 px photo needs ~150 px. Columns and rows are counted separately, so
 * wide or tall photos get every tile at that scale without tiles that are mostly letterbox padding.
 * Tiles overlap by a quarter so any face smaller than that lies whole inside some tile.
 */
export function planDetectionRegions(width: number, height: number, maxTileSide = 800): Rect[] {
  const regions: Rect[] = [{ x: 0, y: 0, width, height }]
  const maxTileWidth = maxTileSide
  const maxTileHeight = (maxTileSide * INPUT_HEIGHT) / INPUT_WIDTH
  if (width <= maxTileWidth && height <= maxTileHeight) return regions
  const overlap = 0.25
  // With g tiles along a side: tile * (g - (g - 1) * overlap) = side.
  const tilesAlong = (side: number, maxTile: number) => {
    let g = 1
    while (side / (g - (g - 1) * overlap) > maxTile) g++
    return g
  }
  const cols = tilesAlong(width, maxTileWidth)
  const rows = tilesAlong(height, maxTileHeight)
  const tileW = width / (cols - (cols - 1) * overlap)
  const tileH = height / (rows - (rows - 1) * overlap)
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
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
