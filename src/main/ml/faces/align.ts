import { clipRect, cropResize, type Rect, type RgbImage } from './image'
import type { FivePoints, Point } from './landmarks'

export const ALIGNED_SIZE = 112

/** The standard ArcFace/insightface 112x112 five-point template (same order as FivePoints). */
export const ARCFACE_TEMPLATE: FivePoints = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
]

/** 2-D similarity x' = a*x - b*y + tx, y' = b*x + a*y + ty. */
export interface Similarity {
  a: number
  b: number
  tx: number
  ty: number
}

/**
 * Least-squares similarity from src to dst (Umeyama 1991 restricted to 2-D without reflection,
 * which has this closed form: rotation+scale from the centred cross terms).
 */
export function estimateSimilarity(src: readonly Point[], dst: readonly Point[]): Similarity {
  if (src.length !== dst.length || src.length < 2) throw new Error('estimateSimilarity needs >= 2 matching points')
  const n = src.length
  let sx = 0, sy = 0, dx = 0, dy = 0
  for (let i = 0; i < n; i++) {
    sx += (src[i] as Point)[0]; sy += (src[i] as Point)[1]
    dx += (dst[i] as Point)[0]; dy += (dst[i] as Point)[1]
  }
  sx /= n; sy /= n; dx /= n; dy /= n
  let dot = 0, cross = 0, norm = 0
  for (let i = 0; i < n; i++) {
    const x = (src[i] as Point)[0] - sx
    const y = (src[i] as Point)[1] - sy
    const u = (dst[i] as Point)[0] - dx
    const v = (dst[i] as Point)[1] - dy
    dot += x * u + y * v
    cross += x * v - y * u
    norm += x * x + y * y
  }
  if (norm === 0) throw new Error('estimateSimilarity: source points coincide')
  const a = dot / norm
  const b = cross / norm
  return { a, b, tx: dx - (a * sx - b * sy), ty: dy - (b * sx + a * sy) }
}

export function applySimilarity(t: Similarity, p: Point): Point {
  return [t.a * p[0] - t.b * p[1] + t.tx, t.b * p[0] + t.a * p[1] + t.ty]
}

export function invertSimilarity(t: Similarity): Similarity {
  const d = t.a * t.a + t.b * t.b
  const a = t.a / d
  const b = -t.b / d
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) }
}

/**
 * Warps the face so its five points land on the ArcFace template; returns 112x112 packed RGB.
 * Bilinear sampling alone aliases when a big face shrinks several times, so the face region is
 * first downscaled with sharp to roughly the output resolution.
 */
export async function alignFace(image: RgbImage, five: FivePoints): Promise<{ rgb: Buffer; transform: Similarity }> {
  const transform = estimateSimilarity(five, ARCFACE_TEMPLATE)
  const inverse = invertSimilarity(transform)
  const corners: Point[] = [[0, 0], [ALIGNED_SIZE, 0], [0, ALIGNED_SIZE], [ALIGNED_SIZE, ALIGNED_SIZE]].map((c) =>
    applySimilarity(inverse, c as Point),
  )
  const xs = corners.map((c) => c[0])
  const ys = corners.map((c) => c[1])
  const bounds: Rect = {
    x: Math.min(...xs) - 2,
    y: Math.min(...ys) - 2,
    width: Math.max(...xs) - Math.min(...xs) + 4,
    height: Math.max(...ys) - Math.min(...ys) + 4,
  }
  const region = clipRect(bounds, image.width, image.height)
  const out = Buffer.alloc(ALIGNED_SIZE * ALIGNED_SIZE * 3)
  if (!region) return { rgb: out, transform }

  // Output pixels per source pixel.
  const scale = Math.hypot(transform.a, transform.b)
  let source: RgbImage
  let factor: number
  if (scale < 0.7) {
    const w = Math.max(1, Math.round(region.width * scale))
    const h = Math.max(1, Math.round(region.height * scale))
    source = { data: await cropResize(image, region, w, h), width: w, height: h }
    factor = w / region.width
  } else {
    source = image
    factor = 1
  }
  const offsetX = source === image ? 0 : region.x
  const offsetY = source === image ? 0 : region.y
  const factorY = source === image ? 1 : source.height / region.height

  for (let v = 0; v < ALIGNED_SIZE; v++) {
    for (let u = 0; u < ALIGNED_SIZE; u++) {
      // Pixel centres: sample the source at the centre of each output pixel.
      const [px, py] = applySimilarity(inverse, [u + 0.5, v + 0.5])
      const x = (px - offsetX) * factor - 0.5
      const y = (py - offsetY) * factorY - 0.5
      sampleBilinear(source, x, y, out, (v * ALIGNED_SIZE + u) * 3)
    }
  }
  return { rgb: out, transform }
}

function sampleBilinear(image: RgbImage, x: number, y: number, out: Buffer, at: number): void {
  const x0 = Math.floor(x)
  const y0 = Math.floor(y)
  const fx = x - x0
  const fy = y - y0
  const { data, width, height } = image
  for (let c = 0; c < 3; c++) {
    let acc = 0
    for (let j = 0; j < 2; j++) {
      const yy = y0 + j
      if (yy < 0 || yy >= height) continue
      const wy = j === 0 ? 1 - fy : fy
      for (let i = 0; i < 2; i++) {
        const xx = x0 + i
        if (xx < 0 || xx >= width) continue
        const wx = i === 0 ? 1 - fx : fx
        acc += wx * wy * (data[(yy * width + xx) * 3 + c] as number)
      }
    }
    out[at + c] = Math.round(acc)
  }
}
