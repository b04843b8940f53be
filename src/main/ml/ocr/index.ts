// Text-in-photo OCR (PP-OCRv4 via onnxruntime). Pure functions over sessions, so the inference worker
// can own the sessions and call recognizeText.
export { bundledOcrModelPaths, type OcrModelPaths } from './model-files'
export { loadOcrModels, releaseOcrModels, type LoadOcrModelsOptions, type OcrModels } from './models'
export { recognizeText, type OcrLine, type OcrResult, type RecognizeTextOptions } from './pipeline'
export { DEFAULT_DETECTION_PARAMS, type DetectionParams } from './detect'
