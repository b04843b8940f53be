// Decoding a photo exactly once into upright, display-ready 8-bit pixels no larger than the preview size.
// Every derived product (preview, grid thumbnail, perceptual hash) is computed from these pixels, so the
// expensive part — reading and decompressing the original — happens one time per import. For JPEG, libvips
// additionally decodes at a reduced DCT scale when the target is much smaller ("shrink-on-load").
import { open } from 'node:fs/promises'
import sharp, { type Metadata } from 'sharp'
import { readRawPreviews, uprightPreview, uprightSize } from '../raw'
import { BrokenFileError } from './broken-file-error'
import { decodeHeic } from './heic-decoder'
import { FORMAT_LABEL, type ImageFormat, type SniffedImage } from './image-format'
import { ensureSharpConfigured, SHARP_INPUT_OPTIONS, SHARP_TIMEOUT_SECONDS, toBrokenFileError } from './sharp-setup'

export interface DecodedPixels {
  /** Raw interleaved 8-bit pixels, `channels` per pixel. */
  data: Buffer
  width: number
  height: number
  channels: 1 | 2 | 3 | 4
  /** Display size of the full-resolution image (after EXIF / HEIF orientation). */
  fullWidth: number
  fullHeight: number
}

/**
 * Decodes `path`, applies its orientation, converts to sRGB 8-bit and shrinks so the longest side is at
 * most `maxSide` (never enlarges). Throws BrokenFileError when the content cannot be decoded.
 */
export async function decodeUpright(path: string, sniffed: SniffedImage, maxSide: number): Promise<DecodedPixels> {
  ensureSharpConfigured()
  if (sniffed.format === 'raw') return decodeRaw(path, maxSide)
  const label = FORMAT_LABEL[sniffed.format]
  let header: Metadata
  try {
    header = await sharp(path, SHARP_INPUT_OPTIONS).metadata()
  } catch (error) {
    throw toBrokenFileError(error, label)
  }

  if (sniffed.format === 'heif' && header.compression !== 'av1') return decodeHevc(path, header, maxSide)

  try {
    const { data, info } = await sharp(path, SHARP_INPUT_OPTIONS)
      .timeout({ seconds: SHARP_TIMEOUT_SECONDS })
      .autoOrient()
      .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
      .toColourspace(isGreyscale(header) ? 'b-w' : 'srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    const full = header.autoOrient
    return { data, width: info.width, height: info.height, channels: info.channels, fullWidth: full.width, fullHeight: full.height }
  } catch (error) {
    throw await classifyDecodeFailure(error, path, sniffed)
  }
}

/**
 * Some decoders report a cut-off file only as a generic read error (libpng: "libpng read error"). When the
 * file also lacks its format's end marker, "truncated" is the accurate and more useful diagnosis.
 */
async function classifyDecodeFailure(error: unknown, path: string, sniffed: SniffedImage): Promise<BrokenFileError> {
  const broken = toBrokenFileError(error, FORMAT_LABEL[sniffed.format])
  if (broken.code !== 'decode-failed' || !(await lacksEndMarker(path, sniffed.format))) return broken
  return new BrokenFileError('truncated', `${FORMAT_LABEL[sniffed.format]} data is truncated (no end-of-image marker)`, { cause: error })
}

const TAIL_BYTES = 32

/** True when the file does not end with its format's end-of-image marker (only checked after a failure). */
async function lacksEndMarker(path: string, format: ImageFormat): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const length = Math.min(size, TAIL_BYTES)
    const tail = Buffer.alloc(length)
    await handle.read(tail, 0, length, size - length)
    switch (format) {
      case 'png':
        return !tail.includes('IEND', 0, 'latin1')
      case 'jpeg':
        return !tail.includes(Buffer.from([0xff, 0xd9]))
      case 'gif':
        return tail.at(-1) !== 0x3b
      default:
        return false
    }
  } finally {
    await handle.close()
  }
}

/** Grey photos stay one channel (a third of the memory); everything else becomes sRGB (CMYK, Lab, 16-bit…). */
function isGreyscale(header: Metadata): boolean {
  return header.space === 'b-w' || header.space === 'grey16'
}

/** How many embedded JPEGs of one RAW are tried when the largest does not decode. */
const RAW_PREVIEW_TRIES = 3

/**
 * Camera RAW: the largest embedded JPEG preview, turned upright by the RAW's orientation. The display
 * size is the preview's (it is what is shown; full-size previews match the sensor's output size).
 */
async function decodeRaw(path: string, maxSide: number): Promise<DecodedPixels> {
  // Only the ones it may try are read (after the first walk of the file, only their byte ranges).
  const previews = await readRawPreviews(path, { max: RAW_PREVIEW_TRIES })
  let failure: unknown
  for (const preview of previews.slice(0, RAW_PREVIEW_TRIES)) {
    try {
      const { data, info } = await uprightPreview(preview)
        .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true })
      const full = uprightSize(preview)
      return { data, width: info.width, height: info.height, channels: info.channels, fullWidth: full.width, fullHeight: full.height }
    } catch (error) {
      failure = error
    }
  }
  throw toBrokenFileError(failure, 'RAW preview JPEG')
}

/** HEVC-coded HEIF: WASM decode in a worker thread, then sharp continues from the raw RGBA pixels. */
async function decodeHevc(path: string, header: Metadata, maxSide: number): Promise<DecodedPixels> {
  // The worker already applies the container's rotation/mirroring (irot/imir). HEIF readers must ignore the
  // EXIF Orientation tag, which would rotate a second time.
  const rgba = await decodeHeic(path)
  try {
    let pipeline = sharp(rgba.data, { raw: { width: rgba.width, height: rgba.height, channels: 4 } })
      .timeout({ seconds: SHARP_TIMEOUT_SECONDS })
      .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    // heic-decode always returns RGBA; dropping an alpha channel that is fully opaque saves a quarter of the work.
    if (!header.hasAlpha) pipeline = pipeline.removeAlpha()
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
    return { data, width: info.width, height: info.height, channels: info.channels, fullWidth: rgba.width, fullHeight: rgba.height }
  } catch (error) {
    throw toBrokenFileError(error, 'HEIC')
  }
}
