// Decoded pixels -> a model's input: the centre crop, as normalised planar CHW floats or as the crop's
// RGB bytes for a model that normalises its own input.
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

/** The classifier's preprocessing (ONNX Model Zoo MobileNetV2, see its SOURCE.md). */
export const CLASSIFIER_INPUT: ImageTensorSpec = {
  width: 224,
  height: 224,
  resizeTo: 256,
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
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

/** Where the centre `crop` of an image starts; an ImageDecodeError when the image is smaller than the crop. */
export function centreCropOrigin(imagePath: string, image: { width: number; height: number }, crop: { width: number; height: number }): { left: number; top: number } {
  if (image.width < crop.width || image.height < crop.height) {
    throw new ImageDecodeError(imagePath, new Error(`resized to ${image.width}x${image.height}, smaller than the ${crop.width}x${crop.height} crop`))
  }
  return { left: Math.floor((image.width - crop.width) / 2), top: Math.floor((image.height - crop.height) / 2) }
}

/** Writes the centre crop as normalised CHW float32 into `out` at `offset`. */
export function writeCentreCrop(imagePath: string, pixels: InterleavedPixels, spec: ImageTensorSpec, out: Float32Array, offset = 0): void {
  const { data, width, channels } = pixels
  // Plain locals in the loops: `spec` may arrive through postMessage (the decode thread), and
  // reading its fields per pixel cost ~15x the arithmetic there (measured 2.8 vs 0.19 ms/image).
  const cropWidth = spec.width
  const cropHeight = spec.height
  const { left, top } = centreCropOrigin(imagePath, pixels, spec)
  const plane = cropWidth * cropHeight
  for (let c = 0; c < 3; c++) {
    // Grey images come back with one channel: repeat it.
    const src = channels >= 3 ? c : 0
    const mul = spec.scale / spec.std[c]!
    const add = -spec.mean[c]! / spec.std[c]!
    const base = offset + c * plane
    for (let y = 0; y < cropHeight; y++) {
      let i = ((top + y) * width + left) * channels + src
      let o = base + y * cropWidth
      const end = o + cropWidth
      for (; o < end; i += channels, o++) out[o] = data[i]! * mul + add
    }
  }
}

/**
 * Writes the centre crop as 8-bit interleaved RGB (HWC) into `out` at byte `offset`: the input of a
 * model whose graph normalises its own input (see withRgbBytesInput). Grey is repeated into all
 * three channels, alpha dropped.
 */
export function writeCentreCropRgb(imagePath: string, pixels: InterleavedPixels, spec: ImageTensorSpec, out: Uint8Array, offset = 0): void {
  const { data, width, channels } = pixels
  const cropWidth = spec.width
  const cropHeight = spec.height
  const { left, top } = centreCropOrigin(imagePath, pixels, spec)
  if (out.length < offset + cropWidth * cropHeight * 3) throw new RangeError('the crop does not fit in the output at this offset')
  const rowBytes = cropWidth * 3
  for (let y = 0; y < cropHeight; y++) {
    const from = ((top + y) * width + left) * channels
    let o = offset + y * rowBytes
    if (channels === 3) {
      out.set(data.subarray(from, from + rowBytes), o)
      continue
    }
    const end = o + rowBytes
    for (let i = from; o < end; i += channels, o += 3) {
      if (channels >= 3) {
        out[o] = data[i]!
        out[o + 1] = data[i + 1]!
        out[o + 2] = data[i + 2]!
      } else {
        const grey = data[i]!
        out[o] = grey
        out[o + 1] = grey
        out[o + 2] = grey
      }
    }
  }
}

/** Pixels already cropped to the model's input size, 8-bit RGB interleaved (see PreparedImage in protocol.ts). */
export interface PreparedPixels {
  /** Row y starts at y × stride. */
  rgb: Uint8Array
  width: number
  height: number
  /**
   * Bytes from one row's start to the next; default width × 3 (contiguous). A crop of a bigger
   * image is its rows in place (rgb starts at the crop's first pixel), so it is never copied on its
   * way to the input store.
   */
  stride?: number
  source: string
}

/** The pixels as width × height × 3 contiguous bytes: `rgb` itself when it is, else a copy of the rows. */
export function contiguousRgb(image: PreparedPixels): Uint8Array {
  const rowBytes = image.width * 3
  const stride = image.stride ?? rowBytes
  if (image.rgb.length < stride * (image.height - 1) + rowBytes) {
    throw new ImageDecodeError(image.source, new Error(`prepared pixels have ${image.rgb.length} bytes, too few for ${image.width}x${image.height} RGB rows ${stride} bytes apart`))
  }
  if (stride === rowBytes) return image.rgb.subarray(0, rowBytes * image.height)
  const out = new Uint8Array(rowBytes * image.height)
  for (let y = 0; y < image.height; y++) out.set(image.rgb.subarray(y * stride, y * stride + rowBytes), y * rowBytes)
  return out
}

/** Normalises pixels the caller already resized and cropped to exactly the spec's size. */
export function writePreparedPixels(image: PreparedPixels, spec: ImageTensorSpec, out: Float32Array, offset = 0): void {
  const rowBytes = image.width * 3
  if (image.width !== spec.width || image.height !== spec.height || ((image.stride ?? rowBytes) === rowBytes && image.rgb.length !== rowBytes * image.height)) {
    throw new ImageDecodeError(
      image.source,
      new Error(`prepared pixels are ${image.width}x${image.height} (${image.rgb.length} bytes), the model needs ${spec.width}x${spec.height} RGB`),
    )
  }
  writeCentreCrop(image.source, { data: contiguousRgb(image), width: image.width, height: image.height, channels: 3 }, spec, out, offset)
}
