// People over the contract: reads keyed under queryKeys.people() (refetched on 'people.changed'),
// and the edits, each of which can be undone with people.undo.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { CallInput, CallName, CallOutput } from '../../../shared/contract'
import { useApi } from './context'
import { queryKeys } from './query-keys'

export const PERSON_PHOTOS_LIMIT = 1000
export const MERGE_SUGGESTIONS_LIMIT = 12

export function usePeople(includeHidden: boolean) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.peopleList(includeHidden),
    queryFn: () => api.invoke('people.list', { includeHidden }),
  })
}

export function usePerson(personId: number | null) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.person(personId ?? 0),
    queryFn: () => api.invoke('people.get', { personId: personId as number }),
    enabled: personId !== null,
  })
}

export function usePersonPhotos(personId: number | null) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.personPhotos(personId ?? 0, PERSON_PHOTOS_LIMIT),
    queryFn: () => api.invoke('people.photos', { personId: personId as number, limit: PERSON_PHOTOS_LIMIT }),
    enabled: personId !== null,
  })
}

export function usePersonNames(prefix: string, enabled = true) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.personNames(prefix.trim()),
    queryFn: () => api.invoke('people.names', { prefix: prefix.trim() }),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useMergeSuggestions() {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.mergeSuggestions(MERGE_SUGGESTIONS_LIMIT),
    queryFn: () => api.invoke('people.mergeSuggestions', { limit: MERGE_SUGGESTIONS_LIMIT }),
  })
}

export function useAssetFaces(assetId: number | null) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.assetFaces(assetId ?? 0),
    queryFn: () => api.invoke('assets.faces', { assetId: assetId as number }),
    enabled: assetId !== null,
  })
}

/** People edits change people, faces and what search finds for a name: refetch all of those. */
export function invalidatePeople(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.people() }),
    client.invalidateQueries({ queryKey: [...queryKeys.library(), 'search'] }),
  ])
}

/** One mutation hook per people.* edit; they all refetch people data when done. */
function usePeopleEdit<N extends CallName>(name: N) {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: CallInput<N>): Promise<CallOutput<N>> => api.invoke(name, input),
    onSettled: () => invalidatePeople(client),
  })
}

export const useRenamePerson = () => usePeopleEdit('people.rename')
export const useMergePeople = () => usePeopleEdit('people.merge')
export const useSplitFaces = () => usePeopleEdit('people.split')
export const useMoveFaces = () => usePeopleEdit('people.moveFaces')
export const useRemoveFaces = () => usePeopleEdit('people.removeFaces')
export const useHidePerson = () => usePeopleEdit('people.hide')
export const useDeletePerson = () => usePeopleEdit('people.delete')
export const useUndoPeopleEdit = () => usePeopleEdit('people.undo')
export const useRecluster = () => usePeopleEdit('people.recluster')

export const UNASSIGNED_LIMIT = 500

export function useUnassignedFaces() {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.unassignedFaces(UNASSIGNED_LIMIT),
    queryFn: () => api.invoke('people.unassigned', { limit: UNASSIGNED_LIMIT }),
  })
}
