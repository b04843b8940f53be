// Per-file ingest: pure functions over one file (no SQL, no task queue). The task queue calls, per file:
// isSupportedImagePath → hashFile → readMetadata → makeThumbnails. BrokenFileError = give up on this file;
// any other error (ENOENT, EACCES, EIO…) is an I/O problem worth a retry.
export { BrokenFileError, isBrokenFileError, type BrokenFileCode } from './broken-file-error'
export { SUPPORTED_EXTENSIONS, isSupportedImagePath, sniffImageFormat, type ImageFormat, type SniffedImage, type SupportedExtension } from './image-format'
export { hashFile, type FileHash } from './hash-file'
export { readMetadata, type PhotoMetadata, type TakenAtSource } from './metadata'
export { parseExifDateTime, type ExifDateTime } from './exif-date'
export {
  makeThumbnails,
  thumbPath,
  GRID_HEIGHT,
  GRID_MAX_WIDTH,
  GRID_RESIZE,
  PREVIEW_MAX_SIDE,
  PREVIEW_RESIZE,
  THUMB_WEBP_OPTIONS,
  type ThumbnailRequest,
  type ThumbnailResult,
  type UprightPixels,
} from './thumbnails'
export { hammingDistance, phashFromGray32 } from './phash'
export { decodeUpright, type DecodedPixels } from './decode'
export { closeHeicDecoders, decodeHeic, HeicDecoderPool, type DecodedRgba, type HeicDecoderOptions } from './heic-decoder'
export { ensureSharpConfigured, sharpThreadsPerImage } from './sharp-setup'
