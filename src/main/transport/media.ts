import { realpath } from 'node:fs/promises'
import { extname } from 'node:path'
import { parseFaceMediaId } from '../../shared/contract'
import type { PhotoHouseApp } from '../app'
import { thumbPath } from '../ingest'
import { isInside } from '../library'
import type { MotionSource } from '../motion'
import { videoMimeOf } from '../video/formats'

// 'motion': a live photo's MOV or a motion photo's embedded MP4 (a byte range), see resolveMotion.
export type MediaKind = 'grid' | 'preview' | 'original' | 'face' | 'motion'
export const MEDIA_KINDS: readonly MediaKind[] = ['grid', 'preview', 'original', 'face', 'motion']

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
  const roots = app.repositories.roots.list()
  for (const location of app.repositories.assets.locationsOf(assetId)) {
    let real: string
    try {
      real = await realpath(location.path)
    } catch {
      continue
    }
    if (roots.some((r) => isInside(r.path, real))) return { path: real, contentType: contentTypeOf(real) }
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
