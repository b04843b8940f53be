import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import type { AssetsRepository, VideosRepository } from '../catalog'
import { BrokenFileError, makeThumbnails, PREVIEW_MAX_SIDE, type UprightPixels } from '../ingest'
import { isModelMissing, type InferenceHost } from '../ml'
import type { Pipeline, TaskContext, TaskHandler } from '../tasks'
import { findFfmpeg, killAllFfmpeg, type FfmpegPreference, type FfmpegTools } from './ffmpeg'
import { extractKeyframes } from './keyframes'
import { createPlayableCopies, type PlayablePart, type PlayableSource } from './playable'
import { choosePosterMs, extractFrame, sampleFrames } from './poster'
import { probeVideo, type VideoProbe } from './probe'
import { videoMimeOf } from './formats'
import type { PlayableCopy } from '../../shared/video'

export interface VideoServiceDeps {
  assets: AssetsRepository
  videos: VideosRepository
  pipeline: Pipeline
  cacheDir: string
  /** Which ffmpeg the user prefers (Settings); read at each run, so a change applies at once. */
  preference(): FfmpegPreference
  /** Inference for keyframes (the classifier, and CLIP when one is active). */
  host: InferenceHost
  classifierVersion: string
  clip(): { visual: string; version: string } | null
  /** The pixels a poster was decoded to (see AssetServiceDeps.thumbnailsDecoded). */
  thumbnailsDecoded?(sha256: string, upright: UprightPixels[]): Promise<void>
  libraryChanged(reason: 'import' | 'update'): void
  log(message: string): void
  /** For tests: overrides where ffmpeg is looked for. */
  findTools?(preference: FfmpegPreference): FfmpegTools | null
}

/** Said once per run when no ffmpeg is found. */
export const NO_FFMPEG_MESSAGE =
  'ffmpeg not found: videos are listed, but without duration, poster frame or keyframes. Install ffmpeg (or choose the bundled one in Settings) to analyse them.'

/** Where a video's keyframes are kept: <cacheDir>/keyframes/<sha[0..2]>/<sha>/<atMs>.jpg. */
export function keyframeDir(cacheDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`keyframeDir needs a hex SHA-256, got "${sha256}"`)
  return join(cacheDir, 'keyframes', sha256.slice(0, 2), sha256)
}

export function keyframePath(cacheDir: string, sha256: string, atMs: number): string {
  return join(keyframeDir(cacheDir, sha256), `${Math.round(atMs)}.jpg`)
}

const EMPTY_PHOTO_FACTS = { orientation: null, lens: null, exposureTime: null, fNumber: null, iso: null, focalLength: null }

/**
 * Videos through the import pipeline: probe (container facts) at ingest, a poster frame as the
 * thumbnail, then keyframes at scene changes that the classifier and CLIP read like photos.
 */
export function createVideoService(deps: VideoServiceDeps) {
  const { assets, videos, pipeline } = deps
  let missingReported = false
  const find = deps.findTools ?? findFfmpeg
  const playableCopies = createPlayableCopies({ cacheDir: deps.cacheDir, tools: () => tools(), log: deps.log })

  function tools(): FfmpegTools | null {
    const found = find(deps.preference())
    if (!found && !missingReported) {
      missingReported = true
      deps.log(NO_FFMPEG_MESSAGE)
    }
    return found
  }

  /** Without ffmpeg: listed (ready, no thumbnail) with its file's date; analysed once ffmpeg is there. */
  function listWithoutAnalysis(assetId: number, path: string, size: number, sortMs: number): void {
    assets.setMetadata(assetId, {
      ...EMPTY_PHOTO_FACTS,
      mime: videoMimeOf(path),
      fileSize: size,
      width: null,
      height: null,
      takenAt: null,
      sortMs,
      make: null,
      model: null,
      lat: null,
      lon: null,
      alt: null,
    })
    videos.markVideo(assetId)
    videos.markListed(assetId)
    deps.libraryChanged('import')
  }

  /**
   * The ingest of a video file whose asset is new (called by the asset service after hashing).
   * `fileSortMs` is the file's time, used when the container has no capture time.
   */
  async function ingested(assetId: number, path: string, file: { size: number; fileSortMs: number; wallClockMs(takenAt: string): number | null }, signal: AbortSignal): Promise<void> {
    const found = tools()
    if (!found) return listWithoutAnalysis(assetId, path, file.size, file.fileSortMs)
    let probe: VideoProbe
    try {
      probe = await probeVideo(found, path, { signal })
    } catch (error) {
      if (!(error instanceof BrokenFileError)) throw error
      assets.setMetadata(assetId, {
        ...EMPTY_PHOTO_FACTS,
        mime: videoMimeOf(path),
        fileSize: file.size,
        width: null,
        height: null,
        takenAt: null,
        sortMs: file.fileSortMs,
        make: null,
        model: null,
        lat: null,
        lon: null,
        alt: null,
      })
      videos.markVideo(assetId)
      assets.markBroken(assetId, error.code, error.message)
      deps.libraryChanged('import')
      return
    }
    assets.setMetadata(assetId, {
      ...EMPTY_PHOTO_FACTS,
      mime: probe.mime,
      fileSize: file.size,
      width: probe.width,
      height: probe.height,
      takenAt: probe.takenAt,
      sortMs: (probe.takenAt ? file.wallClockMs(probe.takenAt) : null) ?? file.fileSortMs,
      make: probe.make,
      model: probe.model,
      lat: probe.lat,
      lon: probe.lon,
      alt: probe.alt,
    })
    videos.setFacts(assetId, { durationMs: probe.durationMs, videoCodec: probe.videoCodec, audioCodec: probe.audioCodec, frameRate: probe.frameRate, rotation: probe.rotation })
    pipeline.assetIngested(assetId, { hasGps: probe.lat !== null && probe.lon !== null })
  }

  /** The thumbnail stage of a video: the poster frame (see poster.ts) through the photo thumbnail pipeline. */
  async function thumbnails(assetId: number, ctx: Pick<TaskContext, 'signal'>): Promise<void> {
    const asset = assets.get(assetId)
    if (!asset) return
    const found = tools()
    if (!found) {
      videos.markListed(assetId)
      deps.libraryChanged('import')
      return
    }
    const tmpDir = join(deps.cacheDir, 'tmp')
    await mkdir(tmpDir, { recursive: true })
    for (const location of asset.locations) {
      try {
        await stat(location.path)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue // try another copy of the same content
        throw error
      }
      const posterFile = join(tmpDir, `poster-${process.pid}-${randomBytes(6).toString('hex')}.png`)
      try {
        const posterMs = choosePosterMs(await sampleFrames(found, location.path, { signal: ctx.signal }))
        await extractFrame(found, location.path, posterMs, posterFile, PREVIEW_MAX_SIDE, { signal: ctx.signal })
        const t = await makeThumbnails({ path: posterFile, sha256: asset.sha256, cacheDir: deps.cacheDir, keepPixels: deps.thumbnailsDecoded !== undefined })
        // The asset's size is the video's display size (from the probe), not the poster's.
        assets.markReady(assetId, { width: asset.width ?? t.width, height: asset.height ?? t.height, phash: t.phash })
        videos.setPoster(assetId, posterMs)
        if (t.upright) await deps.thumbnailsDecoded?.(asset.sha256, t.upright)
      } catch (error) {
        if (!(error instanceof BrokenFileError)) throw error
        assets.markBroken(assetId, error.code, error.message)
        deps.libraryChanged('import')
        return
      } finally {
        await rm(posterFile, { force: true })
      }
      deps.libraryChanged('import')
      pipeline.thumbnailsMade(assetId)
      pipeline.keyframesNeeded(assetId)
      return
    }
  }

  /** Keyframes at scene changes, each classified (and embedded by CLIP when active) with its second. */
  const keyframes: TaskHandler<'video.keyframes'> = async ({ assetId }, ctx) => {
    const asset = assets.get(assetId)
    if (!asset || asset.state !== 'ready' || !videos.isVideo(assetId)) return
    const found = tools()
    if (!found) return
    const location = asset.locations[0]
    if (!location) return
    const dir = keyframeDir(deps.cacheDir, asset.sha256)
    // Run again for a model installed since (see keyframesMissingModel): the stored frames are
    // read again rather than decoded again, when their files are all there.
    const stored = videos.keyframesOf(assetId).map((k) => ({ atMs: k.atMs, score: k.sceneScore ?? 0, path: keyframePath(deps.cacheDir, asset.sha256, k.atMs) }))
    let frames = stored.length > 0 && stored.every((k) => existsSync(k.path)) ? stored : undefined
    if (!frames) {
      try {
        frames = await extractKeyframes(found, location.path, dir, { signal: ctx.signal, timeoutMs: Math.max(120_000, (videos.get(assetId)?.durationMs ?? 0) * 2) })
      } catch (error) {
        // The poster decoded, so the file is a video; a failure further in (a cut-off file) leaves it without keyframes.
        if (!(error instanceof BrokenFileError)) throw error
        deps.log(`keyframes of ${location.path}: ${error.message}`)
        videos.replaceKeyframes(assetId, [])
        return
      }
    }
    const sized = await Promise.all(
      frames.map(async (f) => {
        const m = await sharp(f.path).metadata()
        return { atMs: f.atMs, sceneScore: f.score, width: m.width ?? 0, height: m.height ?? 0, path: f.path }
      }),
    )
    videos.replaceKeyframes(assetId, sized)
    const clip = deps.clip()
    for (const [i, f] of sized.entries()) {
      if (ctx.signal.aborted) throw new Error('cancelled')
      try {
        const out = await deps.host.classify(f.path, { signal: ctx.signal })
        videos.saveKeyframeAnalysis(assetId, f.atMs, { tags: out.tags, modelId: out.modelId, modelVersion: deps.classifierVersion, features: out.features })
        if (clip) {
          const vector = (await deps.host.clipImage(clip.visual, [f.path], { signal: ctx.signal })).vectors[0]
          if (vector) videos.saveKeyframeEmbedding(assetId, f.atMs, clip.visual, clip.version, vector)
        }
      } catch (error) {
        // Without a model the keyframes stay stored; installing it runs the stage again.
        if (!isModelMissing(error)) throw error
        return
      }
      ctx.progress((i + 1) / sized.length)
    }
    // Faces and text are looked for in the keyframes too (those stages read them with the poster).
    if (sized.length > 0) {
      pipeline.stageNeeded('asset.faces', [assetId])
      pipeline.stageNeeded('asset.ocr', [assetId])
    }
    deps.libraryChanged('update')
  }

  /**
   * A model installed or switched (app start, Models screen): videos whose keyframes it has not read
   * run their keyframes stage again (from the stored frames). Returns how many were queued.
   */
  function keyframesNeeded(models: { classifier: { id: string; version: string } | null; clip: { visual: string; version: string } | null }): number {
    const ids = new Set<number>()
    if (models.classifier) for (const id of videos.keyframesMissingModel(models.classifier.id, models.classifier.version)) ids.add(id)
    if (models.clip) for (const id of videos.keyframesMissingModel(models.clip.visual, models.clip.version)) ids.add(id)
    for (const id of ids) pipeline.keyframesNeeded(id)
    return ids.size
  }

  /** A video's keyframe images with their second (empty for photos and videos without keyframes). */
  function framesOf(assetId: number): { path: string; atMs: number }[] {
    const sha256 = assets.shaOf(assetId)
    if (!sha256) return []
    return videos.keyframesOf(assetId).map((k) => ({ path: keyframePath(deps.cacheDir, sha256, k.atMs), atMs: k.atMs }))
  }

  /**
   * Videos by how close their best keyframe is to a CLIP text vector (the vector index holds one
   * vector per asset, the poster's; what a video shows later is only in its keyframes).
   */
  function keyframeMatches(text: Float32Array, model: { visual: string; version: string }): { assetId: number; score: number; atMs: number }[] {
    return bestFrames(text, videos.allKeyframeVectors(model.visual, model.version))
  }

  /**
   * Where in each video a search matched: the first keyframe whose text has one of the query's
   * words, else the keyframe with the best score for one of its tags, else the keyframe closest to
   * the query's CLIP text vector, else the poster. Videos only. With `only` (a search filtered by
   * people: the seconds they are seen, best first), a video's moment is one of its seconds there —
   * the best of them for the text, else the first.
   */
  async function moments(
    assetIds: readonly number[],
    query: { labels: readonly string[]; words?: readonly string[]; clip?: { modelId: string; textVector(): Promise<Float32Array | null> } },
    only?: ReadonlyMap<number, readonly number[]>,
  ): Promise<Map<number, number>> {
    const posters = videos.postersOf(assetIds)
    const ids = [...posters.keys()]
    const allowed = (id: number, atMs: number) => {
      const seconds = only?.get(id)
      return seconds === undefined || seconds.includes(atMs)
    }
    const found = new Map<number, number>()
    const take = (candidates: Map<number, number[]>) => {
      for (const [id, seconds] of candidates) {
        const atMs = found.has(id) ? undefined : seconds.find((s) => allowed(id, s))
        if (atMs !== undefined) found.set(id, atMs)
      }
    }
    // Words read in a frame first (the most literal match), then the frame's tags.
    take(videos.textFrames(ids, query.words ?? []))
    take(videos.tagFrames(ids.filter((id) => !found.has(id)), query.labels))
    const rest = ids.filter((id) => !found.has(id))
    if (rest.length > 0 && query.clip) {
      const frames = videos.keyframeVectors(rest, query.clip.modelId).filter((f) => allowed(f.assetId, f.atMs))
      const text = frames.length > 0 ? await query.clip.textVector() : null
      if (text) for (const b of bestFrames(text, frames)) found.set(b.assetId, b.atMs)
    }
    for (const [id, posterMs] of posters) if (!found.has(id)) found.set(id, only?.get(id)?.[0] ?? posterMs)
    return found
  }

  /**
   * At start: videos listed while ffmpeg was missing are analysed now that it is there (their
   * ingest runs again). Returns how many were queued.
   */
  function resumeWithoutFacts(): number {
    const waiting = videos.withoutFacts()
    if (waiting.length === 0 || !tools()) return 0
    let queued = 0
    for (const assetId of waiting) {
      const location = assets.locationsOf(assetId)[0]
      if (!location) continue
      assets.markPending(assetId)
      queued += pipeline.filesSeen(location.rootId, [location.path])
    }
    return queued
  }

  return {
    handlers: { 'video.keyframes': keyframes },
    moments,
    keyframeMatches,
    resumeWithoutFacts,
    framesOf,
    keyframesNeeded,
    ingested,
    thumbnails,
    isVideo: (assetId: number) => videos.isVideo(assetId),
    /**
     * The copy of an asset's video (or motion part) that the window can play: its state, made on the
     * first ask (see playable.ts). Null when the asset is not in the library.
     */
    playable(assetId: number, part: PlayablePart, source: PlayableSource): PlayableCopy | null {
      const sha256 = assets.shaOf(assetId)
      if (!sha256) return null
      const durationMs = part === 'video' ? (videos.get(assetId)?.durationMs ?? null) : null
      return playableCopies.request(sha256, part, source, durationMs)
    },
    /** Resolves when every playable copy asked for so far is made or failed. */
    playableSettled: () => playableCopies.settled(),
    /** Whether an ffmpeg is there, and which (for Settings and the status line). */
    tools,
    /** Kills every ffmpeg still running (the app is stopping). */
    stop(): void {
      playableCopies.stop()
      killAllFfmpeg()
    },
  }
}

export type VideoService = ReturnType<typeof createVideoService>

/** Per video, its keyframe with the highest cosine similarity to `query` (as the vector index scores), best first. */
export function bestFrames(query: Float32Array, frames: readonly { assetId: number; atMs: number; vector: Float32Array }[]): { assetId: number; score: number; atMs: number }[] {
  const norm = (v: Float32Array) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0)) || 1
  const queryNorm = norm(query)
  const best = new Map<number, { assetId: number; score: number; atMs: number }>()
  for (const f of frames) {
    let dot = 0
    for (let i = 0; i < query.length; i++) dot += query[i]! * (f.vector[i] ?? 0)
    const score = dot / (queryNorm * norm(f.vector))
    if (score > (best.get(f.assetId)?.score ?? -Infinity)) best.set(f.assetId, { assetId: f.assetId, score, atMs: f.atMs })
  }
  return [...best.values()].sort((a, b) => b.score - a.score)
}
