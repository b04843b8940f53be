// XMP sidecars (issue 14): what PhotoHouse writes beside each original, and reads back on import.
import { z } from 'zod'

/**
 * `photo.jpg.xmp` is digiKam's and darktable's name (one sidecar per file, so a RAW and its JPEG
 * never share one); `photo.xmp` is Lightroom's and Bridge's.
 */
export const SIDECAR_NAMINGS = ['file.ext.xmp', 'file.xmp'] as const
export type SidecarNaming = (typeof SIDECAR_NAMINGS)[number]

export const SidecarSettings = z
  .object({
    /** Keep a sidecar beside every photo, rewritten when its names, marks or edits change. */
    write: z.boolean(),
    naming: z.enum(SIDECAR_NAMINGS),
    /** The classifier's tags go into dc:subject too (off: only keywords and confirmed names). */
    machineTags: z.boolean(),
  })
  .strict()
export type SidecarSettings = z.infer<typeof SidecarSettings>

export const DEFAULT_SIDECAR_SETTINGS: SidecarSettings = { write: false, naming: 'file.ext.xmp', machineTags: false }

export interface SidecarFailure {
  path: string
  error: string
}

export interface SidecarWriteResult {
  /** Photos looked at. */
  photos: number
  /** Sidecar files written (new or changed). */
  written: number
  /** Sidecars that already said the same: left untouched. */
  unchanged: number
  failed: SidecarFailure[]
}

export interface SidecarReadResult {
  photos: number
  /** Photos with a sidecar or embedded XMP/IPTC that said something. */
  withMetadata: number
  keywordsAdded: number
  ratingsSet: number
  descriptionsSet: number
  favoritesSet: number
  /** Named regions read, matched to a detected face, and named regions no detected face overlaps. */
  regions: number
  regionsMatched: number
  regionsWithoutFace: number
  failed: SidecarFailure[]
}

export const SidecarInputs = {
  getSettings: z.object({}).strict(),
  setSettings: SidecarSettings.partial().strict(),
  /** Writes the sidecars of every photo now (only those whose content changes are written). */
  writeAll: z.object({}).strict(),
}
