// Text detection with PP-OCRv4's DB model: the network outputs a per-pixel "text kernel" probability
// map; regions above a threshold are boxed, scored, grown back to full text size ("unclip") and mapped
// to image coordinates. Follows PaddleOCR's DBPostProcess (ppocr/postprocess/db_postprocess.py) and
// DetResizeForTest; @gutenye/ocr-common's Detection/splitIntoLineImages does the same in JS on OpenCV.
import { Tensor, type InferenceSession } from 'onnxruntime-node'
import { distance, minAreaRect, rectCorners, shortSide, unclipRect, type Point, type Quad } from './geometry'
import { resizeAndFrameRgb, type RgbImage } from './image'
import { DETECTION_NORMALIZATION, writeBgrPlanes } from './tensor'

export interface DetectionParams {
  /** Longer side of the network input; bigger finds smaller text but costs quadratically. */
  maxSide: number
  /** Shorter side is scaled up to at least this, so tiny images (a cropped word) still give a map. */
  minSide: number
  /**
   * Black border added on every side, as a fraction of the longer side, before detection. DB misses
   * text that fills the frame edge to edge (a close-up of a sign, a cropped word: the probability map
   * stays ~0 everywhere); a little margin gives it the context it was trained with.
   */
  borderFraction: number
  /** Probability above which a map pixel is text. */
  threshold: number
  /** Minimum mean probability inside a box for it to be kept. */
  boxThreshold: number
  /** How far boxes are grown back out (PaddleOCR default 1.5). */
  unclipRatio: number
  /** Boxes whose short side (map pixels) is below this are noise. */
  minSize: number
  maxCandidates: number
}

export const DEFAULT_DETECTION_PARAMS: DetectionParams = {
  maxSide: 960,
  minSide: 64,
  borderFraction: 0.03,
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
  maxCandidates: 1000,
}

export interface DetectionInput {
  readonly tensor: Tensor
  readonly frame: MapFrame
}

export interface TextRegion {
  /** Corners in image pixels, clockwise from top-left of the text. */
  readonly quad: Quad
  /** Mean text probability inside the (unexpanded) box. */
  readonly score: number
}

const STRIDE = 32

/** Network input size: aspect kept, each side a multiple of 32 (the DB backbone downsamples 32x). */
export function detectionInputSize(width: number, height: number, params: Pick<DetectionParams, 'maxSide' | 'minSide'>) {
  let ratio = 1
  if (Math.max(width, height) > params.maxSide) ratio = params.maxSide / Math.max(width, height)
  else if (Math.min(width, height) < params.minSide) ratio = Math.min(params.minSide / Math.min(width, height), params.maxSide / Math.max(width, height))
  const round = (side: number) => Math.max(Math.round((side * ratio) / STRIDE) * STRIDE, STRIDE)
  return { width: round(width), height: round(height) }
}

export async function prepareDetectionInput(image: RgbImage, params: DetectionParams = DEFAULT_DETECTION_PARAMS): Promise<DetectionInput> {
  const border = Math.round(Math.max(image.width, image.height) * params.borderFraction)
  const size = detectionInputSize(image.width + 2 * border, image.height + 2 * border, params)
  // Scale first and frame at map resolution: one sharp pass over the photo instead of copying it
  // into a bigger canvas. The border in map pixels follows from the scale of each axis.
  // Never so wide that nothing of the photo is left (a 32 px map side on a very long, thin panorama).
  const borderX = Math.min(Math.round((border * size.width) / (image.width + 2 * border)), Math.floor((size.width - 1) / 2))
  const borderY = Math.min(Math.round((border * size.height) / (image.height + 2 * border)), Math.floor((size.height - 1) / 2))
  const framed = await resizeAndFrameRgb(image, size.width - 2 * borderX, size.height - 2 * borderY, borderX, borderY)
  const data = new Float32Array(3 * size.width * size.height)
  writeBgrPlanes(framed, data, 0, size.width, size.height, DETECTION_NORMALIZATION)
  return {
    tensor: new Tensor('float32', data, [1, 3, size.height, size.width]),
    frame: { mapWidth: size.width, mapHeight: size.height, imageWidth: image.width, imageHeight: image.height, borderX, borderY },
  }
}

/**
 * 8-connected components of the thresholded map. For each, only the two ends of every horizontal run
 * are kept: their convex hull equals the component's, at a fraction of the points.
 */
export function textComponents(probability: Float32Array, width: number, height: number, threshold: number, limit: number): Point[][] {
  const label = new Int32Array(width * height)
  const text = new Uint8Array(width * height)
  for (let i = 0; i < text.length; i++) text[i] = probability[i]! > threshold ? 1 : 0
  const components: Point[][] = []
  const stack: number[] = []
  const isText = (i: number) => text[i] === 1
  for (let start = 0; start < width * height && components.length < limit; start++) {
    if (label[start] !== 0 || !isText(start)) continue
    const id = components.length + 1
    const points: Point[] = []
    label[start] = id
    stack.push(start)
    while (stack.length > 0) {
      const index = stack.pop()!
      const x = index % width
      const y = (index - x) / width
      const leftIsText = x > 0 && isText(index - 1)
      const rightIsText = x < width - 1 && isText(index + 1)
      if (!leftIsText || !rightIsText) points.push([x, y])
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy
        if (ny < 0 || ny >= height) continue
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx
          if ((dx === 0 && dy === 0) || nx < 0 || nx >= width) continue
          const neighbour = ny * width + nx
          if (label[neighbour] === 0 && isText(neighbour)) {
            label[neighbour] = id
            stack.push(neighbour)
          }
        }
      }
    }
    components.push(points)
  }
  return components
}

/** Mean probability over map pixels inside a convex quad (PaddleOCR's box_score_fast). */
export function meanInsideQuad(probability: Float32Array, width: number, height: number, quad: Quad): number {
  const xs = quad.map((p) => p[0])
  const ys = quad.map((p) => p[1])
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max)
  const x0 = clamp(Math.floor(Math.min(...xs)), width - 1)
  const x1 = clamp(Math.ceil(Math.max(...xs)), width - 1)
  const y0 = clamp(Math.floor(Math.min(...ys)), height - 1)
  const y1 = clamp(Math.ceil(Math.max(...ys)), height - 1)
  // Each edge as a line a*x + b*y + c scaled to signed distance; a pixel is inside when it is on the
  // inner side of all four, with half a pixel of slack so pixels on the rasterised border count, as
  // cv2.fillPoly's do. Orientation-independent: the inner side is the one the centre is on.
  const cx = (xs[0]! + xs[1]! + xs[2]! + xs[3]!) / 4
  const cy = (ys[0]! + ys[1]! + ys[2]! + ys[3]!) / 4
  const edges = quad.map((a, i) => {
    const b = quad[(i + 1) % 4]!
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1
    let ea = -(b[1] - a[1]) / length
    let eb = (b[0] - a[0]) / length
    let ec = -(ea * a[0] + eb * a[1])
    if (ea * cx + eb * cy + ec < 0) {
      ea = -ea
      eb = -eb
      ec = -ec
    }
    return [ea, eb, ec + 0.5] as const
  })
  let sum = 0
  let count = 0
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      let inside = true
      for (const [ea, eb, ec] of edges) {
        if (ea * x + eb * y + ec < 0) {
          inside = false
          break
        }
      }
      if (inside) {
        sum += probability[y * width + x]!
        count++
      }
    }
  }
  return count === 0 ? 0 : sum / count
}

/** How map pixels relate to the photo: the scaled photo sits inside a border of borderX/borderY map pixels. */
export interface MapFrame {
  readonly mapWidth: number
  readonly mapHeight: number
  readonly imageWidth: number
  readonly imageHeight: number
  readonly borderX: number
  readonly borderY: number
}

/** DB post-processing of a [1, 1, H, W] probability map into text quads in photo coordinates. */
export function decodeTextRegions(probability: Float32Array, frame: MapFrame, params: DetectionParams = DEFAULT_DETECTION_PARAMS): TextRegion[] {
  const { mapWidth, mapHeight, imageWidth, imageHeight, borderX, borderY } = frame
  const regions: TextRegion[] = []
  const scaleX = imageWidth / (mapWidth - 2 * borderX)
  const scaleY = imageHeight / (mapHeight - 2 * borderY)
  for (const points of textComponents(probability, mapWidth, mapHeight, params.threshold, params.maxCandidates)) {
    const kernel = minAreaRect(points)
    if (shortSide(kernel) < params.minSize) continue
    const score = meanInsideQuad(probability, mapWidth, mapHeight, rectCorners(kernel))
    if (score < params.boxThreshold) continue
    const grown = unclipRect(kernel, params.unclipRatio)
    if (shortSide(grown) < params.minSize + 2) continue
    const quad = rectCorners(grown).map(
      ([x, y]) =>
        [
          Math.min(Math.max(Math.round((x - borderX) * scaleX), 0), imageWidth),
          Math.min(Math.max(Math.round((y - borderY) * scaleY), 0), imageHeight),
        ] as Point,
    ) as unknown as Quad
    // Clipping to the image can collapse a box; PaddleOCR drops those with a side of 3 px or less.
    if (Math.hypot(quad[1][0] - quad[0][0], quad[1][1] - quad[0][1]) <= 3) continue
    if (Math.hypot(quad[3][0] - quad[0][0], quad[3][1] - quad[0][1]) <= 3) continue
    regions.push({ quad, score })
  }
  return sortReadingOrder(regions)
}

/**
 * Top-to-bottom, then left-to-right within a line. A box joins the current line when its vertical
 * centre is within half a box height of the line's centre. PaddleOCR's sorted_boxes compares tops
 * within a fixed 10 px, which splits a small word from a big one on the same sign ("the" beside
 * "copy centre").
 */
export function sortReadingOrder(regions: readonly TextRegion[]): TextRegion[] {
  const middle = (r: TextRegion) => (r.quad[0][1] + r.quad[1][1] + r.quad[2][1] + r.quad[3][1]) / 4
  const boxHeight = (r: TextRegion) => (distance(r.quad[0], r.quad[3]) + distance(r.quad[1], r.quad[2])) / 2
  const lines: { middle: number; height: number; members: TextRegion[] }[] = []
  for (const region of [...regions].sort((a, b) => middle(a) - middle(b))) {
    const line = lines.at(-1)
    if (line && Math.abs(middle(region) - line.middle) < Math.min(line.height, boxHeight(region)) / 2) {
      line.members.push(region)
      line.middle = line.members.reduce((sum, r) => sum + middle(r), 0) / line.members.length
      line.height = Math.max(line.height, boxHeight(region))
    } else {
      lines.push({ middle: middle(region), height: boxHeight(region), members: [region] })
    }
  }
  return lines.flatMap((line) => line.members.sort((a, b) => a.quad[0][0] - b.quad[0][0]))
}

export async function detectTextRegions(
  session: InferenceSession,
  image: RgbImage,
  params: DetectionParams = DEFAULT_DETECTION_PARAMS,
): Promise<TextRegion[]> {
  const input = await prepareDetectionInput(image, params)
  const outputs = await session.run({ [session.inputNames[0]!]: input.tensor })
  const map = outputs[session.outputNames[0]!]
  if (!map || map.type !== 'float32') throw new Error('OCR detector returned no float32 probability map')
  const [, , mapHeight, mapWidth] = map.dims
  if (mapHeight !== input.frame.mapHeight || mapWidth !== input.frame.mapWidth) {
    throw new Error(`OCR detector map is ${mapWidth}x${mapHeight}, expected ${input.frame.mapWidth}x${input.frame.mapHeight}`)
  }
  return decodeTextRegions(map.data as Float32Array, input.frame, params)
}
