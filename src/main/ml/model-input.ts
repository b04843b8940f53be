// Model inputs made from pixels the thumbnail stage already decoded. The AI stages used to read a
// thumbnail back and decode it again (~3-6 CPU-ms per image for the grid WebP, as much as the
// classifier's whole inference); a resize + crop of pixels already in memory costs a fraction of
// that, and the worker then only normalises them (see PreparedImage in worker/protocol.ts: the
// pixels travel as a file).
import sharp, { type Sharp } from 'sharp'
import { CLIP_VIT_B32_PREPROCESS, clipCropRgb, type ClipImagePreprocessConfig } from './clip/clip-image-preprocess'
import { CLASSIFIER_INPUT, centreCropOrigin, type ImageTensorSpec, type InterleavedPixels, type PreparedPixels } from './worker/image-tensor'

/** Upright 8-bit interleaved pixels (sRGB or grey, maybe with alpha), as the thumbnail stage has them. */
export type UprightImage = InterleavedPixels & { data: Uint8Array; channels: 1 | 2 | 3 | 4 }

const shorterSide = (image: UprightImage) => Math.min(image.width, image.height)

/**
 * The smallest image whose shorter side reaches `side` (resizing it down loses nothing the model
 * would see), else the largest one there is (enlarged, as the file path would be).
 */
function sourceFor(images: readonly UprightImage[], side: number): UprightImage {
  if (images.length === 0) throw new Error('no pixels to prepare a model input from')
  const bySize = [...images].sort((a, b) => shorterSide(a) - shorterSide(b))
  return bySize.find((image) => shorterSide(image) >= side) ?? bySize[bySize.length - 1]!
}

/**
 * 3-channel sRGB, like the path-based preprocessing's removeAlpha + toColourspace('srgb'): grey is
 * repeated, alpha dropped (not composited). Alpha is removed before any resize, so libvips does not
 * resize in premultiplied form (which darkens the result).
 */
async function asRgb(image: UprightImage): Promise<UprightImage> {
  if (image.channels === 3) return image
  const { data, info } = await raw(image).removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true })
  if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`)
  return { data, width: info.width, height: info.height, channels: 3 }
}

function raw(image: UprightImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
}

/** The centre `width`×`height` of an RGB image, as its rows in place (see PreparedPixels.stride). */
function centreCropRows(image: UprightImage, width: number, height: number, source: string): PreparedPixels {
  const { left, top } = centreCropOrigin(source, image, { width, height })
  const stride = image.width * 3
  const start = top * stride + left * 3
  return { rgb: image.data.subarray(start, start + (height - 1) * stride + width * 3), width, height, stride, source }
}

/**
 * The classifier's input (shorter side to `resizeTo`, centre crop), as imageToRgbInput makes it from a
 * file. A landscape photo's grid thumbnail is already 256 px high, the classifier's resize size: then
 * it is only cropped.
 */
export async function prepareClassifierInput(
  images: readonly UprightImage[],
  source: string,
  spec: ImageTensorSpec = CLASSIFIER_INPUT,
): Promise<PreparedPixels> {
  const from = await asRgb(sourceFor(images, spec.resizeTo))
  let resized = from
  if (shorterSide(from) !== spec.resizeTo) {
    const { data, info } = await raw(from)
      .resize({ width: spec.resizeTo, height: spec.resizeTo, fit: 'outside', kernel: spec.kernel ?? 'lanczos3' })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    resized = { data, width: info.width, height: info.height, channels: 3 }
  }
  return centreCropRows(resized, spec.width, spec.height, source)
}

/** A CLIP image encoder's input (shorter side to `shortestEdge`, bicubic, centre crop), as preprocessClipImage makes it. */
export async function prepareClipInput(
  images: readonly UprightImage[],
  source: string,
  config: ClipImagePreprocessConfig = CLIP_VIT_B32_PREPROCESS,
): Promise<PreparedPixels> {
  const from = await asRgb(sourceFor(images, config.shortestEdge))
  const rgb = await clipCropRgb(raw(from), from.width, from.height, config)
  return { rgb, width: config.crop.width, height: config.crop.height, source }
}
