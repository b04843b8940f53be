// Decoding of the grid thumbnails (plain lossy WebP) with libwebp compiled to wasm (@jsquash/webp).
// Measured on the 256-px grid thumbnails: libvips' WebP loader (through sharp) spends ~6 ms of CPU
// per image, mostly in its region and threading machinery around the decode, against ~2-3 ms here,
// with the same pixels (same libwebp decoder, default upsampling). For the classifier that decode,
// not session.run, was the larger cost.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import decodeWebp, { init as initWebpDecoder } from '@jsquash/webp/decode.js'
import { ImageDecodeError, writeCentreCropRgb, type ImageTensorSpec } from './image-tensor'

/** Width and height of a plain lossy WebP: RIFF + one 'VP8 ' chunk, no VP8X (so no alpha, EXIF, ICC). */
export function plainLossyWebpSize(bytes: Uint8Array): { width: number; height: number } | null {
  // RFC 9649: "RIFF" size "WEBP" "VP8 " chunk-size, then the VP8 frame: 3-byte frame tag, start code
  // 9d 01 2a, then 14-bit width and height (little endian; the top 2 bits are upscaling hints).
  if (bytes.length < 30) return null
  const ascii = (from: number, text: string) => [...text].every((c, i) => bytes[from + i] === c.charCodeAt(0))
  if (!ascii(0, 'RIFF') || !ascii(8, 'WEBP') || !ascii(12, 'VP8 ')) return null
  if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return null
  const width = (bytes[26]! | (bytes[27]! << 8)) & 0x3fff
  const height = (bytes[28]! | (bytes[29]! << 8)) & 0x3fff
  return width > 0 && height > 0 ? { width, height } : null
}

export interface RgbaPixels {
  data: Uint8ClampedArray
  width: number
  height: number
}

let ready: Promise<void> | undefined

function decoderReady(): Promise<void> {
  ready ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve('@jsquash/webp/codec/dec/webp_dec.wasm')
    // By default the package fetch()es the .wasm beside it, which Node cannot do for a file path;
    // Emscripten's `wasmBinary` hands it the bytes instead (not in the package's option typings).
    const options = { noInitialRun: true, wasmBinary: await readFile(wasmPath) }
    await initWebpDecoder(options)
  })()
  ready.catch(() => (ready = undefined))
  return ready
}

/** Decodes a WebP to RGBA. Rejects with the decoder's error for a damaged file. */
export async function decodeWebpRgba(bytes: Uint8Array): Promise<RgbaPixels> {
  await decoderReady()
  // Typed as ArrayBuffer, but the wasm binding copies any Uint8Array view into wasm memory.
  const image = (await decodeWebp(bytes as unknown as ArrayBuffer)) as unknown as RgbaPixels
  if (!image || image.data.length !== image.width * image.height * 4) throw new Error('WebP decoder returned no image')
  return image
}

/**
 * Whether the wasm decoder runs here. One that cannot start (its .wasm unreadable in some
 * packaging) must not fail an image: callers then decode the same file with sharp, only slower.
 */
function decoderUsable(): Promise<boolean> {
  return decoderReady().then(
    () => true,
    () => false,
  )
}

/**
 * A plain lossy WebP (our grid thumbnails) decoded to interleaved RGB, or null when the bytes are
 * not one or the decoder cannot start: the caller then decodes with sharp. Such a file has no EXIF,
 * ICC or alpha, so these are the pixels sharp's rotate/removeAlpha/sRGB pipeline would give.
 */
export async function decodePlainLossyWebpRgb(bytes: Uint8Array): Promise<{ data: Uint8Array; width: number; height: number } | null> {
  if (!plainLossyWebpSize(bytes) || !(await decoderUsable())) return null
  const rgba = await decodeWebpRgba(bytes)
  const pixels = rgba.width * rgba.height
  const rgb = new Uint8Array(pixels * 3)
  for (let p = 0, q = 0; p < pixels; p++, q += 4) {
    rgb[p * 3] = rgba.data[q]!
    rgb[p * 3 + 1] = rgba.data[q + 1]!
    rgb[p * 3 + 2] = rgba.data[q + 2]!
  }
  return { data: rgb, width: rgba.width, height: rgba.height }
}

/**
 * Writes the model input (the centre crop's RGB bytes, see writeCentreCropRgb) of a grid thumbnail
 * into `out` at `offset` and returns true; returns false, writing nothing, when the file is not a
 * plain lossy WebP whose shorter side already is `spec.resizeTo` (the caller then goes through
 * sharp). For such a file sharp's resize is the identity and rotate/removeAlpha/sRGB are no-ops (the
 * format has no EXIF, ICC or alpha), so this gives exactly the bytes the sharp path gives.
 */
export async function gridThumbnailToRgb(imagePath: string, spec: ImageTensorSpec, out: Uint8Array, offset = 0): Promise<boolean> {
  let bytes: Buffer
  try {
    bytes = await readFile(imagePath)
  } catch (error) {
    throw new ImageDecodeError(imagePath, error)
  }
  const size = plainLossyWebpSize(bytes)
  if (!size || Math.min(size.width, size.height) !== spec.resizeTo || !(await decoderUsable())) return false
  let rgba: RgbaPixels
  try {
    rgba = await decodeWebpRgba(bytes)
  } catch (error) {
    throw new ImageDecodeError(imagePath, error)
  }
  writeCentreCropRgb(imagePath, { ...rgba, channels: 4 }, spec, out, offset)
  return true
}
