// Camera RAW files: found by extension, shown through their embedded JPEG preview (see preview.ts).
export { RAW_EXTENSIONS, RAW_MIMES, MIN_PREVIEW_SIDE, isRawPath, rawMimeOf, readRawPreviews, type RawPreview, type JpegStream } from './preview'
export { uprightPreview, uprightSize } from './oriented'
