// Files the app makes from a photo or video and keeps in its cache, named by the content's sha256:
// thumbnails, a video's keyframes, playable copies; and face crops, named by their crop key. They
// are worth keeping only while the content is in the catalog: a photo that leaves it (emptied
// trash, missing past the grace period) takes them along, and the start's sweep removes any an
// older version or a crash left behind, so a long-lived library's cache does not grow for ever.
import { rmSync } from 'node:fs'
import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { thumbPath } from '../ingest'
import { keyframeDir, playablePath } from '../video'

/** Removes what the cache holds for this content (a sha256). Never throws for a file that is not there. */
export function removeDerivedFiles(cacheDir: string, sha256: string): void {
  for (const size of ['grid', 'preview'] as const) rmSync(thumbPath(cacheDir, sha256, size), { force: true })
  for (const part of ['video', 'motion'] as const) rmSync(playablePath(cacheDir, sha256, part), { force: true })
  rmSync(keyframeDir(cacheDir, sha256), { recursive: true, force: true })
}

/** <dir>/<sha[0..2]>/<name>: a name of content the cache keeps, with the sha it is for. */
const BY_SHA: { dir: string; name: RegExp }[] = [
  { dir: 'thumbs', name: /^([0-9a-f]{64})-(?:grid|preview)\.webp$/ },
  { dir: 'playable', name: /^([0-9a-f]{64})(?:-motion)?\.webm$/ },
  { dir: 'keyframes', name: /^([0-9a-f]{64})$/ },
]
/** faces/<cropKey>.webp (the crop key: 20 hex characters, see faceCropKey). */
const FACE_CROP = /^([0-9a-f]{20})\.webp$/

export interface DerivedFilesSweep {
  cacheDir: string
  /** The content hashes still in the catalog (listed once, when the sweep starts). */
  knownSha256(): Set<string>
  /** The crop keys of the faces still in the catalog. */
  knownCropKeys(): Set<string>
  /**
   * Only files last written before this are removed: a thumbnail written for a photo imported
   * since the lists were read is not an orphan. Default: when the sweep starts.
   */
  before?: number
}

/**
 * Removes cached files whose content or face is no longer in the catalog. Temporary files
 * (`.tmp`, `.partial`) are left to removeStaleTempFiles. Returns how many entries went.
 */
export async function sweepDerivedFiles(options: DerivedFilesSweep): Promise<number> {
  const before = options.before ?? Date.now()
  const shas = options.knownSha256()
  let removed = 0
  const removeIfOld = async (path: string): Promise<void> => {
    try {
      if ((await stat(path)).mtimeMs >= before) return
      await rm(path, { recursive: true, force: true })
      removed++
    } catch {
      // Gone meanwhile, or not ours to remove: the next start tries again.
    }
  }
  for (const { dir, name } of BY_SHA) {
    const top = join(options.cacheDir, dir)
    for (const bucket of await names(top)) {
      for (const entry of await names(join(top, bucket))) {
        const sha = name.exec(entry)?.[1]
        if (sha !== undefined && !shas.has(sha)) await removeIfOld(join(top, bucket, entry))
      }
    }
  }
  const faces = join(options.cacheDir, 'faces')
  const crops = await names(faces)
  if (crops.length > 0) {
    const keys = options.knownCropKeys()
    for (const entry of crops) {
      const key = FACE_CROP.exec(entry)?.[1]
      if (key !== undefined && !keys.has(key)) await removeIfOld(join(faces, entry))
    }
  }
  return removed
}

async function names(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => [] as string[])
}
