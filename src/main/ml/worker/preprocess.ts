// Image -> normalised float tensor, as a model's input spec asks (resize the shorter side, centre crop,
// scale, mean/std, NCHW). Grid thumbnails that need no resize are decoded by libwebp (wasm) in a
// worker thread; anything else by sharp, in libuv's thread pool. Either way several images can be in
// flight and the calling thread stays free.
import sharp, { type OutputInfo } from 'sharp'
import { ImageDecodeError, writeCentreCrop, type ImageTensorSpec } from './image-tensor'
import { isPreparedImage, type ModelImage } from './protocol'
import { gridThumbnailToTensorOffThread, preparedImageToTensorOffThread } from './webp-decode-thread'

export { ImageDecodeError, type ImageTensorSpec } from './image-tensor'

/**
 * Writes the image as CHW float32 into `out` at `offset` (so a batch tensor is filled in place; over
 * a SharedArrayBuffer the decode thread writes it directly). EXIF orientation is applied, so callers
 * may pass originals as well as rotated previews.
 */
export async function imageToTensor(
  image: ModelImage,
  spec: ImageTensorSpec,
  out: Float32Array,
  offset = 0,
): Promise<void> {
  // An input the thumbnail stage already prepared: only read and normalised, nothing to decode.
  if (isPreparedImage(image)) return preparedImageToTensorOffThread(image, spec, out, offset)
  const imagePath = image
  // Grid thumbnails: the decode thread. It declines anything else.
  if (!(await gridThumbnailToTensorOffThread(imagePath, spec, out, offset))) await imageToTensorWithSharp(imagePath, spec, out, offset)
}

/** The general path (any format sharp reads, EXIF orientation, any size); imageToTensor's reference. */
export async function imageToTensorWithSharp(imagePath: string, spec: ImageTensorSpec, out: Float32Array, offset = 0): Promise<void> {
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
  writeCentreCrop(imagePath, { data, width: info.width, height: info.height, channels: info.channels }, spec, out, offset)
}
