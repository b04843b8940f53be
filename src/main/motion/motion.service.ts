// Live photos and motion photos: a still with a moving part. The still is the asset; the motion is
// recorded beside it (asset_motion) and served to the viewer, and a live photo's MOV never becomes a
// tile of its own. Both halves of a live pair may arrive in any order (scan, watcher), so each side's
// ingest looks for the other.
import { realpath, stat } from 'node:fs/promises'
import type { AssetMotion } from '../../shared/motion'
import type { AssetsRepository, MotionRepository, StoredMotion } from '../catalog'
import { findEmbeddedVideo, MOTION_STILL_MIMES } from './embedded'
import { isLiveMoviePath, isLiveStillPath, movieBesideStill, pairLive, stillBesideMovie } from './live'
import { readMovieFacts } from './quicktime'

export interface MotionServiceDeps {
  motion: MotionRepository
  assets: Pick<AssetsRepository, 'location' | 'removeLocations' | 'locationsOf'>
  libraryChanged(reason: 'import' | 'delete' | 'update'): void
}

/** The bytes to serve for a still's motion: a whole MOV, or a range of the still's own file. */
export interface MotionSource {
  path: string
  offset: number
  length: number
  contentType: string
}

const CONTENT_TYPE = { 'live-photo': 'video/quicktime', 'motion-photo': 'video/mp4' } as const

export function createMotionService(deps: MotionServiceDeps) {
  const { motion, assets } = deps

  return {
    /**
     * A MOV just found: when it is the moving part of the still beside it, it is attached to that
     * still (if already in the catalog; else the still's ingest will find it) and true is returned:
     * the caller does not import it as a video. A MOV imported as a video before is taken out.
     */
    async movieSeen(path: string): Promise<boolean> {
      if (!isLiveMoviePath(path)) return false
      const stillPath = await stillBesideMovie(path)
      if (!stillPath) return false
      const pair = await pairLive(stillPath, path)
      if (!pair) return false
      const still = assets.location(stillPath)
      if (still?.assetId != null) {
        motion.set(liveRow(still.assetId, pair.moviePath, pair.movie))
        deps.libraryChanged('update')
      }
      if (assets.location(path) && assets.removeLocations([path]) > 0) deps.libraryChanged('delete')
      return true
    },

    /**
     * A still photo's file was read: records its motion (embedded MP4, or a live MOV beside it) or,
     * when it has none (any more), forgets it. Never throws for a file it cannot make sense of.
     */
    async stillIngested(assetId: number, path: string, mime: string | null): Promise<void> {
      const before = motion.of(assetId)
      let found: StoredMotion | null = null
      if (mime !== null && MOTION_STILL_MIMES.has(mime)) {
        const embedded = await findEmbeddedVideo(path).catch(() => null)
        if (embedded) {
          found = {
            assetId,
            kind: 'motion-photo',
            path,
            byteOffset: embedded.offset,
            byteLength: embedded.length,
            durationMs: null,
            contentId: null,
            stillMs: embedded.stillMs,
          }
          found.durationMs = (await readMovieFacts(path, embedded.offset, embedded.length).catch(() => null))?.durationMs ?? null
        }
      }
      if (!found && isLiveStillPath(path)) {
        const moviePath = await movieBesideStill(path)
        const pair = moviePath ? await pairLive(path, moviePath) : null
        if (pair) {
          found = liveRow(assetId, pair.moviePath, pair.movie)
          // Imported as a video before its still arrived: it is this photo's motion, not a tile.
          if (assets.location(pair.moviePath) && assets.removeLocations([pair.moviePath]) > 0) deps.libraryChanged('delete')
        }
      }
      if (found) motion.set(found)
      else if (before) motion.remove(assetId)
      if (found || before) deps.libraryChanged('update')
    },

    /**
     * A still already in the catalog was found at another path (moved, renamed, or a copy): when
     * its motion's file is gone (a motion photo's own old path, a live pair moved together), its
     * motion is looked for again from here; a motion whose file is still there is kept.
     */
    async stillFoundAt(assetId: number, path: string, mime: string | null): Promise<void> {
      const row = motion.of(assetId)
      if (row && (await isFile(row.path))) return
      await this.stillIngested(assetId, path, mime)
    },

    /**
     * What the viewer says of a still's motion; null for a photo without one, or whose MOV is gone
     * (deleted or moved since: the still's next import finds it again or forgets it).
     */
    async of(assetId: number): Promise<AssetMotion | null> {
      const row = motion.of(assetId)
      if (!row) return null
      if (row.kind === 'live-photo' && !(await isFile(row.path))) return null
      return toAssetMotion(row)
    },

    /** A live photo's MOV, which goes to the OS trash with the photo's own files; [] for others. */
    async companionFiles(assetId: number): Promise<string[]> {
      const row = motion.of(assetId)
      if (row?.kind !== 'live-photo') return []
      return (await isFile(row.path)) ? [row.path] : []
    },

    /** The MOVs of live photos inside a folder (the watcher and scans check whether they are gone). */
    liveMoviesUnder(dir: string): string[] {
      return motion.liveMoviesUnder(dir)
    },

    /**
     * These files are gone from disk: a still whose MOV was one of them is a plain photo now (its
     * LIVE badge goes). The MOV coming back attaches it again (movieSeen). Returns how many stills.
     */
    moviesGone(paths: readonly string[]): number {
      let stills = 0
      for (const path of paths) {
        for (const assetId of motion.stillsWithMovieAt(path)) if (motion.remove(assetId)) stills++
      }
      if (stills > 0) deps.libraryChanged('update')
      return stills
    },

    /** Every still's motion, by asset id. */
    all(): Map<number, AssetMotion> {
      return new Map([...motion.all()].map(([id, row]) => [id, toAssetMotion(row)]))
    },

    /**
     * The bytes of a still's motion, when its file still holds them and lies inside `allowed`
     * (the library's folders, symlinks resolved). Null otherwise.
     */
    async source(assetId: number, allowed: (realPath: string) => boolean): Promise<MotionSource | null> {
      const row = motion.of(assetId)
      if (!row) return null
      // A motion photo's clip is inside the photo's own bytes: any copy of the photo holds it where
      // the recorded one does, so a deleted or moved copy is no loss while another remains.
      const paths = row.kind === 'motion-photo' ? [row.path, ...assets.locationsOf(assetId).map((l) => l.path).filter((p) => p !== row.path)] : [row.path]
      for (const path of paths) {
        let real: string
        let size: number
        try {
          real = await realpath(path)
          size = (await stat(real)).size
        } catch {
          continue
        }
        if (!allowed(real)) continue
        const length = row.byteLength ?? size - row.byteOffset
        if (row.byteOffset + length > size || length <= 0) continue
        return { path: real, offset: row.byteOffset, length, contentType: CONTENT_TYPE[row.kind] }
      }
      return null
    },
  }
}

const isFile = (path: string): Promise<boolean> =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  )

function liveRow(assetId: number, moviePath: string, movie: { durationMs: number | null; contentId: string | null }): StoredMotion {
  return {
    assetId,
    kind: 'live-photo',
    path: moviePath,
    byteOffset: 0,
    byteLength: null,
    durationMs: movie.durationMs,
    contentId: movie.contentId,
    stillMs: null,
  }
}

/** The stored row as the contract and `assets --json` show it. */
export function toAssetMotion(row: StoredMotion): AssetMotion {
  return {
    kind: row.kind === 'live-photo' ? 'live' : 'embedded',
    durationMs: row.durationMs,
    stillMs: row.stillMs,
    contentId: row.contentId,
    bytes: row.byteLength,
    contentType: CONTENT_TYPE[row.kind],
  }
}

export type MotionService = ReturnType<typeof createMotionService>
