// Albums (issue 12): types and input schemas shared by main and renderer. Pure TypeScript + zod.
import { z } from 'zod'
import { AssetId, type AssetSummary, type BatchResult } from './domain'
import type { SmartRule } from './smart-albums'

export const AlbumId = z.number().int().positive()
export type AlbumId = z.infer<typeof AlbumId>
export const AlbumFolderId = z.number().int().positive()
export type AlbumFolderId = z.infer<typeof AlbumFolderId>

export const AlbumName = z.string().trim().min(1).max(200)
export const AlbumDescription = z.string().max(5000)
/** The photos an album action applies to (a selection can be a whole library's worth). */
export const AlbumAssetIds = z.array(AssetId).min(1).max(100_000)

export interface AlbumSummary {
  id: AlbumId
  name: string
  description: string
  /** The album folder it sits in; null at the top level. */
  folderId: AlbumFolderId | null
  /** Photos it shows (trashed, missing and hidden photos left out). */
  count: number
  /** Hidden photos it holds besides those (shown only with includeHidden). */
  hiddenCount: number
  /** Days taken (wall clock, yyyy-mm-dd) of its earliest and latest dated photo shown; null when none is dated. */
  dates: { first: string; last: string } | null
  /** The chosen cover when it is still shown, else the first photo; null for an empty album. */
  cover: AssetSummary | null
  /** Set for an album made from a library folder; `synced`: its photos are always those under the folder. */
  source: { path: string; synced: boolean } | null
  /** Set for a smart album: its photos are those the rule matches at each read (newest first), `text` its text form. */
  smart: { rule: SmartRule; text: string } | null
  createdAt: string
  updatedAt: string
}

export interface AlbumFolder {
  id: AlbumFolderId
  name: string
  /** The folder holding this one; null at the top level. */
  parentId: AlbumFolderId | null
}

/** Every album and album folder: the screen and the pickers arrange them as a tree. */
export interface AlbumTree {
  folders: AlbumFolder[]
  albums: AlbumSummary[]
}

/** An album, membership of a photo: what "In albums" of the viewer shows. */
export interface AlbumRef {
  id: AlbumId
  name: string
}

export interface AlbumCreated extends BatchResult {
  album: AlbumSummary
}

export interface AlbumsCreated extends BatchResult {
  albums: AlbumSummary[]
}

export interface AlbumFolderCreated extends BatchResult {
  folder: AlbumFolder
}

/**
 * Why an album call was refused: the code of the error the caller gets (HTTP 404 for the two
 * not-found codes, 409 for a conflict with how the albums are, 400 otherwise), so the renderer can
 * leave a page whose album is gone, or say what to do instead, without reading messages.
 */
export const ALBUM_ERROR_CODES = [
  /** No album with that id (deleted, maybe in another window). */
  'album-not-found',
  /** No album folder with that id. */
  'album-folder-not-found',
  /** An album folder moved into itself or one of its own folders. */
  'album-folder-cycle',
  /** Adding or removing photos by hand in an album that follows a library folder. */
  'album-synced',
  /** A photo named as cover or reorder target that is not in the album. */
  'album-photo-not-in-album',
  /** A folder an album is made from is not inside a library folder. */
  'invalid-folder',
  /** Adding, removing or ordering photos by hand in a smart album (its rule chooses them), or a rule call on a plain album. */
  'album-smart',
] as const
export type AlbumErrorCode = (typeof ALBUM_ERROR_CODES)[number]

/** The HTTP status of an album error code. */
export function albumErrorStatus(code: AlbumErrorCode): 400 | 404 | 409 {
  if (code === 'album-not-found' || code === 'album-folder-not-found') return 404
  if (code === 'album-folder-cycle' || code === 'album-synced' || code === 'album-smart') return 409
  return 400
}

/** Whether a thrown error (an ApiError, or the Electron bridge's Error with a code) is this album error. */
export function isAlbumError(error: unknown, code: AlbumErrorCode): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}

/** The contract's input schemas for albums (see contract.ts, section Albums). */
export const AlbumInputs = {
  list: z.object({}).strict(),
  get: z.object({ albumId: AlbumId }).strict(),
  photos: z
    .object({
      albumId: AlbumId,
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(2000),
      includeHidden: z.boolean().optional(),
    })
    .strict(),
  create: z
    .object({ name: AlbumName, description: AlbumDescription.optional(), folderId: AlbumFolderId.nullable().optional(), assetIds: z.array(AssetId).max(100_000).optional() })
    .strict(),
  createFromFolders: z
    .object({
      /** Folders under a library folder (or a library folder itself): one album each, named after it. */
      paths: z.array(z.string().min(1).max(4096)).min(1).max(100),
      /** true: the album follows the folder (new photos appear); false: the photos there now. */
      sync: z.boolean(),
      folderId: AlbumFolderId.nullable().optional(),
    })
    .strict(),
  rename: z.object({ albumId: AlbumId, name: AlbumName }).strict(),
  describe: z.object({ albumId: AlbumId, description: AlbumDescription }).strict(),
  delete: z.object({ albumId: AlbumId }).strict(),
  addAssets: z.object({ albumId: AlbumId, ids: AlbumAssetIds }).strict(),
  removeAssets: z.object({ albumId: AlbumId, ids: AlbumAssetIds }).strict(),
  /** Moves the photos (in the order given) to just before `before`, or to the end when it is null. */
  reorder: z.object({ albumId: AlbumId, ids: AlbumAssetIds, before: AssetId.nullable() }).strict(),
  /** All of the album's photos by date taken, oldest or newest first (one undoable reorder). */
  sortByDate: z.object({ albumId: AlbumId, order: z.enum(['oldest', 'newest']) }).strict(),
  /** null: back to the first photo. */
  setCover: z.object({ albumId: AlbumId, assetId: AssetId.nullable() }).strict(),
  createFolder: z.object({ name: AlbumName, parentId: AlbumFolderId.nullable().optional() }).strict(),
  renameFolder: z.object({ folderId: AlbumFolderId, name: AlbumName }).strict(),
  /** Deletes an album folder; what it holds moves up to its parent (no album is deleted). */
  deleteFolder: z.object({ folderId: AlbumFolderId }).strict(),
  /** Moves albums and album folders into a folder (null: the top level). */
  move: z
    .object({
      albumIds: z.array(AlbumId).max(1000).optional(),
      folderIds: z.array(AlbumFolderId).max(1000).optional(),
      into: AlbumFolderId.nullable(),
    })
    .strict()
    .refine((m) => (m.albumIds?.length ?? 0) + (m.folderIds?.length ?? 0) > 0, { message: 'nothing to move' }),
  ofAsset: z.object({ assetId: AssetId }).strict(),
} as const

/** The names of an album folder and its parents, outermost first ("Trips / 2024"). */
export function folderPath(folders: readonly AlbumFolder[], folderId: AlbumFolderId | null): AlbumFolder[] {
  const byId = new Map(folders.map((f) => [f.id, f]))
  const path: AlbumFolder[] = []
  const seen = new Set<number>()
  for (let id = folderId; id !== null && !seen.has(id); ) {
    seen.add(id)
    const folder = byId.get(id)
    if (!folder) break
    path.unshift(folder)
    id = folder.parentId
  }
  return path
}
