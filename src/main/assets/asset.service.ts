import { stat } from 'node:fs/promises'
import type { AssetsRepository } from '../catalog'
import type { AppEvents } from '../events/app-events'
import { BrokenFileError, hashFile, makeThumbnails, readMetadata, type UprightPixels } from '../ingest'
import type { TextIndex } from '../search'
import type { Pipeline, TaskHandler } from '../tasks'
import type { MotionService } from '../motion'
import { isVideoPath, type VideoService } from '../video'
import { mtimeWallClockMs, wallClockMs } from './capture-time'

export interface AssetServiceDeps {
  assets: AssetsRepository
  pipeline: Pipeline
  events: AppEvents
  cacheDir: string
  textIndex: TextIndex
  libraryChanged(reason: 'import' | 'delete' | 'update'): void
  /**
   * The photo was decoded for its thumbnails: here are its upright pixels (grid-sized, then
   * preview-sized), so the AI stages' inputs can be made without decoding again. Must not throw.
   */
  thumbnailsDecoded?(sha256: string, upright: UprightPixels[]): Promise<void>
  /** Live photos' MOVs are taken as their still's motion; stills get their motion part recorded. */
  motion?: MotionService
  /** Videos (by extension) are probed and given a poster by the video service instead. */
  video?: VideoService
}

const isMissingFile = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR'

/** Per-file work of the import: identify content, read what the file says, make it visible. */
export function createAssetService(deps: AssetServiceDeps) {
  const { assets, pipeline } = deps

  const ingest: TaskHandler<'asset.ingest'> = async ({ path, rootId }, ctx) => {
    let fileStat
    try {
      fileStat = await stat(path)
    } catch (e) {
      if (!isMissingFile(e)) throw e
      // Gone before we got to it (a temp file, a quick rename): forget the path, keep the asset.
      if (assets.removeLocations([path]) > 0) deps.libraryChanged('delete')
      return
    }
    if (!fileStat.isFile()) return
    // A live photo's MOV is its still's motion, never an asset (read, not hashed: it stays out of
    // the catalog, so each scan looks at it again, for a few small reads).
    if (deps.motion && (await deps.motion.movieSeen(path))) return
    const mtimeMs = Math.floor(fileStat.mtimeMs)
    const known = assets.location(path)
    const unchanged = known?.assetId != null && known.size === fileStat.size && known.mtimeMs === mtimeMs
    // Unchanged and already processed: nothing to do. A 'pending' asset means an earlier run died
    // between hashing and queueing the next stage, so that run is finished here.
    if (unchanged && assets.stateOf(known.assetId!) !== 'pending') return

    const { sha256, size } = await hashFile(path)
    const { assetId, state } = assets.attachFile({ sha256, size, path, rootId, mtimeMs })
    // A second copy, or a file moved or renamed: the asset and everything attached to it are kept.
    if (state !== 'pending') {
      deps.textIndex.refresh(assetId) // its folder and file names may be new words
      await deps.motion?.stillFoundAt(assetId, path, assets.mimeOf(assetId))
      deps.libraryChanged('update')
      return
    }
    if (deps.video && isVideoPath(path)) {
      await deps.video.ingested(assetId, path, { size, fileSortMs: mtimeWallClockMs(mtimeMs), wallClockMs }, ctx.signal)
      return
    }
    let hasGps = false
    try {
      const m = await readMetadata(path)
      hasGps = m.lat !== null && m.lon !== null
      const sortMs = (m.takenAt ? wallClockMs(m.takenAt) : null) ?? mtimeWallClockMs(mtimeMs)
      assets.setMetadata(assetId, {
        mime: m.mime,
        fileSize: size,
        width: m.width,
        height: m.height,
        orientation: m.orientation,
        takenAt: m.takenAt,
        sortMs,
        make: m.make,
        model: m.model,
        lens: m.lens,
        exposureTime: m.exposureTime,
        fNumber: m.fNumber,
        iso: m.iso,
        focalLength: m.focalLength,
        lat: m.lat,
        lon: m.lon,
        alt: m.alt,
      })
      await deps.motion?.stillIngested(assetId, path, m.mime)
    } catch (e) {
      if (!(e instanceof BrokenFileError)) throw e
      assets.setMetadata(assetId, { ...EMPTY_METADATA, fileSize: size, sortMs: mtimeWallClockMs(mtimeMs) })
      assets.markBroken(assetId, e.code, e.message)
      deps.libraryChanged('import')
      return
    }
    pipeline.assetIngested(assetId, { hasGps })
  }

  const thumbnails: TaskHandler<'asset.thumbnails'> = async ({ assetId }, ctx) => {
    const sha256 = assets.shaOf(assetId)
    if (!sha256) return // deleted meanwhile
    if (deps.video?.isVideo(assetId)) return deps.video.thumbnails(assetId, ctx)
    for (const location of assets.locationsOf(assetId)) {
      try {
        const t = await makeThumbnails({ path: location.path, sha256, cacheDir: deps.cacheDir, keepPixels: deps.thumbnailsDecoded !== undefined })
        assets.markReady(assetId, { width: t.width, height: t.height, phash: t.phash })
        deps.textIndex.refresh(assetId)
        // Before the AI stages are queued, so that they find their inputs prepared.
        if (t.upright) await deps.thumbnailsDecoded?.(sha256, t.upright)
      } catch (e) {
        if (isMissingFile(e)) continue // try another copy of the same content
        if (!(e instanceof BrokenFileError)) throw e
        assets.markBroken(assetId, e.code, e.message)
        deps.libraryChanged('import')
        return
      }
      deps.libraryChanged('import')
      pipeline.thumbnailsMade(assetId)
      return
    }
  }

  return { handlers: { 'asset.ingest': ingest, 'asset.thumbnails': thumbnails } }
}

const EMPTY_METADATA = {
  mime: null,
  width: null,
  height: null,
  orientation: null,
  takenAt: null,
  make: null,
  model: null,
  lens: null,
  exposureTime: null,
  fNumber: null,
  iso: null,
  focalLength: null,
  lat: null,
  lon: null,
  alt: null,
}

export type AssetService = ReturnType<typeof createAssetService>
