import { join } from 'node:path'
import type { AssetOcrLine } from '../../shared/domain'
import type { AnalysisRepository, AssetsRepository } from '../catalog'
import { GRID_HEIGHT, GRID_MAX_WIDTH, thumbPath } from '../ingest'
import {
  DEFAULT_CLASSIFIER_MODEL,
  InferenceError,
  isModelMissing,
  prepareClassifierInput,
  prepareClipInput,
  type InferenceHost,
  type ModelImage,
  type PreparedImage,
  type UprightImage,
} from '../ml'
import type { VectorIndex } from '../search/vector'
import type { TaskHandler } from '../tasks'
import { ModelInputCache } from './model-input-cache'

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
  /** Where prepared model inputs wait for their stage. Default: a ModelInputCache in <cacheDir>/model-inputs. */
  modelInputs?: ModelInputCache
  /** A video's keyframes (images in the cache, with their second), read by OCR after its poster; none for photos. */
  videoFrames?(assetId: number): { path: string; atMs: number }[]
}

/** Where the thumbnail stage leaves a photo's classifier input (see ModelInputCache). */
export const classifierInputKey = (sha256: string) => `${sha256}:classifier:${DEFAULT_CLASSIFIER_MODEL}`
const clipInputKey = (sha256: string, visualModelId: string) => `${sha256}:clip:${visualModelId}`

/**
 * The AI stages of the pipeline. They read the orientation-corrected thumbnails (made by the
 * thumbnail stage), never the original: decoding a 24-megapixel file again would cost more than
 * the inference itself.
 */
export function createAnalysisService(deps: AnalysisServiceDeps) {
  const missingReported = new Set<string>()
  const modelInputs = deps.modelInputs ?? new ModelInputCache({ dir: join(deps.cacheDir, 'model-inputs') })
  // Inputs an earlier run prepared but never used (a crash): their stages decode thumbnails now.
  const cleared = modelInputs.clear().catch((error: unknown) => deps.log(`clearing prepared model inputs failed: ${(error as Error).message}`))
  let prepareFailureReported = false

  /**
   * Called by the thumbnail stage with the pixels it decoded: prepares the inputs of the stages that
   * will run (the classifier unless its model is missing, CLIP when a model is active) for them to
   * take. Never fails the thumbnail stage: without a prepared input a stage decodes the thumbnail.
   */
  async function prepareModelInputs(sha256: string, upright: readonly UprightImage[]): Promise<void> {
    const clipModel = deps.clip()
    try {
      await cleared
      await Promise.all([
        missingReported.has('tags')
          ? undefined
          : prepareClassifierInput(upright, `prepared pixels of ${sha256}`).then((pixels) => modelInputs.put(classifierInputKey(sha256), pixels)),
        clipModel && !missingReported.has('clip')
          ? prepareClipInput(upright, `prepared pixels of ${sha256}`).then((pixels) => modelInputs.put(clipInputKey(sha256, clipModel.visual), pixels))
          : undefined,
      ])
    } catch (error) {
      if (prepareFailureReported) return
      prepareFailureReported = true
      deps.log(`preparing model inputs failed, the AI stages decode thumbnails instead: ${(error as Error).message}`)
    }
  }

  /**
   * The thumbnails a stage reads, for a ready asset. `modelInput` is the smallest one that still
   * covers a 224 px model input: the grid thumbnail (256 px high) when its shorter side is at least
   * 224, else the preview. Decoding it is ~10x cheaper than the preview, and decoding, not
   * inference, bounds the classifier's throughput.
   */
  function thumbnailsOf(assetId: number, minSide = 224): { sha256: string; preview: string; modelInput: string } | undefined {
    const asset = deps.assets.get(assetId)
    if (!asset || asset.state !== 'ready') return undefined
    const preview = thumbPath(deps.cacheDir, asset.sha256, 'preview')
    if (!asset.width || !asset.height) return { sha256: asset.sha256, preview, modelInput: preview }
    const gridWidth = Math.min(GRID_MAX_WIDTH, Math.round((GRID_HEIGHT * asset.width) / asset.height))
    const gridCovers = Math.min(gridWidth, GRID_HEIGHT) >= minSide
    return { sha256: asset.sha256, preview, modelInput: gridCovers ? thumbPath(deps.cacheDir, asset.sha256, 'grid') : preview }
  }

  /**
   * Runs inference on the stage's prepared input when the thumbnail stage left one, else on the
   * thumbnail file. Inference that fails on a prepared input (its file removed meanwhile, say) is
   * tried once more on the file before the stage fails.
   */
  async function withModelInput<T>(key: string, file: string, infer: (image: ModelImage) => Promise<T>): Promise<T> {
    const prepared: PreparedImage | undefined = modelInputs.take(key)
    if (!prepared) return infer(file)
    try {
      return await infer(prepared)
    } catch (error) {
      if (!(error instanceof InferenceError)) throw error
      return infer(file)
    } finally {
      modelInputs.release(prepared)
    }
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

  const tags: TaskHandler<'asset.tags'> = async ({ assetId }, ctx) => {
    const thumbs = thumbnailsOf(assetId)
    if (!thumbs) return
    const out = await inferUnlessMissing('tags', () =>
      withModelInput(classifierInputKey(thumbs.sha256), thumbs.modelInput, (image) => deps.host.classify(image, { signal: ctx.signal })),
    )
    if (!out) return
    deps.analysis.saveTags(assetId, { tags: out.tags, modelId: out.modelId, modelVersion: deps.classifierVersion, device: out.provider, features: out.features })
    const index = await deps.vectorIndex(out.modelId)
    index.add([assetId], [out.features])
    deps.analysed(assetId)
  }

  const clip: TaskHandler<'asset.clip'> = async ({ assetId }, ctx) => {
    const model = deps.clip()
    const thumbs = thumbnailsOf(assetId)
    if (!model || !thumbs) return
    const out = await inferUnlessMissing('clip', () =>
      withModelInput(clipInputKey(thumbs.sha256, model.visual), thumbs.modelInput, (image) => deps.host.clipImage(model.visual, [image], { signal: ctx.signal })),
    )
    if (!out) return
    const vector = out.vectors[0]
    if (!vector) throw new Error('CLIP returned no vector')
    deps.analysis.saveEmbedding(assetId, { modelId: model.visual, modelVersion: model.version, device: out.provider, vector, stage: 'clip' })
    ;(await deps.vectorIndex(model.visual)).add([assetId], [vector])
  }

  const ocr: TaskHandler<'asset.ocr'> = async ({ assetId }, ctx) => {
    // OCR needs the preview's resolution: text is small.
    const preview = thumbnailsOf(assetId)?.preview
    if (!preview) return
    // A video: its poster (the preview) and its keyframes, each line with the second it was read at.
    const images: { path: string; atMs: number | null }[] = [{ path: preview, atMs: null }, ...(deps.videoFrames?.(assetId) ?? [])]
    const lines: AssetOcrLine[] = []
    const seen = new Set<string>()
    let device = ''
    for (const image of images) {
      const out = await inferUnlessMissing('ocr', () => deps.host.ocr(image.path, { signal: ctx.signal }))
      if (!out) return
      device = out.provider
      for (const l of out.lines) {
        // A caption held over several frames is one line of the video.
        const key = l.text.trim().toLowerCase()
        if (images.length > 1 && seen.has(key)) continue
        seen.add(key)
        lines.push({
          text: l.text,
          confidence: l.confidence,
          box: [l.box[0] / out.width, l.box[1] / out.height, l.box[2] / out.width, l.box[3] / out.height],
          ...(image.atMs !== null ? { atMs: image.atMs } : {}),
        })
      }
    }
    deps.analysis.saveOcr(assetId, { modelId: 'pp-ocrv4', device, lines })
    deps.analysed(assetId)
  }

  return {
    handlers: { 'asset.tags': tags, 'asset.ocr': ocr, 'asset.clip': clip },
    prepareModelInputs,
    modelInputs,
    classifierModelId: DEFAULT_CLASSIFIER_MODEL,
  }
}

export type AnalysisService = ReturnType<typeof createAnalysisService>
