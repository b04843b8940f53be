import sharp, { type Metadata } from 'sharp'

/** Packed 8-bit RGB pixels, row-major, no padding. */
export interface RgbImage {
  readonly data: Buffer
  readonly width: number
  readonly height: number
}

/** Packed 8-bit grey pixels, row-major. */
export interface GreyImage {
  readonly data: Buffer
  readonly width: number
  readonly height: number
}

export interface DecodedImage {
  /** Working copy, possibly downscaled so huge photos stay cheap. */
  readonly image: RgbImage
  /** Size of the orientation-corrected original. */
  readonly originalWidth: number
  readonly originalHeight: number
  /** Multiply working coordinates by this to get original coordinates. */
  readonly toOriginal: number
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export class FaceImageError extends Error {
  override name = 'FaceImageError'
}

/**
 * Decodes any sharp-readable image (path or bytes) upright (EXIF orientation applied), as 8-bit
 * RGB, no larger than `maxSide` on its long side. Faces in the original are at most
 * original/maxSide times larger than in the working copy, and the detector tiles the working copy,
 * so 3072 px keeps 20 px faces of 12 MP photos findable while capping memory at ~28 MB.
 */
export async function decodeUpright(input: string | Buffer, maxSide = 3072): Promise<DecodedImage> {
  let meta: Metadata
  try {
    meta = await sharp(input, { failOn: 'error' }).metadata()
  } catch (error) {
    throw new FaceImageError(`Cannot read image${typeof input === 'string' ? ` ${input}` : ''}: ${(error as Error).message}`)
  }
  const originalWidth = meta.autoOrient?.width ?? meta.width
  const originalHeight = meta.autoOrient?.height ?? meta.height
  if (!originalWidth || !originalHeight) throw new FaceImageError('Image has no dimensions')
  const scale = Math.min(1, maxSide / Math.max(originalWidth, originalHeight))
  const width = Math.max(1, Math.round(originalWidth * scale))
  const height = Math.max(1, Math.round(originalHeight * scale))
  let pipeline = sharp(input, { failOn: 'error' }).rotate()
  if (scale < 1) pipeline = pipeline.resize(width, height, { fit: 'fill' })
  const { data, info } = await pipeline
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((error: Error) => {
      throw new FaceImageError(`Cannot decode image: ${error.message}`)
    })
  if (info.channels !== 3) throw new FaceImageError(`Expected 3 channels after decode, got ${info.channels}`)
  return {
    image: { data, width: info.width, height: info.height },
    originalWidth,
    originalHeight,
    toOriginal: originalWidth / info.width,
  }
}

/** Integer rect clipped to the image; null when nothing of it is inside. */
export function clipRect(rect: Rect, width: number, height: number): Rect | null {
  const x0 = Math.max(0, Math.floor(rect.x))
  const y0 = Math.max(0, Math.floor(rect.y))
  const x1 = Math.min(width, Math.ceil(rect.x + rect.width))
  const y1 = Math.min(height, Math.ceil(rect.y + rect.height))
  if (x1 - x0 < 1 || y1 - y0 < 1) return null
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

/**
 * Crops `region` (may stick out of the image: the outside is filled with `fill`) and resizes it to
 * exactly outWidth x outHeight. Uses sharp so that downscaling averages (no aliasing on big faces).
 */
export async function cropResize(
  source: RgbImage,
  region: Rect,
  outWidth: number,
  outHeight: number,
  options: { grey?: boolean; fill?: number } = {},
): Promise<Buffer> {
  const fill = options.fill ?? 0
  const channels = options.grey ? 1 : 3
  const inside = clipRect(region, source.width, source.height)
  if (!inside) return Buffer.alloc(outWidth * outHeight * channels, fill)
  const sx = outWidth / region.width
  const sy = outHeight / region.height
  // Place the clipped part where it belongs inside the output, padding the rest.
  const left = Math.min(outWidth - 1, Math.max(0, Math.round((inside.x - region.x) * sx)))
  const top = Math.min(outHeight - 1, Math.max(0, Math.round((inside.y - region.y) * sy)))
  const w = Math.max(1, Math.min(outWidth - left, Math.round(inside.width * sx)))
  const h = Math.max(1, Math.min(outHeight - top, Math.round(inside.height * sy)))
  let pipeline = sharp(source.data, { raw: { width: source.width, height: source.height, channels: 3 } })
    .extract({ left: inside.x, top: inside.y, width: inside.width, height: inside.height })
    .resize(w, h, { fit: 'fill', kernel: 'linear' })
  if (w !== outWidth || h !== outHeight) {
    pipeline = pipeline.extend({
      left,
      top,
      right: outWidth - w - left,
      bottom: outHeight - h - top,
      background: { r: fill, g: fill, b: fill },
    })
  }
  if (options.grey) pipeline = pipeline.greyscale()
  const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
  if (info.width !== outWidth || info.height !== outHeight || info.channels !== channels) {
    throw new Error(`cropResize produced ${info.width}x${info.height}x${info.channels}`)
  }
  return data
}

/** Interleaved 8-bit RGB -> planar float32 CHW with (v - mean) / std. */
export function rgbToChw(rgb: Buffer | Uint8Array, mean: number, std: number, out?: Float32Array): Float32Array {
  const plane = rgb.length / 3
  const result = out ?? new Float32Array(rgb.length)
  for (let i = 0; i < plane; i++) {
    result[i] = ((rgb[3 * i] as number) - mean) / std
    result[plane + i] = ((rgb[3 * i + 1] as number) - mean) / std
    result[2 * plane + i] = ((rgb[3 * i + 2] as number) - mean) / std
  }
  return result
}
