import { resizeRgb, type Rect, type RgbImage } from './image'
import { resampleRgb, type FloatRgbImage } from './resample'

/** A copy of the working image at another scale. */
export interface ImageLevel {
  readonly image: RgbImage
  /** Level pixels per working pixel, per axis (level sizes are rounded). */
  readonly scaleX: number
  readonly scaleY: number
}

/**
 * The decoded working image plus the smaller copies the detector made of it, shared by every
 * crop of the photo: a crop that shrinks a lot reads the smallest copy that still has twice its
 * output resolution, so a big face costs about as much to crop as a small one.
 */
export class ImagePyramid {
  private readonly levels: ImageLevel[]
  /** Crop outputs by length, reused so each face does not allocate (and later collect) new ones. */
  private readonly cropBuffers = new Map<number, Float32Array>()

  constructor(readonly base: RgbImage) {
    this.levels = [{ image: base, scaleX: 1, scaleY: 1 }]
  }

  get width(): number {
    return this.base.width
  }

  get height(): number {
    return this.base.height
  }

  /** The working image resized by `scale` (made once with libvips, then reused). */
  async level(scale: number): Promise<ImageLevel> {
    const width = Math.max(1, Math.round(this.base.width * scale))
    const height = Math.max(1, Math.round(this.base.height * scale))
    const known = this.levels.find((l) => l.image.width === width && l.image.height === height)
    if (known) return known
    const level = { image: await resizeRgb(this.base, width, height), scaleX: width / this.base.width, scaleY: height / this.base.height }
    this.levels.push(level)
    return level
  }

  /**
   * Resamples `frame` (working pixels, may stick out of the image; outside is `fill`) to
   * outWidth x outHeight, from the coarsest level that keeps at least 2 level pixels per output
   * pixel (the triangle filter then still averages over them, see resampleRgb).
   * The returned data is this pyramid's buffer for that output size: it is overwritten by the
   * next crop of the same size, so use it (or copy it) before cropping again.
   */
  crop(frame: Rect, outWidth: number, outHeight: number, fill = 0): FloatRgbImage {
    const needX = (2 * outWidth) / frame.width
    const needY = (2 * outHeight) / frame.height
    let best = this.levels[0] as ImageLevel
    for (const level of this.levels) {
      if (level.scaleX >= needX && level.scaleY >= needY && level.scaleX * level.scaleY < best.scaleX * best.scaleY) best = level
    }
    const inLevel: Rect = {
      x: frame.x * best.scaleX,
      y: frame.y * best.scaleY,
      width: frame.width * best.scaleX,
      height: frame.height * best.scaleY,
    }
    const length = outWidth * outHeight * 3
    let out = this.cropBuffers.get(length)
    if (!out) {
      out = new Float32Array(length)
      this.cropBuffers.set(length, out)
    }
    return resampleRgb(best.image, inLevel, outWidth, outHeight, { fill, out })
  }
}
