// Events over the contract. Keys sit under the library's, so 'library.changed' (a recompute after an
// import, an edit, an undo) refetches them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CallInput, CallName, CallOutput } from '../../../shared/contract'
import { queryKeys, useApi } from '../api'

export const eventKeys = {
  all: () => [...queryKeys.library(), 'photo-events'] as const,
  list: () => [...queryKeys.library(), 'photo-events', 'list'] as const,
  event: (eventId: number) => [...queryKeys.library(), 'photo-events', 'event', eventId] as const,
  photos: (eventId: number, limit: number) => [...queryKeys.library(), 'photo-events', 'photos', eventId, limit] as const,
}

/** Photos an event page loads at most (its grid shows them all; larger events say how many more). */
export const EVENT_PHOTOS_LIMIT = 2000

export function useEventList() {
  const api = useApi()
  return useQuery({ queryKey: eventKeys.list(), queryFn: () => api.invoke('photoEvents.list', {}) })
}

export function useEvent(eventId: number) {
  const api = useApi()
  return useQuery({ queryKey: eventKeys.event(eventId), queryFn: () => api.invoke('photoEvents.get', { eventId }) })
}

export function useEventPhotos(eventId: number) {
  const api = useApi()
  return useQuery({
    queryKey: eventKeys.photos(eventId, EVENT_PHOTOS_LIMIT),
    queryFn: () => api.invoke('photoEvents.photos', { eventId, offset: 0, limit: EVENT_PHOTOS_LIMIT }),
  })
}

/** One mutation hook per photoEvents.* edit; every event read refetches when it is done. */
function useEventEdit<N extends CallName>(name: N) {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: CallInput<N>): Promise<CallOutput<N>> => api.invoke(name, input),
    onSettled: () => client.invalidateQueries({ queryKey: eventKeys.all() }),
  })
}

export const useRenameEvent = () => useEventEdit('photoEvents.rename')
export const useMergeEvent = () => useEventEdit('photoEvents.merge')
export const useSplitEvent = () => useEventEdit('photoEvents.split')
