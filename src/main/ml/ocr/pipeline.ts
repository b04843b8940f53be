// Photo -> text lines: detect text regions, cut each out as an upright strip, flip strips the
// direction classifier says are upside down, recognise the strips in batches.
import { cropTextLine } from './crop'
import { turnUpright } from './classify'
import { DEFAULT_DETECTION_PARAMS, detectTextRegions, type DetectionParams } from './detect'
import { quadBounds, type Quad } from './geometry'
import { loadOrientedRgb } from './image'
import type { OcrModels } from './models'
import { recognizeStrips } from './recognize'

export interface OcrLine {
  text: string
  /** Mean of the recognizer's best probability over the kept characters, 0..1. */
  confidence: number
  /** Axis-aligned bounds [x, y, width, height] in pixels of the EXIF-oriented image. */
  box: [number, number, number, number]
  /** Corners clockwise from the text's top-left, same coordinates as `box`. */
  polygon: [[number, number], [number, number], [number, number], [number, number]]
}

export interface OcrResult {
  /** In reading order: top to bottom, left to right. */
  lines: OcrLine[]
  /** Execution provider the models ran on. */
  provider: string
  /** Size of the EXIF-oriented image the coordinates refer to. */
  width: number
  height: number
}

export const DEFAULT_MIN_CONFIDENCE = 0.6

export interface RecognizeTextOptions {
  /**
   * Lines recognised with lower confidence are dropped. Default 0.6, above PaddleOCR's drop_score 0.5:
   * for a search index precision matters more, and on the opencv/skimage sample photos every correct
   * line scored >= 0.75 while misreads of logos and textures scored 0.39-0.63.
   */
  minConfidence?: number
  /** Run the 0/180 degree direction classifier. Default true. */
  detectUpsideDown?: boolean
  detection?: Partial<DetectionParams>
  /** Strips per recognizer run. Default 6. */
  recognitionBatchSize?: number
}

export async function recognizeText(models: OcrModels, imagePath: string, options: RecognizeTextOptions = {}): Promise<OcrResult> {
  const image = await loadOrientedRgb(imagePath)
  const regions = await detectTextRegions(models.detector, image, { ...DEFAULT_DETECTION_PARAMS, ...options.detection })
  const strips = await Promise.all(regions.map((region) => cropTextLine(image, region.quad)))
  const upright = options.detectUpsideDown === false ? strips : await turnUpright(models.classifier, strips)
  const decoded = await recognizeStrips(models.recognizer, models.characters, upright, options.recognitionBatchSize)
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE
  const lines: OcrLine[] = []
  regions.forEach((region, i) => {
    const { text, confidence } = decoded[i]!
    const trimmed = text.trim()
    if (trimmed === '' || confidence < minConfidence) return
    lines.push({ text: trimmed, confidence, box: quadBounds(region.quad), polygon: toPolygon(region.quad) })
  })
  return { lines, provider: models.provider, width: image.width, height: image.height }
}

function toPolygon(quad: Quad): OcrLine['polygon'] {
  return quad.map(([x, y]) => [x, y]) as OcrLine['polygon']
}
