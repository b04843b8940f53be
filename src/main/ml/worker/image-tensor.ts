// Decoded pixels -> a model's input tensor (centre crop, scale, mean/std, interleaved -> planar CHW).
// No sharp here: the WebP decode thread uses it too, and sharp must not load in worker threads.

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

/** Interleaved 8-bit pixels, already resized so the shorter side is the spec's `resizeTo`. */
export interface InterleavedPixels {
  data: Uint8Array | Uint8ClampedArray
  width: number
  height: number
  /** 1 (grey), 3 (RGB) or 4 (RGBA, alpha ignored). */
  channels: number
}

/** Writes the centre crop as normalised CHW float32 into `out` at `offset`. */
export function writeCentreCrop(imagePath: string, pixels: InterleavedPixels, spec: ImageTensorSpec, out: Float32Array, offset = 0): void {
  const { data, width, height, channels } = pixels
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
