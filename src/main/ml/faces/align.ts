import { clipRect, type Rect } from './image'
import type { ImagePyramid } from './pyramid'
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
 * first downscaled (area-averaging, see resampleRgb) to roughly the output resolution.
 */
export function alignFace(pyramid: ImagePyramid, five: FivePoints): { rgb: Buffer; transform: Similarity } {
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
  const region = clipRect(bounds, pyramid.width, pyramid.height)
  const out = Buffer.alloc(ALIGNED_SIZE * ALIGNED_SIZE * 3)
  if (!region) return { rgb: out, transform }

  // Output pixels per source pixel. Faces much larger than the output are first shrunk to about
  // the output's resolution; otherwise the region is copied as is (step 1, no filtering).
  const scale = Math.hypot(transform.a, transform.b)
  const shrink = scale < 0.7 ? scale : 1
  const w = Math.max(1, Math.round(region.width * shrink))
  const h = Math.max(1, Math.round(region.height * shrink))
  const source = pyramid.crop(region, w, h)
  const factorX = w / region.width
  const factorY = h / region.height

  // Pixel centres: output pixel (u, v) samples the image at inverse(u + 0.5, v + 0.5); the inverse
  // is affine, so step along the row instead of transforming every pixel.
  const data = source.data
  const stepX = inverse.a * factorX
  const stepY = inverse.b * factorY
  for (let v = 0; v < ALIGNED_SIZE; v++) {
    const [rowX, rowY] = applySimilarity(inverse, [0.5, v + 0.5])
    let x = (rowX - region.x) * factorX - 0.5
    let y = (rowY - region.y) * factorY - 0.5
    for (let u = 0; u < ALIGNED_SIZE; u++, x += stepX, y += stepY) {
      const at = (v * ALIGNED_SIZE + u) * 3
      if (x >= 0 && y >= 0 && x < w - 1 && y < h - 1) {
        // All four taps inside: the common case, in int32 indices (x, y >= 0, so | 0 floors) and
        // without per-tap checks.
        const x0 = x | 0
        const y0 = y | 0
        const fx = x - x0
        const fy = y - y0
        const p00 = (y0 * w + x0) * 3
        const p01 = p00 + w * 3
        const w00 = (1 - fx) * (1 - fy)
        const w10 = fx * (1 - fy)
        const w01 = (1 - fx) * fy
        const w11 = fx * fy
        // Sums of non-negative samples: + 0.5 then | 0 rounds them.
        out[at] = (w00 * data[p00]! + w10 * data[p00 + 3]! + w01 * data[p01]! + w11 * data[p01 + 3]! + 0.5) | 0
        out[at + 1] = (w00 * data[p00 + 1]! + w10 * data[p00 + 4]! + w01 * data[p01 + 1]! + w11 * data[p01 + 4]! + 0.5) | 0
        out[at + 2] = (w00 * data[p00 + 2]! + w10 * data[p00 + 5]! + w01 * data[p01 + 2]! + w11 * data[p01 + 5]! + 0.5) | 0
      } else {
        sampleBilinear(data, w, h, x, y, out, at)
      }
    }
  }
  return { rgb: out, transform }
}

/** Bilinear sample of interleaved RGB floats; taps outside the image count as black. */
function sampleBilinear(data: Float32Array, width: number, height: number, x: number, y: number, out: Buffer, at: number): void {
  const x0 = Math.floor(x)
  const y0 = Math.floor(y)
  const fx = x - x0
  const fy = y - y0
  let red = 0
  let green = 0
  let blue = 0
  for (let j = 0; j < 2; j++) {
    const yy = y0 + j
    if (yy < 0 || yy >= height) continue
    const wy = j === 0 ? 1 - fy : fy
    for (let i = 0; i < 2; i++) {
      const xx = x0 + i
      if (xx < 0 || xx >= width) continue
      const weight = (i === 0 ? 1 - fx : fx) * wy
      const p = (yy * width + xx) * 3
      red += weight * data[p]!
      green += weight * data[p + 1]!
      blue += weight * data[p + 2]!
    }
  }
  out[at] = Math.round(red)
  out[at + 1] = Math.round(green)
  out[at + 2] = Math.round(blue)
}
