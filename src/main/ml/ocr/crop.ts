// Cut a detected text quad out of the photo as an upright, horizontal strip (PaddleOCR's
// get_rotate_crop_image). sharp has no perspective warp, so the quad is sampled here: each output
// pixel maps bilinearly onto the quad (exact for the rectangles and parallelograms DB produces) and
// reads the photo with bilinear interpolation, edges clamped like cv2's BORDER_REPLICATE.
import { distance, type Quad } from './geometry'
import { rotateRgb, type RgbImage } from './image'

/** Strips this much taller than wide are vertical text: turned a quarter counter-clockwise. */
const VERTICAL_ASPECT = 1.5

export function warpQuad(image: RgbImage, quad: Quad): RgbImage {
  const [p0, p1, p2, p3] = quad
  const width = Math.max(1, Math.trunc(Math.max(distance(p0, p1), distance(p2, p3))))
  const height = Math.max(1, Math.trunc(Math.max(distance(p0, p3), distance(p1, p2))))
  const out = new Uint8Array(width * height * 3)
  const maxX = image.width - 1
  const maxY = image.height - 1
  const src = image.data
  for (let v = 0; v < height; v++) {
    const t = v / height
    // Left and right edges at this row, then interpolate across.
    const lx = p0[0] + (p3[0] - p0[0]) * t
    const ly = p0[1] + (p3[1] - p0[1]) * t
    const rx = p1[0] + (p2[0] - p1[0]) * t
    const ry = p1[1] + (p2[1] - p1[1]) * t
    for (let u = 0; u < width; u++) {
      const s = u / width
      const x = Math.min(Math.max(lx + (rx - lx) * s, 0), maxX)
      const y = Math.min(Math.max(ly + (ry - ly) * s, 0), maxY)
      const x0 = Math.floor(x)
      const y0 = Math.floor(y)
      const x1 = Math.min(x0 + 1, maxX)
      const y1 = Math.min(y0 + 1, maxY)
      const fx = x - x0
      const fy = y - y0
      const i00 = (y0 * image.width + x0) * 3
      const i01 = (y0 * image.width + x1) * 3
      const i10 = (y1 * image.width + x0) * 3
      const i11 = (y1 * image.width + x1) * 3
      const o = (v * width + u) * 3
      for (let c = 0; c < 3; c++) {
        const top = src[i00 + c]! + (src[i01 + c]! - src[i00 + c]!) * fx
        const bottom = src[i10 + c]! + (src[i11 + c]! - src[i10 + c]!) * fx
        out[o + c] = Math.round(top + (bottom - top) * fy)
      }
    }
  }
  return { data: out, width, height }
}

export async function cropTextLine(image: RgbImage, quad: Quad): Promise<RgbImage> {
  const strip = warpQuad(image, quad)
  return strip.height / strip.width >= VERTICAL_ASPECT ? rotateRgb(strip, 270) : strip
}
