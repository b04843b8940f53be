// Pixel buffers for the OCR pipeline. Everything works on one decoded, EXIF-oriented RGB copy of the
// photo, so boxes come back in the coordinates a viewer shows (sharp's .rotate() with no angle
// applies the EXIF orientation).
import sharp from 'sharp'

/** Interleaved 8-bit RGB, row-major. */
export interface RgbImage {
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
}

export async function loadOrientedRgb(imagePath: string): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(imagePath, { failOn: 'error' })
      .rotate()
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`)
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height }
  } catch (error) {
    throw new Error(`OCR cannot read image ${imagePath}: ${(error as Error).message}`)
  }
}

export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height }
}

/** Scales to width x height, then adds a black border of borderX / borderY pixels (one sharp pass). */
export async function resizeAndFrameRgb(image: RgbImage, width: number, height: number, borderX: number, borderY: number): Promise<RgbImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .extend({ top: borderY, bottom: borderY, left: borderX, right: borderX, background: { r: 0, g: 0, b: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height }
}

/** Quarter or half turns, clockwise in degrees (sharp's convention). */
export async function rotateRgb(image: RgbImage, degrees: 90 | 180 | 270): Promise<RgbImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .rotate(degrees)
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height }
}
