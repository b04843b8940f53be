// The Trash screen's reads and actions over the contract. The list sits under the library's query
// key, so a 'library.changed' event (a photo trashed elsewhere, the expiry) refreshes it too.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { TrashEmptied } from '../../../shared/trash'
import { queryKeys, useApi } from '../api'
import { runInChunks, type BatchOutcome } from '../lib/batch-actions'

const trashKey = (limit: number) => [...queryKeys.library(), 'trash', limit] as const

export function useTrash(limit: number) {
  const api = useApi()
  return useQuery({ queryKey: trashKey(limit), queryFn: () => api.invoke('trash.list', { offset: 0, limit }), placeholderData: (previous) => previous })
}

/** After a trash action every listing refetches: photos come back to (or leave) the library, people and albums. */
function useRefreshAll() {
  const client = useQueryClient()
  return () => client.invalidateQueries({ queryKey: queryKeys.all })
}

/** Restores the given photos (one step per chunk), or everything in the trash when `ids` is null. */
export function useRestore() {
  const api = useApi()
  const refresh = useRefreshAll()
  return useMutation({
    mutationFn: async (ids: number[] | null): Promise<BatchOutcome> => {
      if (ids !== null) return runInChunks(ids, (chunk) => api.invoke('trash.restore', { ids: chunk }))
      const result = await api.invoke('trash.restoreAll', {})
      return { changed: result.changed, steps: result.undo ? [result.undo] : [] }
    },
    onSettled: refresh,
  })
}

/** Empties the trash (or the given photos of it); the files go to the OS trash only with deleteFiles. */
export function useEmptyTrash() {
  const api = useApi()
  const refresh = useRefreshAll()
  return useMutation({
    mutationFn: ({ ids, deleteFiles }: { ids: number[] | null; deleteFiles: boolean }): Promise<TrashEmptied> =>
      api.invoke('trash.empty', { ...(ids ? { ids } : {}), deleteFiles, confirm: true }),
    onSettled: refresh,
  })
}
