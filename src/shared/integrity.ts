// Library check (issue 14, Integrity): does the catalog still match the disk and the caches?
import { z } from 'zod'

export interface IntegrityFile {
  assetId: number
  path: string
}

export interface IntegrityReport {
  checkedAt: string
  /** Files (locations) and photos looked at. */
  files: number
  assets: number
  /** Library folders that could not be read now: their files were not checked (a drive unplugged). */
  unreachableFolders: string[]
  /** Files the catalog knows that are not on disk. */
  missingFiles: IntegrityFile[]
  /** Files whose size or time differ from the import and whose content (SHA-256) differs too. */
  changedFiles: IntegrityFile[]
  /** Size or time differ, the content is the same (touched, copied back): nothing to do. */
  touchedFiles: number
  /** Photos whose thumbnails are gone from the cache. */
  missingThumbnails: number[]
  /** Analysed photos without the classifier's vector (search by similarity misses them). */
  missingVectors: number[]
  /** What was queued to repair (null: only checked). Missing files cannot be repaired: a rescan marks them. */
  repaired: { reimport: number; thumbnails: number; vectors: number; rescannedFolders: number } | null
  /**
   * XMP sidecars that do not say what the catalog does (missing, changed by hand, or a change not
   * written yet); null when the library does not keep sidecars. A repair writes them again.
   */
  sidecars: { outOfDate: IntegrityFile[]; count: number; repaired: number | null } | null
  /** Each list holds at most this many entries (the counts say how many there are). */
  listLimit: number
  counts: { missingFiles: number; changedFiles: number; missingThumbnails: number; missingVectors: number }
}

export const IntegrityInputs = {
  check: z.object({ repair: z.boolean().default(false) }).strict(),
}
