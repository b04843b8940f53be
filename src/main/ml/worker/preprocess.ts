// Image -> the classifier's input, as its spec asks (resize the shorter side, centre crop), as the
// crop's 8-bit RGB bytes: the model's graph normalises them itself (withRgbBytesInput). Inputs the
// thumbnail stage prepared are read straight into the batch; grid thumbnails that need no resize are
// decoded by libwebp (wasm) in a worker thread; anything else by sharp, in libuv's thread pool.
// Either way several images can be in flight and the calling thread stays free.
import sharp, { type OutputInfo } from 'sharp'
import { ImageDecodeError, writeCentreCropRgb, type ImageTensorSpec } from './image-tensor'
import { readPreparedImageInto } from './prepared-file'
import { isPreparedImage, type ModelImage } from './protocol'
import { gridThumbnailToRgbOffThread } from './webp-decode-thread'

export { ImageDecodeError, type ImageTensorSpec } from './image-tensor'

/**
 * Writes the image's input crop as RGB bytes (HWC) into `out` at byte `offset`, so a batch is filled
 * in place (over a SharedArrayBuffer the decode thread writes it directly). EXIF orientation is
 * applied, so callers may pass originals as well as rotated previews.
 */
export async function imageToRgbInput(image: ModelImage, spec: ImageTensorSpec, out: Uint8Array, offset = 0): Promise<void> {
  // An input the thumbnail stage already prepared: its bytes are the input (~0.03 ms to read).
  if (isPreparedImage(image)) {
    if (image.width !== spec.width || image.height !== spec.height) {
      throw new ImageDecodeError(image.preparedFile, new Error(`prepared input is ${image.width}x${image.height}, the model needs ${spec.width}x${spec.height}`))
    }
    return readPreparedImageInto(image, out, offset)
  }
  const imagePath = image
  // Grid thumbnails: the decode thread. It declines anything else.
  if (!(await gridThumbnailToRgbOffThread(imagePath, spec, out, offset))) await imageToRgbInputWithSharp(imagePath, spec, out, offset)
}

/** The general path (any format sharp reads, EXIF orientation, any size); imageToRgbInput's reference. */
export async function imageToRgbInputWithSharp(imagePath: string, spec: ImageTensorSpec, out: Uint8Array, offset = 0): Promise<void> {
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
  writeCentreCropRgb(imagePath, { data, width: info.width, height: info.height, channels: info.channels }, spec, out, offset)
}
