// Export (issue 14): photos out of PhotoHouse, as exact copies or converted JPEGs, into a folder or
// a .zip; and relinking a library folder that moved. Types and input schemas shared by main and renderer.
import { z } from 'zod'
import { AssetId, PersonId, RootId } from './domain'

const Id = z.number().int().positive()
const Path = z.string().trim().min(1).max(4096)

/** What to export: chosen photos, or everything an album, event or person shows. */
export const ExportSource = z.union([
  z.object({ ids: z.array(AssetId).min(1).max(100_000) }).strict(),
  z.object({ albumId: Id }).strict(),
  z.object({ eventId: Id }).strict(),
  z.object({ personId: PersonId }).strict(),
])
export type ExportSource = z.infer<typeof ExportSource>

/** `original`: byte-identical copies with their `.xmp` sidecars; `jpeg`: converted, upright, resized. */
export const EXPORT_FORMATS = ['original', 'jpeg'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** The long edge the export dialog offers (pixels); none: full size. */
export const EXPORT_SIZES = [1024, 2048, 3840] as const

export const ExportStartInput = z
  .object({
    source: ExportSource,
    /**
     * The folder the files go into (created when missing). With `zip`, the folder the .zip goes
     * into (named after what is exported), or the .zip's own path when it ends in `.zip`.
     */
    to: Path,
    format: z.enum(EXPORT_FORMATS),
    /** Long edge in pixels (JPEG only; never enlarged). Absent: full size. */
    size: z.number().int().min(16).max(65_000).optional(),
    /** JPEG: the location (EXIF GPS) is left out. Originals are exact copies, so they cannot. */
    stripGps: z.boolean(),
    /** JPEG: no metadata at all (else the original's EXIF, upright, minus GPS when stripGps). */
    stripMetadata: z.boolean().optional(),
    zip: z.boolean(),
  })
  .strict()
  .refine((v) => v.format === 'jpeg' || !v.stripGps, {
    message: 'Originals are exact copies and keep their location: choose JPEG to strip GPS',
    path: ['stripGps'],
  })
  .refine((v) => v.format === 'jpeg' || (v.size === undefined && !v.stripMetadata), {
    message: 'Originals are exact copies: a size or stripped metadata needs JPEG',
    path: ['format'],
  })
export type ExportStartInput = z.infer<typeof ExportStartInput>

export const ExportInputs = {
  start: ExportStartInput,
  cancel: z.object({ jobId: z.string().min(1).max(100) }).strict(),
  /** Relink a library folder that moved: the folder's new place. */
  relink: z.object({ rootId: RootId, newPath: Path }).strict(),
}

export interface ExportedFile {
  assetId: number
  /** The original it came from. */
  source: string
  /** Where it went: a path on disk, or (zip) the entry's name in the .zip. */
  path: string
  bytes: number
  /** The sidecar copied beside it (originals), where it went. */
  sidecar?: string
  /** A live photo's video copied beside it (originals), where it went. */
  video?: string
}

export interface ExportSkip {
  assetId: number
  /** Why: no file of it could be read, or it cannot be converted (a video as JPEG…). */
  reason: string
}

export interface ExportSummary {
  jobId: string
  /** The folder the files went into, or the .zip written. */
  target: string
  exported: number
  skipped: ExportSkip[]
  files: ExportedFile[]
}

export type ExportState = 'running' | 'done' | 'cancelled' | 'failed'

/** Pushed on `export.progress` while a job runs, and once when it ends. */
export interface ExportProgress {
  jobId: string
  state: ExportState
  /** Photos handled so far (exported or skipped) of `total`. */
  done: number
  total: number
  target: string
  /** When state is 'done'. */
  summary?: ExportSummary
  /** When state is 'failed'. */
  error?: string
}

export interface ExportStarted {
  jobId: string
  total: number
  target: string
}

export interface RelinkResult {
  rootId: number
  oldPath: string
  newPath: string
  /** Files found at the same relative path with the same content, now pointing there (ids kept). */
  relinked: number
  /** Of those, how many were hashed (all whose size or time differ, plus a sample of the rest). */
  hashed: number
  /** Files not found there (or found with other content): they stay missing, listed here. */
  missing: { assetId: number | null; path: string; reason: string }[]
}
