import type { Rect, RgbImage } from './image'

/** Interleaved RGB with float samples in 0..255, the format crops are made in before they become tensors. */
export interface FloatRgbImage {
  readonly data: Float32Array
  readonly width: number
  readonly height: number
}

/**
 * Filter taps along one axis. Output sample i reads source samples first[i] .. first[i]+count[i]-1
 * with weights[i * stride + k]; count 0 means the sample's centre lies outside the valid span and
 * the output takes the fill value.
 */
interface AxisTaps {
  first: Int32Array
  count: Int32Array
  weights: Float32Array
  stride: number
}

/**
 * Triangle ("linear") filter whose width grows with the reduction factor, as libvips' reduce and
 * Pillow's resize do: plain bilinear interpolation when enlarging, an average over every covered
 * source pixel when shrinking (no aliasing on big faces). Taps are clamped to the valid span,
 * like a crop of the image that is then resized with edge extension.
 */
function axisTaps(start: number, span: number, outSize: number, validStart: number, validEnd: number): AxisTaps {
  const step = span / outSize
  const radius = Math.max(1, step)
  const stride = Math.ceil(2 * radius) + 1
  const first = new Int32Array(outSize)
  const count = new Int32Array(outSize)
  const weights = new Float32Array(outSize * stride)
  for (let i = 0; i < outSize; i++) {
    // Source pixel j covers [j, j + 1); its centre is j + 0.5.
    const centre = start + (i + 0.5) * step
    if (centre < validStart || centre >= validEnd) continue
    const lo = Math.max(validStart, Math.ceil(centre - radius - 0.5))
    const hi = Math.min(validEnd - 1, Math.floor(centre + radius - 0.5))
    let total = 0
    let n = 0
    for (let j = lo; j <= hi && n < stride; j++) {
      const w = 1 - Math.abs(j + 0.5 - centre) / radius
      if (w <= 0) {
        if (n === 0) continue
        break
      }
      if (n === 0) first[i] = j
      weights[i * stride + n] = w
      total += w
      n++
    }
    if (n === 0) {
      // Centre inside but every tap weight 0 cannot happen for radius >= 1; keep the nearest pixel.
      first[i] = Math.min(validEnd - 1, Math.max(validStart, Math.floor(centre)))
      weights[i * stride] = 1
      n = 1
      total = 1
    }
    for (let k = 0; k < n; k++) weights[i * stride + k] = (weights[i * stride + k] as number) / total
    count[i] = n
  }
  return { first, count, weights, stride }
}

// The horizontal pass's intermediate rows. resampleRgb never yields, so one buffer can serve every
// call; it only grows, which spares the garbage collector a large array per face crop.
let scratchBuffer = new Float32Array(0)
function scratch(length: number): Float32Array {
  if (scratchBuffer.length < length) scratchBuffer = new Float32Array(Math.max(length, scratchBuffer.length * 2))
  return scratchBuffer
}

export interface ResampleOptions {
  /** Integer rect of source pixels that count as image (default: the whole source); the rest is `fill`. */
  valid?: Rect
  /** Value (0..255) of output samples whose centre lies outside `valid` (default 0). */
  fill?: number
  /** Reused output buffer of outWidth * outHeight * 3 floats. */
  out?: Float32Array
}

/**
 * Resamples the (possibly fractional, possibly out-of-image) `frame` of an RGB image onto an
 * outWidth x outHeight grid: one separable pass over the rows the frame touches, straight from the
 * decoded buffer, so a face crop costs microseconds instead of a sharp pipeline.
 */
export function resampleRgb(source: RgbImage, frame: Rect, outWidth: number, outHeight: number, options: ResampleOptions = {}): FloatRgbImage {
  const fill = options.fill ?? 0
  const valid = options.valid ?? { x: 0, y: 0, width: source.width, height: source.height }
  const vx0 = Math.max(0, valid.x)
  const vy0 = Math.max(0, valid.y)
  const vx1 = Math.min(source.width, valid.x + valid.width)
  const vy1 = Math.min(source.height, valid.y + valid.height)
  const out = options.out ?? new Float32Array(outWidth * outHeight * 3)
  if (out.length !== outWidth * outHeight * 3) throw new Error(`resampleRgb: out holds ${out.length} floats, needs ${outWidth * outHeight * 3}`)
  out.fill(fill)
  if (vx1 <= vx0 || vy1 <= vy0) return { data: out, width: outWidth, height: outHeight }

  const xs = axisTaps(frame.x, frame.width, outWidth, vx0, vx1)
  const ys = axisTaps(frame.y, frame.height, outHeight, vy0, vy1)

  // Source rows any output row reads.
  let rowFrom = Number.POSITIVE_INFINITY
  let rowTo = -1
  for (let i = 0; i < outHeight; i++) {
    const n = ys.count[i] as number
    if (n === 0) continue
    rowFrom = Math.min(rowFrom, ys.first[i] as number)
    rowTo = Math.max(rowTo, (ys.first[i] as number) + n - 1)
  }
  if (rowTo < rowFrom) return { data: out, width: outWidth, height: outHeight }

  // Horizontal pass: each needed source row -> outWidth samples. Locals keep the hot loops on
  // plain typed arrays (a Buffer subclass or property loads cost V8 several times more).
  const rows = rowTo - rowFrom + 1
  const horizontal = scratch(rows * outWidth * 3)
  const src = new Uint8Array(source.data.buffer, source.data.byteOffset, source.data.length)
  const srcStride = source.width * 3
  const xFirst = xs.first
  const xCount = xs.count
  const xWeights = xs.weights
  const xStride = xs.stride
  for (let r = 0; r < rows; r++) {
    const rowBase = (rowFrom + r) * srcStride
    const hBase = r * outWidth * 3
    for (let x = 0; x < outWidth; x++) {
      const n = xCount[x]!
      if (n === 0) continue
      let p = rowBase + xFirst[x]! * 3
      const wBase = x * xStride
      let red = 0
      let green = 0
      let blue = 0
      for (let k = 0; k < n; k++) {
        const w = xWeights[wBase + k]!
        red += w * src[p]!
        green += w * src[p + 1]!
        blue += w * src[p + 2]!
        p += 3
      }
      const h = hBase + x * 3
      horizontal[h] = red
      horizontal[h + 1] = green
      horizontal[h + 2] = blue
    }
  }

  // Vertical pass.
  const hStride = outWidth * 3
  const yFirst = ys.first
  const yCount = ys.count
  const yWeights = ys.weights
  const yStride = ys.stride
  for (let y = 0; y < outHeight; y++) {
    const n = yCount[y]!
    if (n === 0) continue
    const rowStart = (yFirst[y]! - rowFrom) * hStride
    const wBase = y * yStride
    const outBase = y * hStride
    for (let x = 0; x < outWidth; x++) {
      if (xCount[x] === 0) continue
      let red = 0
      let green = 0
      let blue = 0
      let p = rowStart + x * 3
      for (let k = 0; k < n; k++) {
        const w = yWeights[wBase + k]!
        red += w * horizontal[p]!
        green += w * horizontal[p + 1]!
        blue += w * horizontal[p + 2]!
        p += hStride
      }
      out[outBase + x * 3] = red
      out[outBase + x * 3 + 1] = green
      out[outBase + x * 3 + 2] = blue
    }
  }
  return { data: out, width: outWidth, height: outHeight }
}
