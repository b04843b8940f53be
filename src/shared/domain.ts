// Domain types shared by main and renderer. Pure TypeScript + zod: no node, electron or DOM imports.
import { z } from 'zod'
import type { DuplicateSettings, StackSettings } from './duplicates'
import type { AssetEdits } from './edits'
import type { MotionKind } from './motion'
import type { FfmpegInUse, VideoFacts, VideoSettings } from './video'

export const AssetId = z.number().int().positive()
export type AssetId = z.infer<typeof AssetId>
export const RootId = z.number().int().positive()
export type RootId = z.infer<typeof RootId>
export const TaskId = z.number().int().positive()
export type TaskId = z.infer<typeof TaskId>

/** Sizes of the thumbnails kept in the content-addressed cache. */
export const THUMB_SIZES = { grid: 256, preview: 1440 } as const
export type ThumbSize = keyof typeof THUMB_SIZES

export interface LibraryRoot {
  id: RootId
  path: string
  addedAt: string
  /** Files currently known under this root (all states). */
  fileCount: number
  /**
   * Set when the folder could not be read at its last scan (missing, empty while files were known
   * in it, no permission): its files are kept as they were until it can be read again.
   */
  unreachable: { since: string; reason: string } | null
}

export type AssetState = 'pending' | 'ready' | 'error'

/** What the grid needs of one photo: small, because the grid fetches them by the thousand. */
export interface AssetSummary {
  id: AssetId
  sha256: string
  /** Display size after EXIF orientation, for the grid's aspect ratio. Null until known. */
  width: number | null
  height: number | null
  /** ISO 8601; with the offset when the camera recorded one. */
  takenAt: string | null
  /** yyyy-mm of takenAt (local to the photo), or 'undated'. */
  month: string
  hasThumb: boolean
  /** The user's marks, kept in the catalog (the file is never written). */
  favorite: boolean
  /** Stars, 0 (unrated) to 5. */
  rating: number
  /** Left out of the timeline and search unless asked for. */
  hidden: boolean
  /** In the library timeline, where a stack shows as one tile: the stack this photo is in (absent elsewhere). */
  stack?: StackTile
  /**
   * Set when the asset is a video (absent for photos); durationMs is null until ffprobe read it.
   * atMs: in a search result, the moment the query matched; among a person's photos, the moment the
   * person is seen (the viewer starts there).
   */
  video?: { durationMs: number | null; atMs?: number }
  /** Set when the photo has a moving part (a live photo's MOV, a motion photo's clip): the tile's badge. */
  motion?: MotionKind
}

/**
 * A photo's place in a stack as the timeline shows it: `count` photos of the stack are in this view;
 * the 'cover' is the tile that stands for them, 'member' tiles follow it while it is expanded.
 */
export interface StackTile {
  /** The stack's cover photo: what names a stack across recomputes (expandedStacks lists these). */
  coverId: number
  count: number
  /** 1 for the cover, 2… for the photos that follow it in an opened stack. */
  place: number
  role: 'cover' | 'member'
  expanded: boolean
}

export interface AssetLocation {
  path: string
  rootId: RootId
  size: number
  mtime: string
}

export interface AssetDetail extends AssetSummary {
  state: AssetState
  orientation: number | null
  mime: string | null
  fileSize: number | null
  make: string | null
  model: string | null
  lens: string | null
  exposureTime: number | null
  fNumber: number | null
  iso: number | null
  focalLength: number | null
  lat: number | null
  lon: number | null
  alt: number | null
  phash: string | null
  /** Reverse-geocoded from GPS, offline. */
  city: string | null
  region: string | null
  country: string | null
  countryCode: string | null
  timezone: string | null
  error: string | null
  /** When it was moved to the trash; null when it is in the library. */
  trashedAt: string | null
  /** The user's description, place name, and what the file says of an edited date or place. */
  edits: AssetEdits
  locations: AssetLocation[]
  tags: AssetTag[]
  ocr: AssetOcrLine[]
  /** A video's streams as ffprobe read them (absent for photos). */
  videoFacts?: VideoFacts
}

export interface TimelineMonth {
  month: string
  count: number
}

export interface BrokenFile {
  assetId: AssetId
  path: string
  error: string
}

export const TASK_STATES = ['pending', 'running', 'done', 'failed', 'dead', 'cancelled'] as const
export type TaskState = (typeof TASK_STATES)[number]

export interface TaskRow {
  id: TaskId
  type: string
  state: TaskState
  attempts: number
  maxAttempts: number
  /** A short human description of the payload (usually a file path). */
  subject: string
  errorCode: string | null
  errorMessage: string | null
  progress: number | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

export interface TaskTypeStats {
  type: string
  counts: Record<TaskState, number>
  p50Ms: number | null
  p95Ms: number | null
}

export interface TaskStats {
  byType: TaskTypeStats[]
  totals: Record<TaskState, number>
  assets: Record<AssetState, number>
}

export interface AssetTag {
  label: string
  score: number
  /**
   * 'label': what the classifier saw; 'hypernym': a broader word for it (cat -> feline -> animal);
   * 'face': what the faces stage found (person, people, portrait, group photo).
   */
  kind: 'label' | 'hypernym' | 'face'
}

/** A line of text read in a photo; box = [x, y, w, h] in fractions of the (oriented) image. */
export interface AssetOcrLine {
  text: string
  confidence: number
  box: [number, number, number, number]
  /** Read in a video's keyframe at this second (absent: the photo, or a video's poster). */
  atMs?: number
}

/** Which signals matched a search hit, for "why this photo". */
export type SearchSignal = 'text' | 'tag' | 'clip' | 'similar' | 'date' | 'place' | 'camera' | 'person' | 'folder'

export interface SearchHit {
  asset: AssetSummary
  score: number
  matched: string[]
  /** A hit in a video: the moment (ms) of the frame that matched best (also in asset.video.atMs). */
  atMs?: number
}

export interface SearchFiltersInput {
  from?: string
  to?: string
  cameras?: string[]
  folders?: string[]
  personIds?: number[]
}

export interface SearchResult {
  hits: SearchHit[]
  /** What the query was understood as (dates, places, cameras pulled out as filters). */
  understood: { text: string; dateRanges: { from: string; to: string }[]; places: string[]; cameras: string[]; people: string[] }
}

export interface SearchSuggestion {
  kind: 'person' | 'place' | 'camera' | 'year' | 'tag'
  value: string
}

export const PersonId = z.number().int().positive()
export type PersonId = z.infer<typeof PersonId>
export const FaceId = z.number().int().positive()
export type FaceId = z.infer<typeof FaceId>

/**
 * What a face crop's URL is made of. `cropKey` names what the crop shows (the photo's content and
 * the box): face ids are reused after deletions, so the id alone could name another face's crop,
 * and crops are cached as immutable.
 */
export interface FaceCropRef {
  id: FaceId
  cropKey: string
}

/** A detected face; box = [x, y, w, h] in fractions of the oriented photo. */
export interface FaceRef extends FaceCropRef {
  assetId: AssetId
  personId: PersonId | null
  personName: string | null
  box: [number, number, number, number]
  score: number
  /** User-confirmed: survives every recluster. */
  pinned: boolean
}

export interface PersonSummary {
  id: PersonId
  name: string | null
  faceCount: number
  photoCount: number
  hidden: boolean
  /** The best face (largest, sharpest) for the card. */
  coverFaceId: FaceId | null
  /** That face's crop key (see FaceCropRef); null when there is no cover face. */
  coverCropKey: string | null
}

export interface PersonDetail extends PersonSummary {
  faces: FaceRef[]
}

export interface MergeSuggestion {
  a: PersonSummary
  b: PersonSummary
  /** Cosine similarity of their centroids. */
  similarity: number
}

export interface ModelInfo {
  id: string
  task: string
  version: string
  license: string
  installed: boolean
  /** Where its files were found (env dir, user models, bundled, npm package). */
  location: string | null
  sizeBytes: number
  /** Execution provider used last, when known. */
  device: string | null
}

/** Relative weight of each search signal in the fusion (0 turns a signal off). */
export const SearchWeights = z
  .object({
    text: z.number().min(0).max(10),
    tag: z.number().min(0).max(10),
    clip: z.number().min(0).max(10),
  })
  .strict()
export type SearchWeights = z.infer<typeof SearchWeights>

/** Words and tags weigh the same; CLIP, when installed, a little more. */
export const DEFAULT_SEARCH_WEIGHTS: SearchWeights = { text: 1, tag: 1, clip: 1.5 }

/**
 * How faces are grouped into people. Distances are cosine distances between face embeddings
 * (0 = identical); lower is stricter. Precision-first defaults: a wrong merge costs the user more
 * than a split (one click to merge).
 */
export const FaceGrouping = z
  .object({
    /** Faces this close are neighbours; a face joins a person when enough neighbours agree. */
    matchDistance: z.number().min(0.1).max(0.9),
    /** Smallest group that becomes a person (a close pair excepted, see pairDistance). */
    minFaces: z.number().int().min(2).max(50),
    /** Two faces at least this close may form a person on their own; 0 = never (must be <= matchDistance). */
    pairDistance: z.number().min(0).max(0.9),
  })
  .strict()
  .refine((g) => g.pairDistance <= g.matchDistance, { message: 'pairDistance must not exceed matchDistance', path: ['pairDistance'] })
export type FaceGrouping = z.infer<typeof FaceGrouping>

export const DEFAULT_FACE_GROUPING: FaceGrouping = { matchDistance: 0.45, minFaces: 3, pairDistance: 0.35 }

export function sameFaceGrouping(a: FaceGrouping, b: FaceGrouping): boolean {
  return a.matchDistance === b.matchDistance && a.minFaces === b.minFaces && a.pairDistance === b.pairDistance
}

export interface LibrarySettings {
  searchWeights: SearchWeights
  faceGrouping: FaceGrouping
  /** Duplicate review thresholds and keeper rules (see src/shared/duplicates.ts). */
  duplicates: DuplicateSettings
  /** Stacks in the timeline (see src/shared/duplicates.ts). */
  stacks: StackSettings
  /** Which ffmpeg analyses videos (see src/shared/video.ts). */
  videos: VideoSettings
  /** Read-only: the ffmpeg found under that setting, or null. */
  ffmpegInUse: FfmpegInUse | null
}

/** A curation step the user can take back (the toast's "Undo"): see `edits.undo`. */
export interface UndoStep {
  stepId: number
  /** What happened, as the toast says it: "Added 3 photos to favourites". */
  label: string
}

/** What a batch action did: how many photos were different, and its undo step (null: nothing changed). */
export interface BatchResult {
  changed: number
  undo: UndoStep | null
}
