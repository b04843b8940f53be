// Duplicate review (issue 12): tiers, keeper rules and their settings, shared by main and renderer.
import { z } from 'zod'
import { AssetId, type AssetSummary, type BatchResult } from './domain'

/**
 * Each group is one tier, with its reason:
 * - same-bytes: one file's content at several paths (one asset): extra copies to remove;
 * - same-pixels: different files whose decoded pixels are identical (a PNG of a JPEG, EXIF stripped);
 * - near: the same picture resized, recompressed or re-encoded;
 * - similar: bursts and similar shots, never mixed into near.
 */
export const DUPLICATE_TIERS = ['same-bytes', 'same-pixels', 'near', 'similar'] as const
export type DuplicateTier = (typeof DUPLICATE_TIERS)[number]

/** The rules that suggest which copy to keep, tried in the user's order until one tells them apart. */
export const KEEPER_RULES = ['pixels', 'original-format', 'metadata', 'oldest', 'folder'] as const
export type KeeperRule = (typeof KEEPER_RULES)[number]

export const KEEPER_RULE_LABELS: Record<KeeperRule | 'first-imported', string> = {
  pixels: 'Largest pixel count',
  'original-format': 'Original format (camera JPEG/HEIC over a conversion)',
  metadata: 'Most metadata',
  oldest: 'Oldest plausible date',
  folder: 'In the preferred folder',
  'first-imported': 'First imported (nothing else told them apart)',
}

/** Largest pHash distance (of 64 bits) the near tier may ever be set to: beyond it, other pictures creep in. */
export const MAX_NEAR_DISTANCE = 12
export const MAX_SIMILAR_DISTANCE = 20

export const DuplicateSettings = z
  .object({
    /** pHash Hamming distance up to which two photos may be the same picture (near tier). */
    nearDistance: z.number().int().min(0).max(MAX_NEAR_DISTANCE),
    /** pHash distance up to which photos are similar shots (similar tier); at least nearDistance. */
    similarDistance: z.number().int().min(0).max(MAX_SIMILAR_DISTANCE),
    /** Keeper rules, most important first; each rule once. */
    keeperRules: z
      .array(z.enum(KEEPER_RULES))
      .min(1)
      .max(KEEPER_RULES.length)
      .refine((rules) => new Set(rules).size === rules.length, { message: 'each keeper rule at most once' }),
    /** Copies under this folder are preferred by the 'folder' rule (null: no preference). */
    preferredFolder: z.string().min(1).max(4096).nullable(),
  })
  .strict()
  .refine((s) => s.similarDistance >= s.nearDistance, { message: 'similarDistance must be at least nearDistance', path: ['similarDistance'] })
export type DuplicateSettings = z.infer<typeof DuplicateSettings>

/**
 * Precision-first: re-encoded, resized and recompressed copies of the test photos measured 0-2 bits
 * apart, crops of the same photo 8-18 and unrelated photos 20 or more (see duplicates.test.ts).
 */
export const DEFAULT_DUPLICATE_SETTINGS: DuplicateSettings = {
  nearDistance: 6,
  similarDistance: 12,
  keeperRules: [...KEEPER_RULES],
  preferredFolder: null,
}

/** One photo of a group, with what the user compares copies by. */
export interface DuplicateAsset {
  asset: AssetSummary
  /** Its first path (same-bytes groups list one entry per path). */
  path: string
  width: number | null
  height: number | null
  bytes: number | null
  /** 'JPEG', 'PNG', 'WebP', 'HEIC'… from the file's MIME type. */
  format: string | null
  takenAt: string | null
  /** How many of the camera fields (date, make, model, lens, exposure, aperture, ISO, focal length, GPS) it has. */
  exifFields: number
  /** pHash distance to the suggested keeper (0 for the keeper itself). */
  distance: number
}

export interface DuplicateGroup {
  tier: DuplicateTier
  /** Why these are grouped, in words. */
  reason: string
  suggestedKeep: AssetId
  /** The rule that picked the suggested keeper. */
  keptBy: KeeperRule | 'first-imported'
  assets: DuplicateAsset[]
}

export const DuplicatesListInput = z
  .object({
    tier: z.enum(DUPLICATE_TIERS).optional(),
    /** The similar tier is left out unless asked for (or named as the tier). */
    includeSimilar: z.boolean().optional(),
  })
  .strict()

export const DuplicatesResolveInput = z
  .object({
    groupAssetIds: z.array(AssetId).min(2).max(1000),
    keepId: AssetId,
  })
  .strict()
  .refine((r) => r.groupAssetIds.includes(r.keepId), { message: 'keepId must be one of groupAssetIds', path: ['keepId'] })

/**
 * "Remove extra copies" of a same-bytes group: these paths of one photo go to the operating system's
 * trash (never deleted); the photo and at least one of its paths stay. Not undoable: `confirm: true`.
 */
export const DuplicatesRemoveCopiesInput = z
  .object({
    assetId: AssetId,
    paths: z.array(z.string().min(1).max(4096)).min(1).max(1000),
    confirm: z.literal(true),
  })
  .strict()
  .refine((r) => new Set(r.paths).size === r.paths.length, { message: 'each path at most once', path: ['paths'] })

export interface DuplicatesCopiesRemoved {
  /** Files moved to the OS trash (the photo no longer lists them). */
  removed: string[]
  /** Files that stayed where they are, each with why (the others went on). */
  failures: { path: string; reason: string }[]
  /** The photo's paths now. */
  kept: string[]
}

export type StackKind = 'burst' | 'same-name'

/** Bursts and one shot in several formats show as one tile in the timeline (off: every photo on its own). */
export const StackSettings = z.object({ enabled: z.boolean() }).strict()
export type StackSettings = z.infer<typeof StackSettings>
export const DEFAULT_STACK_SETTINGS: StackSettings = { enabled: true }

/** Photos shown as one tile: a burst, or one shot in several formats. */
export interface AssetStack {
  id: number
  kind: StackKind
  /** The photo the tile shows. */
  coverAssetId: AssetId
  /** Its photos in order, the cover first. */
  assets: AssetSummary[]
}

/** `changed`: photos moved to the trash; `merged`: what the keeper received from them. */
export interface DuplicatesResolveResult extends BatchResult {
  trashed: AssetId[]
  merged: {
    favorite: boolean
    rating: number
    /** Faces of the keeper given the person confirmed on a copy. */
    faces: number
    /** Albums of the copies the keeper joined. */
    albums: number
    /** Whether the keeper took a copy's description (it had none). */
    description: boolean
  }
}
