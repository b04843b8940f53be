// The one typed contract between the renderer and main. Every call has a zod input schema (checked
// in main before a handler runs) and an output type. Electron IPC and the loopback HTTP transport
// both bind these same names to the same handlers.
import { z } from 'zod'
import { EditInputs } from './edits'
import { MemoriesInputs, type OnThisDay } from './memories'
import { MapInputs, type MapPhotosPage, type MapPoint } from './map'
import { PhotoEventInputs, type PhotoEventChange, type PhotoEventSummary } from './photo-events'
import { ThemeInputs, type ThemeSummary } from './themes'
import { MotionOfInput, type AssetMotion } from './motion'
import { TrashInputs, type TrashEmptied, type TrashPage } from './trash'
import { BackupInputs, type BackupInfo, type BackupOverview, type BackupSettings, type RestoreResult } from './backup'
import { IntegrityInputs, type IntegrityReport } from './integrity'
import { SidecarInputs, type SidecarSettings, type SidecarWriteResult } from './sidecars'
import { ExportInputs, type ExportStarted, type RelinkResult } from './export'
import { SmartAlbumInputs, type SmartRuleValidation } from './smart-albums'
import { AlbumInputs, type AlbumCreated, type AlbumFolderCreated, type AlbumRef, type AlbumsCreated, type AlbumSummary, type AlbumTree } from './albums'
import {
  AssetId,
  SearchWeights,
  FaceGrouping,
  FaceId,
  PersonId,
  RootId,
  TaskId,
  TASK_STATES,
  type AssetDetail,
  type AssetSummary,
  type BatchResult,
  type UndoStep,
  type BrokenFile,
  type LibraryRoot,
  type LibrarySettings,
  type FaceCropRef,
  type FaceRef,
  type MergeSuggestion,
  type ModelInfo,
  type PersonDetail,
  type PersonSummary,
  type SearchHit,
  type SearchResult,
  type SearchSuggestion,
  type TaskRow,
  type TaskStats,
  type TimelineMonth,
} from './domain'
import { DuplicateSettings, DuplicatesListInput, DuplicatesRemoveCopiesInput, DuplicatesResolveInput, StackSettings, type AssetStack, type DuplicateGroup, type DuplicatesCopiesRemoved, type DuplicatesResolveResult } from './duplicates'
import { PlayableInput, VideoSettings, type PlayableCopy } from './video'

const none = z.object({}).strict()
/** The photos a batch action applies to (a selection can be a whole library's worth). */
const AssetIds = z.array(AssetId).min(1).max(100_000)
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd')
/** A view of only the favourites, or only the hidden photos (the show-hidden view). */
const Only = z.enum(['favorites', 'hidden'])
/**
 * Stacks the timeline shows opened (their photos after their tile), by their cover photo (stack ids
 * change with each recompute, covers do not); the rest are one tile each.
 */
const ExpandedStacks = z.array(AssetId).max(200)

/** call<Output>()(inputSchema): the input type is inferred from the schema, the output is declared. */
function call<O>() {
  return <I extends z.ZodType>(input: I) => ({ input, output: undefined as unknown as O })
}

export const contract = {
  'app.info': call<AppInfo>()(none),
  'roots.list': call<LibraryRoot[]>()(none),
  'roots.add': call<LibraryRoot[]>()(
    z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(100) }).strict(),
  ),
  'roots.remove': call<{ removed: boolean }>()(z.object({ rootId: RootId }).strict()),
  /**
   * "Locate folder": an unreachable library folder is at `newPath` now. Its files are relinked by
   * relative path, checked by size and SHA-256 (ids, faces, albums, names kept); the rest are listed
   * as missing. A folder that holds none of them is refused.
   */
  'roots.relink': call<RelinkResult>()(ExportInputs.relink),
  /** Native folder picker; only the Electron shell has one (browser mode returns supported: false). */
  'dialog.pickFolders': call<{ supported: boolean; paths: string[] }>()(none),
  /** Months of the timeline; hidden photos count only with includeHidden. */
  'assets.timeline': call<TimelineMonth[]>()(
    z.object({ includeHidden: z.boolean().optional(), only: Only.optional(), expandedStacks: ExpandedStacks.optional() }).strict(),
  ),
  /**
   * A window of the timeline (newest first), by position: the virtualized grid asks for what it shows.
   * With stacks on (Settings), a stack is one tile (`stack` says so) unless it is in expandedStacks.
   */
  'assets.page': call<AssetSummary[]>()(
    z
      .object({
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(2000),
        includeHidden: z.boolean().optional(),
        only: Only.optional(),
        expandedStacks: ExpandedStacks.optional(),
      })
      .strict(),
  ),
  /**
   * Each batch call is one step: all the photos change, or none. `changed` counts those that were
   * different; `undo` is the step `edits.undo` takes back (null when nothing changed).
   */
  'assets.setFavorite': call<BatchResult>()(z.object({ ids: AssetIds, favorite: z.boolean() }).strict()),
  /** 0 clears the rating. */
  'assets.setRating': call<BatchResult>()(z.object({ ids: AssetIds, rating: z.number().int().min(0).max(5) }).strict()),
  /** Hidden photos leave the timeline and search unless asked for (includeHidden). */
  'assets.setHidden': call<BatchResult>()(z.object({ ids: AssetIds, hidden: z.boolean() }).strict()),
  /**
   * Takes back the latest curation step (favourite, rating, hidden, albums, trash, edits, duplicate
   * resolution). With stepId, only while that step is still the latest (an error otherwise).
   * `undone` is the step's label, null when there was nothing to undo.
   */
  'edits.undo': call<{ undone: string | null }>()(z.object({ stepId: z.number().int().positive().optional() }).strict()),
  /** The step the next undo would take back. */
  'edits.latest': call<UndoStep | null>()(none),

  // ── Albums (issue 12) ──
  /** Every album folder and album (with count and cover); the screen arranges them as a tree. */
  'albums.list': call<AlbumTree>()(AlbumInputs.list),
  'albums.get': call<AlbumSummary | null>()(AlbumInputs.get),
  /** A window of an album's photos in its order (trashed and missing ones left out; hidden ones only with includeHidden). */
  'albums.photos': call<AssetSummary[]>()(AlbumInputs.photos),
  /** Each change below is one undoable step (`edits.undo`), as for the batch calls above. */
  'albums.create': call<AlbumCreated>()(AlbumInputs.create),
  /** One album per folder (under a library folder), named after it; `sync` keeps it equal to the folder's photos. */
  'albums.createFromFolders': call<AlbumsCreated>()(AlbumInputs.createFromFolders),
  'albums.rename': call<BatchResult>()(AlbumInputs.rename),
  'albums.describe': call<BatchResult>()(AlbumInputs.describe),
  /** The album goes; its photos stay in the library. */
  'albums.delete': call<BatchResult>()(AlbumInputs.delete),
  'albums.addAssets': call<BatchResult>()(AlbumInputs.addAssets),
  'albums.removeAssets': call<BatchResult>()(AlbumInputs.removeAssets),
  'albums.reorder': call<BatchResult>()(AlbumInputs.reorder),
  'albums.sortByDate': call<BatchResult>()(AlbumInputs.sortByDate),
  'albums.setCover': call<BatchResult>()(AlbumInputs.setCover),
  'albums.createFolder': call<AlbumFolderCreated>()(AlbumInputs.createFolder),
  'albums.renameFolder': call<BatchResult>()(AlbumInputs.renameFolder),
  'albums.deleteFolder': call<BatchResult>()(AlbumInputs.deleteFolder),
  'albums.move': call<BatchResult>()(AlbumInputs.move),
  /** The albums a photo is in, by name. */
  'albums.ofAsset': call<AlbumRef[]>()(AlbumInputs.ofAsset),
  // ── Smart albums (issue 13): albums whose photos a saved rule picks (see src/shared/smart-albums.ts) ──
  // They are albums too: albums.list/get/photos/rename/move/delete take them; adding, removing or
  // ordering photos by hand is refused ('album-smart'). Each change is one undoable step.
  'smartAlbums.create': call<AlbumCreated>()(SmartAlbumInputs.create),
  /** A new name and/or rule. */
  'smartAlbums.update': call<AlbumCreated>()(SmartAlbumInputs.update),
  'smartAlbums.delete': call<BatchResult>()(SmartAlbumInputs.delete),
  /** The smart album (with `smart.rule` and its text form); null when there is none with that id. */
  'smartAlbums.get': call<AlbumSummary | null>()(SmartAlbumInputs.get),
  /** A window of its photos as the rule matches them now, newest first. */
  'smartAlbums.photos': call<AssetSummary[]>()(SmartAlbumInputs.photos),
  /** The text form → the rule (and its canonical text), or the error and its position. */
  'smartAlbums.validate': call<SmartRuleValidation>()(SmartAlbumInputs.validate),
  /** How many photos a rule not yet saved matches (the rule builder's live count). */
  'smartAlbums.preview': call<{ count: number; text: string }>()(SmartAlbumInputs.preview),

  // ── Trash and edits (issue 12) ──
  /** Trashed photos leave every library view (timeline, search, people, albums); faces, albums and marks stay. One undoable step. */
  'trash.move': call<BatchResult>()(TrashInputs.move),
  /** Back into the library, intact. One undoable step. */
  'trash.restore': call<BatchResult>()(TrashInputs.restore),
  'trash.restoreAll': call<BatchResult>()(TrashInputs.restoreAll),
  /** A window of the trash, newest trashed first, with the days left before a photo leaves the catalog. */
  'trash.list': call<TrashPage>()(TrashInputs.list),
  /**
   * Removes trashed photos from the catalog (not undoable: `confirm: true`); files stay on disk unless
   * `deleteFiles`, which moves them to the OS trash (never deletes them). Failures are per file.
   */
  'trash.empty': call<TrashEmptied>()(TrashInputs.empty),
  /** Date and time: set, shift each photo by an offset from its own time, or back to the file's. One undoable step. */
  'edits.setDate': call<BatchResult>()(EditInputs.setDate),
  /** Position (+ optional name), clear, or back to the file's. One undoable step. */
  'edits.setPlace': call<BatchResult>()(EditInputs.setPlace),
  /** An empty text clears it. One undoable step. */
  'edits.setDescription': call<BatchResult>()(EditInputs.setDescription),

  // ── Duplicates and stacks (issue 12) ──
  /** Duplicate groups: same-bytes, same-pixels and near; similar shots only with includeSimilar (or tier 'similar'). */
  'duplicates.list': call<DuplicateGroup[]>()(DuplicatesListInput),
  /** "Keep this one": merges the others' marks and confirmed people into the keeper, trashes the others (one undoable step). */
  'duplicates.resolve': call<DuplicatesResolveResult>()(DuplicatesResolveInput),
  /**
   * "Remove extra copies" of a same-bytes group: the chosen paths of one photo go to the OS trash
   * (never deleted), the photo keeps its other paths (at least one). Failures are per file.
   */
  'duplicates.removeCopies': call<DuplicatesCopiesRemoved>()(DuplicatesRemoveCopiesInput),
  /** The stack a photo is in (a burst, or one shot in several formats), null when none. */
  'stacks.of': call<AssetStack | null>()(z.object({ assetId: AssetId }).strict()),
  /** The moving part of a live photo or motion photo (null for a photo without one); its bytes are media kind 'motion'. */
  'motion.of': call<AssetMotion | null>()(MotionOfInput),
  /** A copy the window can play of a video (or a motion part) whose codec it cannot decode: its state; asking starts it. */
  'video.playable': call<PlayableCopy>()(PlayableInput),
  /** How many photos the stacks of these (cover) photos hold; photos that cover no stack are left out. */
  'stacks.counts': call<{ assetId: AssetId; count: number }[]>()(z.object({ assetIds: z.array(AssetId).min(1).max(5000) }).strict()),
  /**
   * The photos a trash, hide or date change of these timeline tiles takes: a collapsed stack's tile stands for its
   * whole stack (expanded stacks only for the photos chosen). `stacks`: collapsed stacks that added photos.
   */
  'stacks.whole': call<{ ids: AssetId[]; stacks: number }>()(z.object({ ids: AssetIds, expandedStacks: ExpandedStacks.optional() }).strict()),

  // ── Events (issue 13): the library cut by time and place ──
  /** Newest first; one year's only when given. */
  'photoEvents.list': call<PhotoEventSummary[]>()(PhotoEventInputs.list),
  'photoEvents.years': call<{ year: number; count: number }[]>()(PhotoEventInputs.years),
  'photoEvents.get': call<PhotoEventSummary | null>()(PhotoEventInputs.get),
  /** A window of an event's photos in capture order. */
  'photoEvents.photos': call<AssetSummary[]>()(PhotoEventInputs.photos),
  'photoEvents.ofAsset': call<PhotoEventSummary | null>()(PhotoEventInputs.ofAsset),
  /** Each edit below is one undoable step (`edits.undo`) and survives every recompute of the events. */
  'photoEvents.rename': call<BatchResult>()(PhotoEventInputs.rename),
  'photoEvents.merge': call<PhotoEventChange>()(PhotoEventInputs.merge),
  'photoEvents.split': call<PhotoEventChange>()(PhotoEventInputs.split),

  // ── Themes (issue 13): recurring subjects across events, suggested as smart albums ──
  /** Every theme (a subject in two events or more), the most events first. */
  'themes.list': call<ThemeSummary[]>()(ThemeInputs.list),
  /** A window of a theme's photos, newest first; an error for no such theme. */
  'themes.photos': call<AssetSummary[]>()(ThemeInputs.photos),

  // ── Memories and map (issue 13) ──
  /** "On this day": this calendar day's photos in earlier years, grouped by year (newest first). */
  'memories.onThisDay': call<OnThisDay>()(MemoriesInputs.onThisDay),
  /** Every shown photo with a position, as compact [id, lat, lon] points (the map clusters them). */
  'map.points': call<{ points: MapPoint[] }>()(MapInputs.points),
  /** A window of the photos in a region of the map, newest first, with their total. */
  'map.photosInBounds': call<MapPhotosPage>()(MapInputs.photosInBounds),

  'assets.get': call<AssetDetail | null>()(z.object({ assetId: AssetId }).strict()),
  'assets.broken': call<BrokenFile[]>()(none),
  'tasks.stats': call<TaskStats>()(none),
  'tasks.list': call<TaskRow[]>()(
    z.object({ states: z.array(z.enum(TASK_STATES)).min(1), limit: z.number().int().min(1).max(1000) }).strict(),
  ),
  /** Requeue one dead/failed task, or every dead task when taskId is omitted. */
  'tasks.retry': call<{ requeued: number }>()(z.object({ taskId: TaskId.optional() }).strict()),
  /** Text -> photos: tags, words around the photo (FTS) and CLIP when a model is active, fused. */
  'search.query': call<SearchResult>()(
    z
      .object({
        text: z.string().max(500),
        limit: z.number().int().min(1).max(1000).optional(),
        filters: z
          .object({
            /** First and last day included. */
            from: isoDate.optional(),
            to: isoDate.optional(),
            cameras: z.array(z.string().min(1).max(200)).max(20).optional(),
            folders: z.array(z.string().min(1).max(4096)).max(20).optional(),
            /** Photos with ALL of these people. */
            personIds: z.array(PersonId).max(20).optional(),
            /** Hidden photos are left out unless this is true. */
            includeHidden: z.boolean().optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
  ),
  /** Photo -> similar photos. */
  'search.similar': call<SearchHit[]>()(z.object({ assetId: AssetId, limit: z.number().int().min(1).max(500).optional() }).strict()),
  'search.suggest': call<SearchSuggestion[]>()(z.object({ prefix: z.string().max(100) }).strict()),
  /** Faces in one photo, with their person, for boxes on the preview. */
  'assets.faces': call<FaceRef[]>()(z.object({ assetId: AssetId }).strict()),
  /** People, largest first; unnamed ones are the review queue. */
  'people.list': call<PersonSummary[]>()(z.object({ includeHidden: z.boolean().optional() }).strict()),
  'people.get': call<PersonDetail | null>()(z.object({ personId: PersonId }).strict()),
  /** Faces that belong to nobody yet. */
  'people.unassigned': call<FaceRef[]>()(z.object({ limit: z.number().int().min(1).max(5000).optional() }).strict()),
  /** Photos of a person, newest first; a video's video.atMs is the second that person is seen (the viewer starts there). */
  'people.photos': call<AssetSummary[]>()(z.object({ personId: PersonId, limit: z.number().int().min(1).max(5000).optional() }).strict()),
  'people.rename': call<PersonSummary>()(z.object({ personId: PersonId, name: z.string().trim().min(1).max(200) }).strict()),
  /** Names already used, for autocomplete. */
  'people.names': call<string[]>()(z.object({ prefix: z.string().max(200) }).strict()),
  'people.merge': call<PersonSummary>()(z.object({ personIds: z.array(PersonId).min(1).max(100), into: PersonId }).strict()),
  /** Selected faces become a new person. */
  'people.split': call<PersonSummary>()(z.object({ personId: PersonId, faceIds: z.array(FaceId).min(1).max(5000) }).strict()),
  /** Faces go to another person (confirmed, pinned). */
  'people.moveFaces': call<{ moved: number }>()(z.object({ faceIds: z.array(FaceId).min(1).max(5000), to: PersonId }).strict()),
  /** "Not this person": faces leave their person and never return to it. */
  'people.removeFaces': call<{ removed: number }>()(z.object({ faceIds: z.array(FaceId).min(1).max(5000) }).strict()),
  'people.hide': call<{ ok: true }>()(z.object({ personId: PersonId, hidden: z.boolean() }).strict()),
  /** Deletes the person with its faces and their embeddings (the data is gone). */
  'people.delete': call<{ ok: true }>()(z.object({ personId: PersonId }).strict()),
  /** Undoes the last person operation; null when there is nothing to undo. */
  'people.undo': call<{ undone: string | null }>()(none),
  'people.mergeSuggestions': call<MergeSuggestion[]>()(z.object({ limit: z.number().int().min(1).max(100).optional() }).strict()),
  /** Full recluster (runs as a task, with progress). */
  'people.recluster': call<{ queued: boolean }>()(none),
  'models.list': call<ModelInfo[]>()(none),
  'models.verify': call<{ ok: boolean; message: string }>()(z.object({ id: z.string().min(1).max(200) }).strict()),
  'models.import': call<ModelInfo>()(z.object({ id: z.string().min(1).max(200), folder: z.string().min(1).max(4096) }).strict()),
  /** Download in the background (a task: progress in the activity panel), verify, then use it. */
  'models.download': call<{ queued: boolean }>()(z.object({ id: z.string().min(1).max(200) }).strict()),
  'models.remove': call<{ removed: boolean }>()(z.object({ id: z.string().min(1).max(200) }).strict()),
  // ── Export (issue 14) ──
  /** Starts exporting (originals or JPEG, folder or .zip); progress and the summary come as `export.progress`. */
  'export.start': call<ExportStarted>()(ExportInputs.start),
  /** Stops an export; what it wrote is removed (the originals are only ever read). */
  'export.cancel': call<{ cancelled: boolean }>()(ExportInputs.cancel),
  // ── Backup and restore (issue 14) ──
  /** This library's backups (newest first), where new ones go and how many are kept. */
  'backup.list': call<BackupOverview>()(BackupInputs.list),
  'backup.create': call<BackupInfo>()(BackupInputs.create),
  /** Replaces the catalog with a backup, after a restore point of the current one; a damaged backup is refused. */
  'backup.restore': call<RestoreResult>()(BackupInputs.restore),
  'backup.setSettings': call<BackupSettings>()(BackupInputs.setSettings),
  /** The library check; `repair` queues re-imports, thumbnails and analysis for what can be repaired. */
  'library.check': call<IntegrityReport>()(IntegrityInputs.check),
  // ── XMP sidecars (issue 14) ──
  'sidecars.settings': call<SidecarSettings>()(SidecarInputs.getSettings),
  /** Turning writing on (or changing what goes in) queues every photo's sidecar; returns all settings. */
  'sidecars.setSettings': call<SidecarSettings>()(SidecarInputs.setSettings),
  /** Writes every photo's sidecar now (unchanged ones are left alone). */
  'sidecars.writeAll': call<SidecarWriteResult>()(SidecarInputs.writeAll),
  'settings.get': call<LibrarySettings>()(none),
  /** Changes some settings; returns all of them. */
  'settings.set': call<LibrarySettings>()(z.object({ searchWeights: SearchWeights.optional(), faceGrouping: FaceGrouping.optional(), duplicates: DuplicateSettings.optional(), stacks: StackSettings.optional(), videos: VideoSettings.optional() }).strict()),
  /** Cancel one pending task, or every pending task when taskId is omitted. */
  'tasks.cancel': call<{ cancelled: number }>()(z.object({ taskId: TaskId.optional() }).strict()),
} as const

export interface AppInfo {
  version: string
  libraryDir: string
  /** 'electron' when the native shell is present, 'browser' for the loopback server. */
  mode: 'electron' | 'browser'
}

export type Contract = typeof contract
export type CallName = keyof Contract
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>
export type CallOutput<N extends CallName> = Contract[N]['output']

export type MediaUrlKind = 'grid' | 'preview' | 'original' | 'motion' | 'playable' | 'playable-motion'

/** The client side of the contract, as the preload (Electron) or the HTTP client (browser) exposes it. */
export interface PhotoHouseApi {
  invoke<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  /**
   * URL of a thumbnail ('grid' | 'preview'), of the original file of an asset, of its motion part (see
   * motion.of), or of the playable copy of either once video.playable says it is ready.
   */
  mediaUrl(kind: MediaUrlKind, asset: { id: AssetId; sha256: string }): string
  /** URL of a square crop of one face (its id and crop key: see FaceCropRef). */
  faceUrl(face: FaceCropRef): string
}

/**
 * The media id of a face crop, `<faceId>-<cropKey>`: the URL changes whenever what the crop shows
 * does, so it can be cached as immutable.
 */
export function faceMediaId(face: FaceCropRef): string {
  return `${face.id}-${face.cropKey}`
}

/** The face id and crop key of a face crop's media id, or null when it is not one. */
export function parseFaceMediaId(mediaId: string): FaceCropRef | null {
  const match = /^([1-9][0-9]{0,15})-([0-9a-f]{1,64})$/.exec(mediaId)
  if (!match) return null
  const id = Number(match[1])
  return Number.isSafeInteger(id) ? { id, cropKey: match[2]! } : null
}

export const CALL_NAMES = Object.keys(contract) as CallName[]

import type { EventName, EventPayload } from './events'
export type { EventName, EventPayload }

/** Whether a media URL names its asset by id (files and copies of one asset) rather than by content hash (thumbnails). */
export function mediaById(kind: MediaUrlKind): boolean {
  return kind === 'original' || kind === 'motion' || kind === 'playable' || kind === 'playable-motion'
}
