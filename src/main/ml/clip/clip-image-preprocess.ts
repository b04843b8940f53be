import { readFile } from 'node:fs/promises'
import sharp, { type KernelEnum, type Sharp } from 'sharp'
import { z } from 'zod'
import { contiguousRgb, type PreparedPixels } from '../worker/image-tensor'
import { readPreparedImageSync } from '../worker/prepared-file'
import { isPreparedImage, type PreparedImage } from '../worker/protocol'
import { decodePlainLossyWebpRgb } from '../worker/webp-decode'

/**
 * CLIP image preprocessing, as the encoder was trained (HF CLIPImageProcessor semantics):
 * resize the shorter side to `shortestEdge` (bicubic), centre-crop to `crop`, scale to [0, 1],
 * normalise per channel with mean/std, lay out as planar CHW float32.
 * One deliberate difference: EXIF orientation is applied first, so the model sees the photo the
 * way the user does (PIL in the reference pipeline ignores it).
 */

export interface ClipImagePreprocessConfig {
  shortestEdge: number
  crop: { width: number; height: number }
  rescaleFactor: number
  mean: readonly [number, number, number]
  std: readonly [number, number, number]
  kernel: keyof KernelEnum
}

/** OpenAI CLIP ViT-B/32 (and every OpenCLIP ViT-B/32 export that reuses its preprocessor). */
export const CLIP_VIT_B32_PREPROCESS: ClipImagePreprocessConfig = {
  shortestEdge: 224,
  crop: { width: 224, height: 224 },
  rescaleFactor: 1 / 255,
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
  kernel: 'cubic',
}

/** A file path, or encoded image bytes (JPEG/PNG/WebP/TIFF… whatever sharp decodes). */
export type ClipImageInput = string | Buffer | Uint8Array

const triple = z.tuple([z.number(), z.number(), z.number()])
const preprocessorSchema = z.object({
  size: z.union([z.object({ shortest_edge: z.number().int().positive() }), z.number().int().positive()]),
  crop_size: z.union([z.object({ height: z.number().int().positive(), width: z.number().int().positive() }), z.number().int().positive()]),
  do_resize: z.boolean().optional(),
  do_center_crop: z.boolean().optional(),
  do_rescale: z.boolean().optional(),
  do_normalize: z.boolean().optional(),
  rescale_factor: z.number().positive().optional(),
  image_mean: triple,
  image_std: triple.refine((std) => std.every((s) => s > 0), 'std must be positive'),
  resample: z.number().int().optional(),
})

// PIL resample codes (what preprocessor_config.json stores) → sharp kernels.
const PIL_RESAMPLE_TO_SHARP: Record<number, keyof KernelEnum> = { 0: 'nearest', 1: 'lanczos3', 2: 'linear', 3: 'cubic' }

/** Reads a HF `preprocessor_config.json`; rejects the variants this pipeline does not implement. */
export async function loadClipPreprocessConfig(path: string): Promise<ClipImagePreprocessConfig> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as unknown
  } catch (error) {
    throw new Error(`CLIP preprocessing: cannot read ${path}: ${(error as Error).message}`, { cause: error })
  }
  const parsed = preprocessorSchema.safeParse(json)
  if (!parsed.success) {
    throw new Error(`CLIP preprocessing: ${path} is not a CLIP preprocessor config: ${parsed.error.issues[0]?.message}`)
  }
  const c = parsed.data
  for (const step of ['do_resize', 'do_center_crop', 'do_rescale', 'do_normalize'] as const) {
    if (c[step] === false) throw new Error(`CLIP preprocessing: ${path} turns off ${step}, which is not supported`)
  }
  const kernel = PIL_RESAMPLE_TO_SHARP[c.resample ?? 3]
  if (!kernel) throw new Error(`CLIP preprocessing: unsupported resample mode ${c.resample} in ${path}`)
  const crop = typeof c.crop_size === 'number' ? { width: c.crop_size, height: c.crop_size } : c.crop_size
  return {
    shortestEdge: typeof c.size === 'number' ? c.size : c.size.shortest_edge,
    crop: { width: crop.width, height: crop.height },
    rescaleFactor: c.rescale_factor ?? 1 / 255,
    mean: c.image_mean,
    std: c.image_std,
    kernel,
  }
}

function describe(input: ClipImageInput): string {
  return typeof input === 'string' ? input : `<${input.length}-byte buffer>`
}

/**
 * The decoded, EXIF-rotated image as 3-channel sRGB, like PIL's convert('RGB') (grey/CMYK become
 * sRGB, alpha is dropped, not composited). With alpha present, libvips would resize in
 * premultiplied 8-bit form and darken the result by ~1.5 grey levels, so such images are first
 * flattened to raw RGB and resized from that.
 */
async function uprightRgb(source: string | Buffer, hasAlpha: boolean): Promise<Sharp> {
  const rgb = (image: Sharp): Sharp => image.rotate().removeAlpha().toColourspace('srgb')
  if (!hasAlpha) return rgb(sharp(source))
  const { data, info } = await rgb(sharp(source)).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
}

function isPrepared(input: ClipImageInput | PreparedPixels | PreparedImage): input is PreparedPixels {
  return typeof input === 'object' && 'rgb' in input && input.rgb instanceof Uint8Array
}

/**
 * The resize + centre crop of CLIP preprocessing, as 8-bit interleaved RGB: the upright image of
 * `width`×`height` resized so its shorter side is `shortestEdge` (HF's integer arithmetic), then
 * cropped to `crop`. Used by preprocessClipImage and by the thumbnail stage, which prepares it from
 * the pixels it decoded anyway.
 */
export async function clipCropRgb(upright: Sharp, width: number, height: number, config: ClipImagePreprocessConfig): Promise<Buffer> {
  // Same integer arithmetic as HF's get_resize_output_image_size + center_crop.
  const short = Math.min(width, height)
  const long = Math.max(width, height)
  const newShort = config.shortestEdge
  const newLong = Math.max(newShort, Math.trunc((newShort * long) / short))
  const resizedWidth = width <= height ? newShort : newLong
  const resizedHeight = width <= height ? newLong : newShort
  const { width: cropWidth, height: cropHeight } = config.crop
  if (resizedWidth < cropWidth || resizedHeight < cropHeight) {
    throw new Error(`crop ${cropWidth}×${cropHeight} is larger than the resized ${resizedWidth}×${resizedHeight}`)
  }
  const left = Math.floor((resizedWidth - cropWidth) / 2)
  const top = Math.floor((resizedHeight - cropHeight) / 2)

  const { data, info } = await upright
    .resize(resizedWidth, resizedHeight, { fit: 'fill', kernel: config.kernel })
    .extract({ left, top, width: cropWidth, height: cropHeight })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
  if (info.channels !== 3 || info.width !== cropWidth || info.height !== cropHeight) {
    throw new Error(`decoder produced ${info.width}×${info.height}×${info.channels}, expected ${cropWidth}×${cropHeight}×3`)
  }
  return data
}

/** Scale, mean/std, interleaved → planar CHW float32, into `out` at `at`. */
function normaliseCrop(rgb: Uint8Array, config: ClipImagePreprocessConfig, out: Float32Array, at: number): Float32Array {
  const plane = config.crop.width * config.crop.height
  for (let c = 0; c < 3; c++) {
    const scale = config.rescaleFactor / (config.std[c] as number)
    const offset = (config.mean[c] as number) / (config.std[c] as number)
    const base = at + c * plane
    for (let p = 0; p < plane; p++) out[base + p] = (rgb[p * 3 + c] as number) * scale - offset
  }
  return out
}

/**
 * CHW float32 of length 3 × crop.height × crop.width for one image: decoded and cropped here, or,
 * for prepared pixels (in memory or a prepared file), only normalised. Written into `out` at `at`
 * when given, else into a new array; returns the array written.
 */
export async function preprocessClipImage(
  input: ClipImageInput | PreparedPixels | PreparedImage,
  config: ClipImagePreprocessConfig = CLIP_VIT_B32_PREPROCESS,
  out: Float32Array = new Float32Array(3 * config.crop.width * config.crop.height),
  at = 0,
): Promise<Float32Array> {
  // Read synchronously into a reused buffer and normalised before anything else runs (see readPreparedImageSync).
  const pixels = isPreparedImage(input) ? readPreparedImageSync(input) : input
  if (isPrepared(pixels)) {
    const { width, height } = config.crop
    const contiguous = (pixels.stride ?? width * 3) === width * 3
    if (pixels.width !== width || pixels.height !== height || (contiguous && pixels.rgb.length !== width * height * 3)) {
      throw new Error(`CLIP preprocessing failed for ${pixels.source}: prepared pixels are ${pixels.width}×${pixels.height}, the encoder needs ${width}×${height} RGB`)
    }
    return normaliseCrop(contiguousRgb(pixels), config, out, at)
  }
  input = pixels
  try {
    const source = typeof input === 'string' ? await readFile(input) : Buffer.from(input.buffer, input.byteOffset, input.byteLength)
    // Grid thumbnails (plain lossy WebP) decode in a third of sharp's CPU time with libwebp in wasm;
    // same pixels (see decodePlainLossyWebpRgb). Anything else goes through sharp.
    const fast = await decodePlainLossyWebpRgb(source)
    let width: number
    let height: number
    let upright: () => Promise<Sharp>
    if (fast) {
      ;({ width, height } = fast)
      upright = async () => sharp(fast.data, { raw: { width: fast.width, height: fast.height, channels: 3 } })
    } else {
      const meta = await sharp(source).metadata()
      if (!meta.width || !meta.height) throw new Error('image has no dimensions')
      // EXIF orientations 5–8 are rotated by 90°, which swaps width and height after .rotate().
      const swapped = (meta.orientation ?? 1) >= 5
      width = swapped ? meta.height : meta.width
      height = swapped ? meta.width : meta.height
      upright = () => uprightRgb(source, meta.hasAlpha === true)
    }
    return normaliseCrop(await clipCropRgb(await upright(), width, height, config), config, out, at)
  } catch (error) {
    throw new Error(`CLIP preprocessing failed for ${describe(input)}: ${(error as Error).message}`, { cause: error })
  }
}
