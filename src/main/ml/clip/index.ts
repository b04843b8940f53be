export { loadClipTokenizer, type ClipTokenizer, type ClipTokens } from './clip-tokenizer'
export {
  CLIP_VIT_B32_PREPROCESS,
  clipCropRgb,
  loadClipPreprocessConfig,
  preprocessClipImage,
  type ClipImageInput,
  type ClipImagePreprocessConfig,
} from './clip-image-preprocess'
export {
  describeClipImageSession,
  describeClipTextSession,
  type ClipImageSessionIO,
  type ClipSessionIOOptions,
  type ClipTextSessionIO,
} from './clip-session-io'
export { clipEmbedImage, clipEmbedText, ClipInputError, type ClipEmbedOptions, type ClipImageEmbedOptions } from './clip-embed'
