// The decoded-pixel facts of one photo for the duplicate review: the hash of its full-size upright
// pixels (same-pixels tier) and a 32x32 greyscale fingerprint (the near tier's check on top of pHash).
import { createHash } from 'node:crypto'
import sharp, { type OutputInfo, type Sharp } from 'sharp'
import { decodeHeic, ensureSharpConfigured, sniffImageFormat } from '../ingest'
import { readRawPreviews, uprightPreview } from '../raw'
import { SHARP_INPUT_OPTIONS, SHARP_TIMEOUT_SECONDS, toBrokenFileError } from '../ingest/sharp-setup'

export const GRAY_SIDE = 32

export interface PixelFacts {
  /** SHA-256 (hex) of `<width>x<height>\n` then the upright full-size pixels as 8-bit sRGB with alpha. */
  pixelHash: string
  /** GRAY_SIDE² bytes: the upright photo squeezed (not cropped) to GRAY_SIDE x GRAY_SIDE, greyscale. */
  gray32: Uint8Array
}

/**
 * Decodes the photo at full size. Run in its own low-priority stage after the thumbnails: the
 * thumbnail stage decodes JPEGs at a reduced scale (shrink-on-load) for speed, so its pixels cannot
 * say whether two files hold identical full-size pixels. The pixels are streamed into the hash, so a
 * 50-megapixel photo never sits in memory as one buffer. Canonical RGBA: an opaque PNG with an alpha
 * channel and the JPEG it was made from hash alike. Throws BrokenFileError for undecodable files.
 */
export async function pixelFacts(path: string): Promise<PixelFacts> {
  ensureSharpConfigured()
  const sniffed = await sniffImageFormat(path)
  let source: Sharp
  if (sniffed.format === 'heif') {
    // HEVC-coded HEIF decodes in the WASM worker, which applies the container's rotation itself; an
    // AV1-coded one would decode in libvips, but the worker reads both.
    const rgba = await decodeHeic(path)
    source = sharp(rgba.data, { raw: { width: rgba.width, height: rgba.height, channels: 4 } })
  } else if (sniffed.format === 'raw') {
    // A RAW's pixels are its largest embedded preview, upright (as its thumbnails are made).
    const [preview] = await readRawPreviews(path, { max: 1 })
    source = uprightPreview(preview!)
  } else {
    source = sharp(path, SHARP_INPUT_OPTIONS).autoOrient()
  }
  source = source.timeout({ seconds: SHARP_TIMEOUT_SECONDS })
  try {
    const gray = source.clone().resize(GRAY_SIDE, GRAY_SIDE, { fit: 'fill' }).greyscale().raw({ depth: 'uchar' }).toBuffer()
    const full = source.clone().toColourspace('srgb').ensureAlpha().raw({ depth: 'uchar' })
    const hash = createHash('sha256')
    let size: { width: number; height: number } | undefined
    full.on('info', (info: OutputInfo) => {
      size = { width: info.width, height: info.height }
    })
    // The size goes in front of the pixels, but is only known once decoding starts: hash the pixels
    // on their own, then hash the size with that digest.
    for await (const chunk of full) hash.update(chunk as Buffer)
    const pixelsDigest = hash.digest('hex')
    if (!size) throw new Error('the decoder reported no size')
    const pixelHash = createHash('sha256').update(`${size.width}x${size.height}\n${pixelsDigest}`).digest('hex')
    return { pixelHash, gray32: new Uint8Array(await gray) }
  } catch (error) {
    throw toBrokenFileError(error, sniffed.format.toUpperCase())
  }
}

/**
 * How far apart two fingerprints are where they differ most, once their overall brightness is
 * matched: the 99th percentile of the per-pixel differences (0-255). A re-encoded or resized copy
 * spreads small errors everywhere (measured ≤ 32 on the test photos, WebP and JPEG q30 included);
 * another frame of a burst changes some places a lot (53 for the two basketball frames, whose pHash
 * differs by 2 bits only).
 */
export function localDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) throw new Error('fingerprints of different sizes')
  let mean = 0
  for (let i = 0; i < a.length; i++) mean += a[i]! - b[i]!
  mean /= a.length
  const diffs = new Float64Array(a.length)
  for (let i = 0; i < a.length; i++) diffs[i] = Math.abs(a[i]! - b[i]! - mean)
  diffs.sort()
  return diffs[Math.floor(a.length * 0.99)]!
}

/** Above this local difference two photos are not the same picture, whatever their pHash. */
export const MAX_LOCAL_DIFFERENCE = 40
