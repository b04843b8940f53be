import sharp, { type Metadata } from 'sharp'
import { decodeUpright as decodePhotoUpright } from '../../ingest/decode'
import { decodeHeic } from '../../ingest/heic-decoder'
import { sniffImageFormat } from '../../ingest/image-format'
import { isRawPath } from '../../raw'

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
 * Decodes a photo (path or bytes) upright (EXIF orientation applied), as 8-bit RGB, no larger than
 * `maxSide` on its long side. Faces in the original are at most original/maxSide times larger than
 * in the working copy, and the detector tiles the working copy, so 3072 px keeps 20 px faces of
 * 12 MP photos findable while capping memory at ~28 MB. Anything sharp reads, plus HEVC-coded HEIF
 * (HEIC) files, which sharp's libvips cannot decode: those go through the import's HEIC decoder, so
 * faces are found in the same upright pixels as the preview their boxes are later drawn on.
 */
export async function decodeUpright(input: string | Buffer, maxSide = 3072): Promise<DecodedImage> {
  const named = typeof input === 'string' ? ` ${input}` : ''
  const cannotRead = (error: Error) => {
    throw new FaceImageError(`Cannot read image${named}: ${error.message}`)
  }
  // A camera RAW is its embedded preview, upright, as the import shows it (sharp cannot read the RAW).
  if (typeof input === 'string' && isRawPath(input)) return decodeRawUpright(input, maxSide)
  // The header first (cheap, and it refuses images over sharp's pixel limit before any decode): it
  // says whether sharp can decode the pixels and gives the upright original size.
  const meta: Metadata = await sharp(input, { failOn: 'error' }).metadata().catch(cannotRead)
  const hevc = meta.format === 'heif' && meta.compression !== 'av1'
  if (hevc) return decodeHevcUpright(input, maxSide)
  const { data, info } = await sharp(input, { failOn: 'error' })
    .rotate()
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch(cannotRead)
  if (info.channels !== 3) throw new FaceImageError(`Expected 3 channels after decode, got ${info.channels}`)
  const originalWidth = meta.autoOrient?.width ?? meta.width
  const originalHeight = meta.autoOrient?.height ?? meta.height
  if (!originalWidth || !originalHeight) throw new FaceImageError('Image has no dimensions')
  return {
    image: { data, width: info.width, height: info.height },
    originalWidth,
    originalHeight,
    toOriginal: originalWidth / info.width,
  }
}

/**
 * Camera RAW: the import's decode of its largest usable embedded JPEG, turned by the RAW's
 * orientation, so face boxes fall on the same pixels as the preview they are drawn on.
 */
async function decodeRawUpright(path: string, maxSide: number): Promise<DecodedImage> {
  const pixels = await sniffImageFormat(path)
    .then((sniffed) => decodePhotoUpright(path, sniffed, maxSide))
    .catch((error: Error) => {
      throw new FaceImageError(`Cannot read image ${path}: ${error.message}`)
    })
  if (pixels.channels !== 3) throw new FaceImageError(`Expected 3 channels after decode, got ${pixels.channels}`)
  return {
    image: { data: pixels.data, width: pixels.width, height: pixels.height },
    originalWidth: pixels.fullWidth,
    originalHeight: pixels.fullHeight,
    toOriginal: pixels.fullWidth / pixels.width,
  }
}

/**
 * HEIC: decoded by heic-decode in a worker thread (with the import's pixel limit), already turned by
 * the container's irot/imir. Like the import (ingest/decode.ts), the EXIF Orientation tag is not
 * applied on top: HEIF readers must ignore it, and the preview ignores it too.
 */
async function decodeHevcUpright(input: string | Buffer, maxSide: number): Promise<DecodedImage> {
  if (typeof input !== 'string') throw new FaceImageError('HEIC images are decoded from a file path, not from bytes')
  const rgba = await decodeHeic(input).catch((error: Error) => {
    throw new FaceImageError(`Cannot read image ${input}: ${error.message}`)
  })
  const { data, info } = await sharp(rgba.data, { raw: { width: rgba.width, height: rgba.height, channels: 4 } })
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
  if (info.channels !== 3) throw new FaceImageError(`Expected 3 channels after decode, got ${info.channels}`)
  return {
    image: { data, width: info.width, height: info.height },
    originalWidth: rgba.width,
    originalHeight: rgba.height,
    toOriginal: rgba.width / info.width,
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
 * The whole image resized to width x height with libvips (linear kernel, which averages when
 * shrinking). Used once or twice per photo for the detector's views, where one vectorised pass
 * over a large photo beats JS.
 */
export async function resizeRgb(source: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (width === source.width && height === source.height) return source
  const { data, info } = await sharp(source.data, { raw: { width: source.width, height: source.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
  if (info.width !== width || info.height !== height || info.channels !== 3) {
    throw new Error(`resizeRgb produced ${info.width}x${info.height}x${info.channels}`)
  }
  return { data, width, height }
}

/** Interleaved RGB (8-bit or float 0..255) -> planar float32 CHW with (v - mean) / std. */
export function rgbToChw(rgb: ArrayLike<number>, mean: number, std: number, out?: Float32Array): Float32Array {
  const plane = rgb.length / 3
  const result = out ?? new Float32Array(rgb.length)
  for (let i = 0; i < plane; i++) {
    result[i] = ((rgb[3 * i] as number) - mean) / std
    result[plane + i] = ((rgb[3 * i + 1] as number) - mean) / std
    result[2 * plane + i] = ((rgb[3 * i + 2] as number) - mean) / std
  }
  return result
}
