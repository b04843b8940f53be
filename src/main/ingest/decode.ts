// Decoding a photo exactly once into upright, display-ready 8-bit pixels no larger than the preview size.
// Every derived product (preview, grid thumbnail, perceptual hash) is computed from these pixels, so the
// expensive part — reading and decompressing the original — happens one time per import. For JPEG, libvips
// additionally decodes at a reduced DCT scale when the target is much smaller ("shrink-on-load").
import sharp, { type Metadata } from 'sharp'
import { decodeHeic } from './heic-decoder'
import { FORMAT_LABEL, type SniffedImage } from './image-format'
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
    throw toBrokenFileError(error, label)
  }
}

/** Grey photos stay one channel (a third of the memory); everything else becomes sRGB (CMYK, Lab, 16-bit…). */
function isGreyscale(header: Metadata): boolean {
  return header.space === 'b-w' || header.space === 'grey16'
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
