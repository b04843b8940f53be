// Albums and album folders (issue 12). Every change is one undoable step of the curation journal:
// its inverse ops are recorded in the same transaction as the change (see src/main/curation).
import { realpathSync } from 'node:fs'
import { basename, isAbsolute, resolve } from 'node:path'
import { albumErrorStatus, type AlbumCreated, type AlbumErrorCode, type AlbumFolder, type AlbumFolderCreated, type AlbumRef, type AlbumsCreated, type AlbumSummary, type AlbumTree } from '../../shared/albums'
import type { AssetSummary, BatchResult } from '../../shared/domain'
import type { EventPayload } from '../../shared/events'
import type { AlbumMember, AlbumRow, AlbumsRepository, RootsRepository, UndoOp } from '../catalog'
import type { UndoService } from '../curation'
import { isInside } from '../library'

/**
 * A request that cannot be done as asked (no such album, a folder outside the library…): the
 * caller's to fix. The transports send its code and status (see ALBUM_ERROR_CODES) instead of a 500.
 */
export class AlbumsInputError extends Error {
  override name = 'AlbumsInputError'
  constructor(
    message: string,
    readonly code: AlbumErrorCode | 'invalid-input' = 'invalid-input',
  ) {
    super(message)
  }

  get status(): 400 | 404 | 409 {
    return this.code === 'invalid-input' ? 400 : albumErrorStatus(this.code)
  }
}

// Inverse-op kinds this domain registers with the undo journal.
const KIND = {
  /** Takes out the photos an add put in, or puts back the rows a remove took out. */
  membership: 'albums.membership',
  /** Puts back all of an album's order rows (a reorder). */
  order: 'albums.order',
  /** Puts back an album's name, description, folder or cover. */
  fields: 'albums.fields',
  /** Deletes an album a step created. */
  drop: 'albums.drop',
  /** Recreates a deleted album under its id, with its photos and their order. */
  recreate: 'albums.recreate',
  /** Deletes an album folder a step created. */
  dropFolder: 'albums.dropFolder',
  /** Puts back an album folder's name or parent. */
  folderFields: 'albums.folderFields',
  /** Recreates a deleted album folder under its id. */
  recreateFolder: 'albums.recreateFolder',
} as const

type FieldsPayload = { albumId: number; fields: Pick<AlbumRow, 'name' | 'description' | 'folderId' | 'coverAssetId'> }
type MembershipPayload = { albumId: number; remove?: number[]; insert?: AlbumMember[] }

const photos = (n: number) => (n === 1 ? '1 photo' : `${n} photos`)
const quoted = (name: string) => `“${name}”`

/** What changed, for the 'albums.changed' event (see src/shared/events.ts). */
export type AlbumsChange = EventPayload<'albums.changed'>

export interface AlbumsServiceDeps {
  albums: AlbumsRepository
  roots: RootsRepository
  undo: UndoService
  /** Albums changed (an album call, an undo of one): other windows refetch. Called after the change is committed. */
  changed?(change: AlbumsChange): void
}

export function createAlbumsService(deps: AlbumsServiceDeps) {
  const { albums, roots, undo } = deps
  const changed = (reason: AlbumsChange['reason'], albumIds: readonly number[]) => deps.changed?.({ reason, albumIds: [...new Set(albumIds)] })
  /** Reports a step that changed something and passes its result on. */
  function edited<T extends { changed: number }>(result: T, albumIds: readonly number[]): T {
    if (result.changed > 0) changed('edit', albumIds)
    return result
  }
  /** One album change as one undoable step, reported once it is committed. */
  function albumStep(albumIds: readonly number[], run: Parameters<UndoService['step']>[0]): BatchResult {
    return edited(undo.step(run), albumIds)
  }

  // Every inverse op reports its album: an undo (by any caller: edits.undo, a duplicate resolution's
  // own albums.membership op) refreshes other windows too. The event is only a hint to refetch, so
  // one sent from inside the undo's transaction is harmless even if that transaction then fails.
  undo.register(KIND.membership, (payload) => {
    const { albumId, remove, insert } = payload as MembershipPayload
    if (remove) albums.remove(albumId, remove)
    if (insert) albums.insertRows(albumId, insert)
    changed('undo', [albumId])
  })
  undo.register(KIND.order, (payload) => {
    const { albumId, rows } = payload as { albumId: number; rows: AlbumMember[] }
    albums.replaceRows(albumId, rows)
    changed('undo', [albumId])
  })
  undo.register(KIND.fields, (payload) => {
    const { albumId, fields } = payload as FieldsPayload
    albums.update(albumId, fields)
    changed('undo', [albumId])
  })
  undo.register(KIND.drop, (payload) => {
    const { albumId } = payload as { albumId: number }
    albums.delete(albumId)
    changed('undo', [albumId])
  })
  undo.register(KIND.recreate, (payload) => {
    const { album, members } = payload as { album: AlbumRow; members: AlbumMember[] }
    albums.insert(album)
    albums.insertRows(album.id, members)
    changed('undo', [album.id])
  })
  undo.register(KIND.dropFolder, (payload) => {
    albums.deleteFolder((payload as { folderId: number }).folderId)
    changed('undo', [])
  })
  undo.register(KIND.folderFields, (payload) => {
    const { folderId, fields } = payload as { folderId: number; fields: Pick<AlbumFolder, 'name' | 'parentId'> }
    albums.updateFolder(folderId, fields)
    changed('undo', [])
  })
  undo.register(KIND.recreateFolder, (payload) => {
    const { folder } = payload as { folder: AlbumFolder }
    albums.insertFolder(folder)
    changed('undo', [])
  })

  // What each synced album showed when last looked at: a change means its folder gained or lost photos.
  let syncedSeen = albums.syncedFingerprints()

  function album(albumId: number): AlbumRow {
    const row = albums.row(albumId)
    if (!row) throw new AlbumsInputError(`No album with id ${albumId}`, 'album-not-found')
    return row
  }

  function folder(folderId: number): AlbumFolder {
    const row = albums.folder(folderId)
    if (!row) throw new AlbumsInputError(`No album folder with id ${folderId}`, 'album-folder-not-found')
    return row
  }

  const fieldsOf = (row: AlbumRow): FieldsPayload['fields'] => ({
    name: row.name,
    description: row.description,
    folderId: row.folderId,
    coverAssetId: row.coverAssetId,
  })

  /** One change to an album's own fields, as a step labelled by `label`. */
  function changeFields(albumId: number, fields: Partial<FieldsPayload['fields']>, label: (before: AlbumRow) => string): BatchResult {
    const result = undo.step(() => {
      const before = album(albumId)
      const changed = albums.update(albumId, fields) ? 1 : 0
      return { changed, label: label(before), ops: [{ kind: KIND.fields, payload: { albumId, fields: fieldsOf(before) } }] }
    })
    return edited(result, [albumId])
  }

  /** A synced album's photos are those of its folder: adding or removing by hand would be undone by the next read. */
  function refuseIfSynced(row: AlbumRow, what: string): void {
    if (row.synced) {
      throw new AlbumsInputError(`${quoted(row.name)} follows the folder ${row.sourcePath ?? ''}: ${what} by moving files in or out of that folder`, 'album-synced')
    }
    // A smart album's photos are what its rule matches, newest first: nothing is placed by hand.
    if (row.rule !== null) throw new AlbumsInputError(`${quoted(row.name)} is a smart album: ${what} by changing its rule`, 'album-smart')
  }

  /** A smart album has no order of its own (newest first, as its rule matches). */
  function refuseIfSmart(row: AlbumRow, what: string): void {
    if (row.rule !== null) throw new AlbumsInputError(`${quoted(row.name)} is a smart album: its photos are shown newest first, it cannot be ${what}`, 'album-smart')
  }

  /** The library-folder path a chosen folder stands for: absolute, symlinks resolved (roots are real paths). */
  function libraryFolder(path: string): string {
    let full = resolve(path)
    try {
      full = realpathSync(full)
    } catch {
      // A folder on a drive that is not connected: its photos are still in the catalog, by this path.
    }
    if (!isAbsolute(full) || !roots.list().some((r) => isInside(r.path, full))) {
      throw new AlbumsInputError(`Not in a library folder: ${path} (add it, or the folder holding it, to the library first)`, 'invalid-folder')
    }
    return full
  }

  function requireFolderOrTop(folderId: number | null | undefined): number | null {
    if (folderId === undefined || folderId === null) return null
    return folder(folderId).id
  }

  return {
    /** Every album folder and album. */
    list(): AlbumTree {
      return { folders: albums.folders(), albums: albums.list() }
    },

    get(albumId: number): AlbumSummary | null {
      return albums.get(albumId)
    },

    photos(albumId: number, offset: number, limit: number, options: { includeHidden?: boolean } = {}): AssetSummary[] {
      album(albumId)
      return albums.photos(albumId, offset, limit, options)
    },

    ofAsset(assetId: number): AlbumRef[] {
      return albums.ofAsset(assetId)
    },

    create(input: { name: string; description?: string; folderId?: number | null; assetIds?: readonly number[] }): AlbumCreated {
      const folderId = requireFolderOrTop(input.folderId)
      const result = undo.step(() => {
        const albumId = albums.insert({ name: input.name.trim(), description: input.description ?? '', folderId, coverAssetId: null, sourcePath: null, synced: false })
        const added = albums.append(albumId, input.assetIds ?? [])
        const label = added.length > 0 ? `Created album ${quoted(input.name.trim())} with ${photos(added.length)}` : `Created album ${quoted(input.name.trim())}`
        return { changed: 1, albumId, label, ops: [{ kind: KIND.drop, payload: { albumId } }] }
      })
      edited(result, [result.albumId])
      return { changed: result.changed, undo: result.undo, album: albums.get(result.albumId)! }
    },

    /** One album per folder, named after it (or `name`, for one folder); synced ones follow the folder, others take its photos now. */
    createFromFolders(paths: readonly string[], options: { sync: boolean; folderId?: number | null; name?: string }): AlbumsCreated {
      const { sync } = options
      const parent = requireFolderOrTop(options.folderId)
      const dirs = [...new Set(paths.map(libraryFolder))]
      const result = undo.step(() => {
        const ids: number[] = []
        const ops: UndoOp[] = []
        for (const dir of dirs) {
          const name = (dirs.length === 1 && options.name?.trim()) || basename(dir) || dir
          const albumId = albums.insert({ name, description: '', folderId: parent, coverAssetId: null, sourcePath: dir, synced: sync })
          if (!sync) albums.append(albumId, albums.assetIdsUnder(dir))
          ids.push(albumId)
          ops.push({ kind: KIND.drop, payload: { albumId } })
        }
        const label = ids.length === 1 ? `Created album ${quoted(albums.row(ids[0]!)!.name)} from a folder` : `Created ${ids.length} albums from folders`
        return { changed: ids.length, ids, label, ops }
      })
      edited(result, result.ids)
      return { changed: result.changed, undo: result.undo, albums: result.ids.map((id) => albums.get(id)!) }
    },

    rename(albumId: number, name: string): BatchResult {
      return changeFields(albumId, { name: name.trim() }, (before) => `Renamed album ${quoted(before.name)} to ${quoted(name.trim())}`)
    },

    describe(albumId: number, description: string): BatchResult {
      return changeFields(albumId, { description }, (before) => `Changed the description of ${quoted(before.name)}`)
    },

    /** null: the first photo again. The cover must be one of the album's photos. */
    setCover(albumId: number, assetId: number | null): BatchResult {
      if (assetId !== null && !albums.has(album(albumId).id, assetId)) throw new AlbumsInputError(`Photo ${assetId} is not in this album`, 'album-photo-not-in-album')
      return changeFields(albumId, { coverAssetId: assetId }, (before) => `Changed the cover of ${quoted(before.name)}`)
    },

    /** Deletes the album; its photos stay in the library. */
    delete(albumId: number): BatchResult {
      return albumStep([albumId], () => {
        const row = album(albumId)
        const members = albums.memberRows(albumId)
        albums.delete(albumId)
        return { changed: 1, label: `Deleted album ${quoted(row.name)}`, ops: [{ kind: KIND.recreate, payload: { album: row, members } }] }
      })
    },

    addAssets(albumId: number, assetIds: readonly number[]): BatchResult {
      return albumStep([albumId], () => {
        const row = album(albumId)
        refuseIfSynced(row, 'add photos')
        const added = albums.append(albumId, assetIds)
        if (added.length > 0) albums.touch(albumId)
        const payload: MembershipPayload = { albumId, remove: added }
        return { changed: added.length, label: `Added ${photos(added.length)} to ${quoted(row.name)}`, ops: [{ kind: KIND.membership, payload }] }
      })
    },

    removeAssets(albumId: number, assetIds: readonly number[]): BatchResult {
      return albumStep([albumId], () => {
        const row = album(albumId)
        refuseIfSynced(row, 'remove photos')
        const removed = albums.remove(albumId, assetIds)
        if (removed.length > 0) albums.touch(albumId)
        const payload: MembershipPayload = { albumId, insert: removed }
        return { changed: removed.length, label: `Removed ${photos(removed.length)} from ${quoted(row.name)}`, ops: [{ kind: KIND.membership, payload }] }
      })
    },

    /** Moves photos (in the order given) to just before `before`, or to the end (null). */
    reorder(albumId: number, assetIds: readonly number[], before: number | null): BatchResult {
      return albumStep([albumId], () => {
        const row = album(albumId)
        refuseIfSmart(row, 'reordered')
        const order = albums.orderedIds(albumId)
        const members = new Set(order)
        const moved = [...new Set(assetIds)].filter((id) => members.has(id))
        if (moved.length === 0) throw new AlbumsInputError('None of these photos is in the album', 'album-photo-not-in-album')
        const movedSet = new Set(moved)
        if (before !== null && movedSet.has(before)) throw new AlbumsInputError('A photo cannot be moved before itself')
        const rest = order.filter((id) => !movedSet.has(id))
        const at = before === null ? rest.length : rest.indexOf(before)
        if (at < 0) throw new AlbumsInputError(`Photo ${before} is not in this album`, 'album-photo-not-in-album')
        const next = [...rest.slice(0, at), ...moved, ...rest.slice(at)]
        const rows = albums.memberRows(albumId)
        const same = next.every((id, i) => id === order[i]) && (!row.synced || rows.length === order.length)
        if (same) return { changed: 0, label: '', ops: [] }
        albums.writeOrder(albumId, next)
        albums.touch(albumId)
        return { changed: moved.length, label: `Reordered ${quoted(row.name)}`, ops: [{ kind: KIND.order, payload: { albumId, rows } }] }
      })
    },

    /** Puts all of the album's photos in date-taken order, oldest or newest first: one step, undone as any reorder. */
    sortByDate(albumId: number, order: 'oldest' | 'newest'): BatchResult {
      return albumStep([albumId], () => {
        const row = album(albumId)
        refuseIfSmart(row, 'sorted')
        const current = albums.orderedIds(albumId)
        const next = albums.idsByDate(albumId, order === 'newest')
        const rows = albums.memberRows(albumId)
        // A synced album's photos never placed get rows too, so the order stays when more arrive.
        const same = next.every((id, i) => id === current[i]) && (!row.synced || rows.length === current.length)
        if (same) return { changed: 0, label: '', ops: [] }
        albums.writeOrder(albumId, next)
        albums.touch(albumId)
        const how = order === 'newest' ? 'newest first' : 'oldest first'
        return { changed: next.length, label: `Sorted ${quoted(row.name)} by date, ${how}`, ops: [{ kind: KIND.order, payload: { albumId, rows } }] }
      })
    },

    createFolder(name: string, parentId?: number | null): AlbumFolderCreated {
      const parent = requireFolderOrTop(parentId)
      const result = undo.step(() => {
        const folderId = albums.insertFolder({ name: name.trim(), parentId: parent })
        return { changed: 1, folderId, label: `Created album folder ${quoted(name.trim())}`, ops: [{ kind: KIND.dropFolder, payload: { folderId } }] }
      })
      edited(result, [])
      return { changed: result.changed, undo: result.undo, folder: albums.folder(result.folderId)! }
    },

    renameFolder(folderId: number, name: string): BatchResult {
      return albumStep([], () => {
        const before = folder(folderId)
        const changed = albums.updateFolder(folderId, { name: name.trim() }) ? 1 : 0
        return {
          changed,
          label: `Renamed album folder ${quoted(before.name)} to ${quoted(name.trim())}`,
          ops: [{ kind: KIND.folderFields, payload: { folderId, fields: { name: before.name, parentId: before.parentId } } }],
        }
      })
    },

    /** Deletes an album folder; its albums and folders move up to its parent. */
    deleteFolder(folderId: number): BatchResult {
      return albumStep([], () => {
        const gone = folder(folderId)
        const { albumIds, folderIds } = albums.folderContents(folderId)
        const ops: UndoOp[] = []
        for (const id of albumIds) {
          ops.push({ kind: KIND.fields, payload: { albumId: id, fields: fieldsOf(album(id)) } })
          albums.update(id, { folderId: gone.parentId })
        }
        for (const id of folderIds) {
          const child = folder(id)
          ops.push({ kind: KIND.folderFields, payload: { folderId: id, fields: { name: child.name, parentId: child.parentId } } })
          albums.updateFolder(id, { parentId: gone.parentId })
        }
        albums.deleteFolder(folderId)
        // Undone last to first: the folder comes back before its contents move back into it.
        ops.push({ kind: KIND.recreateFolder, payload: { folder: gone } })
        return { changed: 1, label: `Deleted album folder ${quoted(gone.name)}`, ops }
      })
    },

    /** Moves albums and album folders into a folder (null: the top level); a folder never into itself or below. */
    move(input: { albumIds?: readonly number[]; folderIds?: readonly number[]; into: number | null }): BatchResult {
      return albumStep(input.albumIds ?? [], () => {
        const into = input.into === null ? null : folder(input.into)
        const ops: UndoOp[] = []
        let changed = 0
        for (const id of new Set(input.folderIds ?? [])) {
          const moving = folder(id)
          // Walking up from the target must not meet the folder being moved (a cycle would detach a subtree).
          for (let at: AlbumFolder | undefined = into ?? undefined; at; at = at.parentId === null ? undefined : albums.folder(at.parentId)) {
            if (at.id === id) throw new AlbumsInputError(`The folder ${quoted(moving.name)} cannot go inside itself`, 'album-folder-cycle')
          }
          if (albums.updateFolder(id, { parentId: into?.id ?? null })) {
            ops.push({ kind: KIND.folderFields, payload: { folderId: id, fields: { name: moving.name, parentId: moving.parentId } } })
            changed++
          }
        }
        for (const id of new Set(input.albumIds ?? [])) {
          const before = album(id)
          if (albums.update(id, { folderId: into?.id ?? null })) {
            ops.push({ kind: KIND.fields, payload: { albumId: id, fields: fieldsOf(before) } })
            changed++
          }
        }
        const what = changed === 1 ? '1 item' : `${changed} items`
        return { changed, label: `Moved ${what} to ${into ? quoted(into.name) : 'the top level'}`, ops }
      })
    },

    /**
     * The synced albums whose photos changed since the last call (their folder gained or lost
     * photos: an import, a move, a delete, a trash or hide): checked after library changes.
     */
    syncedChanged(): number[] {
      const now = albums.syncedFingerprints()
      const changedIds = [...now].filter(([id, print]) => syncedSeen.get(id) !== print).map(([id]) => id)
      syncedSeen = now
      return changedIds
    },
  }
}

export type AlbumsService = ReturnType<typeof createAlbumsService>
