import { existsSync } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { parseFaceMediaId } from '../../shared/contract'
import type { PhotoHouseApp } from '../app'
import { thumbPath } from '../ingest'
import { isInside } from '../library'
import type { MotionSource } from '../motion'
import { videoMimeOf } from '../video/formats'
import { playablePath, type PlayablePart, type PlayableSource } from '../video'
import type { PlayableCopy } from '../../shared/video'

// 'motion': a live photo's MOV or a motion photo's embedded MP4 (a byte range), see resolveMotion.
// 'playable', 'playable-motion': the copy of a video or motion part the window can play (see video.playable).
export type MediaKind = 'grid' | 'preview' | 'original' | 'face' | 'motion' | 'playable' | 'playable-motion'
export const MEDIA_KINDS: readonly MediaKind[] = ['grid', 'preview', 'original', 'face', 'motion', 'playable', 'playable-motion']

/** A file named by its asset's id (it may change under the same URL), not by its content's hash. */
export function namedById(kind: MediaKind): boolean {
  return kind === 'original' || kind === 'motion' || kind === 'playable' || kind === 'playable-motion'
}

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.avif': 'image/avif',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
}

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? videoMimeOf(path) ?? 'application/octet-stream'
}

const SHA256 = /^[0-9a-f]{64}$/

/**
 * Maps a media request to a file, or null. Only two kinds of file are ever served: thumbnails and
 * face crops from the cache of an asset still in the library (not missing), and originals whose real
 * path (symlinks resolved) is inside a library root.
 */
export async function resolveMedia(app: PhotoHouseApp, kind: MediaKind, id: string): Promise<{ path: string; contentType: string } | null> {
  if (kind === 'grid' || kind === 'preview') {
    if (!SHA256.test(id) || !app.repositories.assets.isShownSha(id)) return null
    const path = thumbPath(app.cacheDir, id, kind)
    return { path, contentType: contentTypeOf(path) }
  }
  if (kind === 'face') {
    // <faceId>-<cropKey>: a URL names one crop's content, so a reused face id never serves an old crop.
    const face = parseFaceMediaId(id)
    if (!face) return null
    // A face is hidden with its photo: no crop of a photo that left the library.
    const sha256 = app.repositories.people.face(face.id)?.sha256
    if (!sha256 || !app.repositories.assets.isShownSha(sha256)) return null
    const path = await app.people.faceCrop(face.id, face.cropKey)
    return path ? { path, contentType: 'image/webp' } : null
  }
  // A slice of a file, not a file: served by resolveMotion's callers.
  if (kind === 'motion') return null
  const assetId = Number(id)
  if (!Number.isSafeInteger(assetId) || assetId <= 0) return null
  if (kind === 'playable' || kind === 'playable-motion') {
    // Only once made (video.playable said ready), and only for a photo still in the library.
    const sha256 = app.repositories.assets.shaOf(assetId)
    if (!sha256 || !app.repositories.assets.isShownSha(sha256)) return null
    const path = playablePath(app.cacheDir, sha256, kind === 'playable' ? 'video' : 'motion')
    return existsSync(path) ? { path, contentType: 'video/webm' } : null
  }
  const original = await originalOf(app, assetId)
  return original ? { path: original.path, contentType: contentTypeOf(original.path) } : null
}

/** The real path of an asset's file whose real path is inside a library root; null when there is none. */
async function originalOf(app: PhotoHouseApp, assetId: number): Promise<{ path: string } | null> {
  const roots = app.repositories.roots.list()
  for (const location of app.repositories.assets.locationsOf(assetId)) {
    let real: string
    try {
      real = await realpath(location.path)
    } catch {
      continue
    }
    if (roots.some((r) => isInside(r.path, real))) return { path: real }
  }
  return null
}

/**
 * The bytes of a still's motion part (media kind 'motion', id = the still's asset id): a live
 * photo's MOV or the MP4 range inside a motion photo, when the file's real path is inside a root.
 */
export async function resolveMotion(app: PhotoHouseApp, id: string): Promise<MotionSource | null> {
  const assetId = Number(id)
  if (!Number.isSafeInteger(assetId) || assetId <= 0) return null
  const roots = app.repositories.roots.list()
  return app.motion.source(assetId, (real) => roots.some((r) => isInside(r.path, real)))
}

/**
 * video.playable: the state of the playable copy of an asset's video ('video') or motion part
 * ('motion'), started on the first ask; the source is read only where resolveMedia/resolveMotion
 * would serve it (inside a library root). Null when there is no such file.
 */
export async function requestPlayable(app: PhotoHouseApp, assetId: number, part: PlayablePart): Promise<PlayableCopy | null> {
  let source: PlayableSource | null = null
  if (part === 'motion') {
    const motion = await resolveMotion(app, String(assetId))
    source = motion ? { path: motion.path, offset: motion.offset, length: motion.length } : null
  } else if (app.video.isVideo(assetId)) {
    const original = await originalOf(app, assetId)
    source = original ? { path: original.path, offset: 0, length: (await stat(original.path)).size } : null
  }
  return source ? app.video.playable(assetId, part, source) : null
}
