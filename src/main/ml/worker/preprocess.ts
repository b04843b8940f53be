// Image -> normalised float tensor, as a model's input spec asks (resize the shorter side, centre crop,
// scale, mean/std, NCHW). sharp decodes in libuv's thread pool, so several images can be in flight.
import sharp, { type OutputInfo } from 'sharp'

export interface ImageTensorSpec {
  /** Output [width, height]. */
  width: number
  height: number
  /** Shorter side after resizing, before the centre crop (>= width and height). */
  resizeTo: number
  /** Multiplier for 0..255 values (1/255 for [0,1]). */
  scale: number
  mean: readonly [number, number, number]
  std: readonly [number, number, number]
  kernel?: 'lanczos3' | 'cubic' | 'linear'
}

export class ImageDecodeError extends Error {
  readonly code = 'IMAGE_DECODE'
  constructor(
    readonly imagePath: string,
    cause: unknown,
  ) {
    super(`Cannot read image ${imagePath}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
    this.name = 'ImageDecodeError'
  }
}

/**
 * Writes the image as CHW float32 into `out` at `offset` (so a batch tensor is filled in place).
 * `.rotate()` applies EXIF orientation, so callers may pass originals as well as rotated previews.
 */
export async function imageToTensor(
  imagePath: string,
  spec: ImageTensorSpec,
  out: Float32Array,
  offset = 0,
): Promise<void> {
  let data: Buffer
  let info: OutputInfo
  try {
    ;({ data, info } = await sharp(imagePath, { failOn: 'error' })
      .rotate()
      .resize({ width: spec.resizeTo, height: spec.resizeTo, fit: 'outside', kernel: spec.kernel ?? 'lanczos3' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true }))
  } catch (error) {
    throw new ImageDecodeError(imagePath, error)
  }
  const { width, height, channels } = info
  if (width < spec.width || height < spec.height) {
    throw new ImageDecodeError(imagePath, new Error(`resized to ${width}x${height}, smaller than the crop`))
  }
  const left = Math.floor((width - spec.width) / 2)
  const top = Math.floor((height - spec.height) / 2)
  const plane = spec.width * spec.height
  for (let c = 0; c < 3; c++) {
    // Grey images come back with one channel: repeat it.
    const src = channels >= 3 ? c : 0
    const mul = spec.scale / spec.std[c]!
    const add = -spec.mean[c]! / spec.std[c]!
    const base = offset + c * plane
    for (let y = 0; y < spec.height; y++) {
      let i = ((top + y) * width + left) * channels + src
      let o = base + y * spec.width
      for (let x = 0; x < spec.width; x++, i += channels, o++) out[o] = data[i]! * mul + add
    }
  }
}
