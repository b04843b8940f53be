import type { AnalysisRepository, AssetsRepository } from '../catalog'
import { GRID_HEIGHT, GRID_MAX_WIDTH, thumbPath } from '../ingest'
import { DEFAULT_CLASSIFIER_MODEL, isModelMissing, type InferenceHost } from '../ml'
import type { VectorIndex } from '../search/vector'
import type { TaskHandler } from '../tasks'

export interface AnalysisServiceDeps {
  assets: AssetsRepository
  analysis: AnalysisRepository
  host: InferenceHost
  cacheDir: string
  /** The vector index of a model (classifier features, CLIP), opened lazily. */
  vectorIndex: (modelId: string) => Promise<VectorIndex>
  classifierVersion: string
  /** The active CLIP model, when one is installed. */
  clip: () => { visual: string; version: string } | null
  analysed(assetId: number): void
  log(message: string): void
}

/**
 * The AI stages of the pipeline. They read the orientation-corrected thumbnails (made by the
 * thumbnail stage), never the original: decoding a 24-megapixel file again would cost more than
 * the inference itself.
 */
export function createAnalysisService(deps: AnalysisServiceDeps) {
  const missingReported = new Set<string>()

  /**
   * The thumbnails a stage reads, for a ready asset. `modelInput` is the smallest one that still
   * covers a 224 px model input: the grid thumbnail (256 px high) when its shorter side is at least
   * 224, else the preview. Decoding it is ~10x cheaper than the preview, and decoding, not
   * inference, bounds the classifier's throughput.
   */
  function thumbnailsOf(assetId: number, minSide = 224): { preview: string; modelInput: string } | undefined {
    const asset = deps.assets.get(assetId)
    if (!asset || asset.state !== 'ready') return undefined
    const preview = thumbPath(deps.cacheDir, asset.sha256, 'preview')
    if (!asset.width || !asset.height) return { preview, modelInput: preview }
    const gridWidth = Math.min(GRID_MAX_WIDTH, Math.round((GRID_HEIGHT * asset.width) / asset.height))
    const gridCovers = Math.min(gridWidth, GRID_HEIGHT) >= minSide
    return { preview, modelInput: gridCovers ? thumbPath(deps.cacheDir, asset.sha256, 'grid') : preview }
  }

  /**
   * Runs a stage's inference; a model that is not installed skips the stage (the Models screen
   * says so) instead of failing tasks. Returns undefined when skipped.
   */
  async function inferUnlessMissing<T>(what: string, infer: () => Promise<T>): Promise<T | undefined> {
    try {
      return await infer()
    } catch (error) {
      if (!isModelMissing(error)) throw error
      if (!missingReported.has(what)) {
        missingReported.add(what)
        deps.log(`${what}: model not installed, stage skipped (${(error as Error).message})`)
      }
      return undefined
    }
  }

  const tags: TaskHandler<'asset.tags'> = async ({ assetId }) => {
    const input = thumbnailsOf(assetId)?.modelInput
    if (!input) return
    const out = await inferUnlessMissing('tags', () => deps.host.classify(input))
    if (!out) return
    deps.analysis.saveTags(assetId, { tags: out.tags, modelId: out.modelId, modelVersion: deps.classifierVersion, device: out.provider, features: out.features })
    const index = await deps.vectorIndex(out.modelId)
    index.add([assetId], [out.features])
    deps.analysed(assetId)
  }

  const clip: TaskHandler<'asset.clip'> = async ({ assetId }) => {
    const model = deps.clip()
    const input = thumbnailsOf(assetId)?.modelInput
    if (!model || !input) return
    const out = await inferUnlessMissing('clip', () => deps.host.clipImage(model.visual, [input]))
    if (!out) return
    const vector = out.vectors[0]
    if (!vector) throw new Error('CLIP returned no vector')
    deps.analysis.saveEmbedding(assetId, { modelId: model.visual, modelVersion: model.version, device: out.provider, vector, stage: 'clip' })
    ;(await deps.vectorIndex(model.visual)).add([assetId], [vector])
  }

  const ocr: TaskHandler<'asset.ocr'> = async ({ assetId }) => {
    // OCR needs the preview's resolution: text is small.
    const preview = thumbnailsOf(assetId)?.preview
    if (!preview) return
    const out = await inferUnlessMissing('ocr', () => deps.host.ocr(preview))
    if (!out) return
    deps.analysis.saveOcr(assetId, {
      modelId: 'pp-ocrv4',
      device: out.provider,
      lines: out.lines.map((l) => ({
        text: l.text,
        confidence: l.confidence,
        box: [l.box[0] / out.width, l.box[1] / out.height, l.box[2] / out.width, l.box[3] / out.height],
      })),
    })
    deps.analysed(assetId)
  }

  return {
    handlers: { 'asset.tags': tags, 'asset.ocr': ocr, 'asset.clip': clip },
    classifierModelId: DEFAULT_CLASSIFIER_MODEL,
  }
}

export type AnalysisService = ReturnType<typeof createAnalysisService>
