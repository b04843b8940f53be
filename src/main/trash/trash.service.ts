// Trash: photos leave every library view without leaving the catalog (faces, albums, names and marks
// stay, so a restore brings them back intact), and leave the catalog when the trash is emptied or
// after the retention period. Their files stay on disk unless the user asks, in a separate confirmed
// action, for them to go to the operating system's trash (never an unlink).
import type { TrashRepository } from '../catalog'
import type { UndoService } from '../curation'
import { isInside, removeDerivedFiles } from '../library'
import { moveToOsTrash, type TrashItem } from '../platform/os-trash'
import type { BatchResult } from '../../shared/domain'
import { TRASH_RETENTION_DAYS, type TrashEmptied, type TrashFailure, type TrashPage } from '../../shared/trash'

const TRASH_KIND = 'trash.state'
const DAY_MS = 24 * 3600 * 1000

const photos = (n: number) => (n === 1 ? '1 photo' : `${n} photos`)

export interface TrashServiceDeps {
  trash: TrashRepository
  undo: UndoService
  cacheDir: string
  /** The clock of trash times, days left and the expiry (a test moves it on). */
  now?: () => Date
  retentionDays?: number
  /** How a file goes to the OS trash when the caller gives none (default: the `trash` package). */
  trashItem?: TrashItem
  libraryChanged(reason: 'delete' | 'update'): void
  log(message: string): void
  /**
   * Files that belong to a photo without being one of its locations (a live photo's MOV): they go to
   * the OS trash with the photo's files, so a later scan does not find them alone.
   */
  companionFiles?(assetId: number): Promise<string[]>
}

export function createTrashService(deps: TrashServiceDeps) {
  const { trash, undo } = deps
  const now = deps.now ?? (() => new Date())
  const retentionMs = (deps.retentionDays ?? TRASH_RETENTION_DAYS) * DAY_MS
  undo.register(TRASH_KIND, (payload) => {
    trash.restoreTrashState(new Map(payload as [number, string | null][]))
    deps.libraryChanged('update')
  })

  /** One step: reads whether each photo was in the trash (and since when), changes it, records that. */
  function change(ids: readonly number[], at: string | null, label: (n: number) => string): BatchResult {
    const result = undo.step(() => {
      const before = trash.trashStateOf(ids)
      const changed = trash.setTrashed(ids, at)
      return { changed, label: label(changed), ops: [{ kind: TRASH_KIND, payload: [...before] }] }
    })
    if (result.changed > 0) deps.libraryChanged(at === null ? 'update' : 'delete')
    return result
  }

  /** Out of the catalog (a tombstone stays while its files do), with its cached thumbnails. */
  function removeFromCatalog(assetId: number): void {
    const sha = trash.remove(assetId)
    if (!sha) return
    // Its thumbnails, keyframes and playable copies: a restore is no longer possible, an import makes them again.
    removeDerivedFiles(deps.cacheDir, sha)
  }

  return {
    move(ids: readonly number[]): BatchResult {
      return change(ids, now().toISOString(), (n) => `Moved ${photos(n)} to the trash`)
    },

    restore(ids: readonly number[]): BatchResult {
      return change(ids, null, (n) => `Restored ${photos(n)} from the trash`)
    },

    restoreAll(): BatchResult {
      const ids = trash.trashedIds()
      return ids.length === 0 ? { changed: 0, undo: null } : this.restore(ids)
    },

    list(offset: number, limit: number): TrashPage {
      const at = now().getTime()
      return {
        total: trash.count(),
        items: trash.list(offset, limit).map(({ trashedAt, ...asset }) => ({
          asset,
          trashedAt,
          daysLeft: Math.max(0, Math.ceil((Date.parse(trashedAt) + retentionMs - at) / DAY_MS)),
        })),
      }
    },

    /**
     * Removes trashed photos (all, or `ids` among them) from the catalog; not undoable, so the
     * contract asks for a confirmation. With `deleteFiles`, each file under a library folder goes to
     * the OS trash first; a file that cannot (outside every library folder, locked, gone) is reported
     * with its reason, the others go on, and its photo stays in the trash so nothing is half-removed.
     */
    async empty(options: { ids?: readonly number[]; deleteFiles: boolean }, trashItem: TrashItem = deps.trashItem ?? moveToOsTrash): Promise<TrashEmptied> {
      const ids = trash.trashedIds(options.ids)
      let removed = 0
      let filesTrashed = 0
      const failures: TrashFailure[] = []
      for (const id of ids) {
        let kept = false
        if (options.deleteFiles) {
          const files = trash.filesOf(id)
          // Under the same library folders as the photo's own files, like them.
          const companions = (await deps.companionFiles?.(id)) ?? []
          for (const path of companions) {
            const root = files.find((f) => isInside(f.rootPath, path))?.rootPath
            if (root) files.push({ path, rootPath: root })
          }
          for (const file of files) {
            if (file.path === file.rootPath || !isInside(file.rootPath, file.path)) {
              failures.push({ path: file.path, reason: 'not inside a library folder' })
              kept = true
              continue
            }
            try {
              await trashItem(file.path)
              trash.forgetFile(file.path)
              filesTrashed++
            } catch (e) {
              failures.push({ path: file.path, reason: (e as Error).message || String(e) })
              kept = true
            }
          }
        }
        if (kept) continue
        removeFromCatalog(id)
        removed++
      }
      if (removed > 0 || filesTrashed > 0) deps.libraryChanged('delete')
      if (failures.length > 0) deps.log(`emptying the trash: ${failures.length} file(s) could not be moved to the OS trash`)
      return { removed, filesTrashed, failures }
    },

    /** At start: photos trashed longer ago than the retention period leave the catalog (files stay). */
    purgeExpired(): number {
      const ids = trash.trashedBefore(new Date(now().getTime() - retentionMs).toISOString())
      for (const id of ids) removeFromCatalog(id)
      return ids.length
    },
  }
}

export type TrashService = ReturnType<typeof createTrashService>
