// Camera RAW files: found by extension, shown through their embedded JPEG preview (see preview.ts).
export {
  RAW_EXTENSIONS,
  RAW_MIMES,
  MIN_PREVIEW_SIDE,
  isRawPath,
  rawMimeOf,
  readRawPreviews,
  readRawLayout,
  readRawStream,
  usableStreams,
  noPreviewError,
  RawLayoutCache,
  readNikonMakerNote,
  type NikonMakerNote,
  type RawPreview,
  type RawLayout,
  type JpegStream,
  type ImageRef,
} from './preview'
export { uprightPreview, uprightSize } from './oriented'
export { cr3ExifTags, readCr3Tiffs, cr3TiffsInFile, Cr3FormatError, type Cr3Tiffs } from './cr3'
