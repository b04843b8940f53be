// Keeps react-query in step with main: 'library.changed' invalidates the library queries and
// 'people.changed' the people queries (both coalesced, since imports and clustering fire them often),
// 'albums.changed' the album queries (an album made or changed in another window or by an undo),
// 'tasks.progress' writes the pushed stats straight into the cache.
import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { PhotoHouseApi } from '../../../shared/contract'
import type { TaskStats } from '../../../shared/domain'
import { coalesce } from '../lib/coalesce'
import { useApi } from './context'
import type { HttpPhotoHouseApi } from './http-client'
import { queryKeys } from './query-keys'

const LIBRARY_REFRESH_MS = 750

function hasConnectionEvents(api: PhotoHouseApi): api is HttpPhotoHouseApi {
  return typeof (api as Partial<HttpPhotoHouseApi>).onConnectionChange === 'function'
}

function failureCount(stats: TaskStats | undefined): number {
  return stats ? stats.totals.failed + stats.totals.dead : 0
}

export function useLiveEvents(): void {
  const api = useApi()
  const client = useQueryClient()

  useEffect(() => {
    const refreshLibrary = coalesce(() => void client.invalidateQueries({ queryKey: queryKeys.library() }), LIBRARY_REFRESH_MS)
    const refreshPeople = coalesce(() => void client.invalidateQueries({ queryKey: queryKeys.people() }), LIBRARY_REFRESH_MS)
    const refreshAlbums = coalesce(() => void client.invalidateQueries({ queryKey: queryKeys.albums() }), LIBRARY_REFRESH_MS)
    const refreshTaskLists = coalesce(() => void client.invalidateQueries({ queryKey: queryKeys.taskLists() }), LIBRARY_REFRESH_MS)

    const offLibrary = api.on('library.changed', () => refreshLibrary())
    const offPeople = api.on('people.changed', () => refreshPeople())
    const offAlbums = api.on('albums.changed', () => refreshAlbums())
    const offProgress = api.on('tasks.progress', (stats) => {
      const previous = client.getQueryData<TaskStats>(queryKeys.taskStats())
      client.setQueryData(queryKeys.taskStats(), stats)
      // The dead-letter list only changes when something failed or was retried.
      if (failureCount(previous) !== failureCount(stats)) refreshTaskLists()
    })

    // After a dropped connection we may have missed events: refetch everything once it is back.
    let wasOpen = false
    const offConnection = hasConnectionEvents(api)
      ? api.onConnectionChange((status) => {
          if (status !== 'open') return
          if (wasOpen) void client.invalidateQueries({ queryKey: queryKeys.all })
          wasOpen = true
        })
      : () => {}

    return () => {
      offLibrary()
      offPeople()
      offAlbums()
      offProgress()
      offConnection()
      refreshLibrary.cancel()
      refreshPeople.cancel()
      refreshAlbums.cancel()
      refreshTaskLists.cancel()
    }
  }, [api, client])
}
