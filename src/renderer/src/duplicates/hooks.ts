// The duplicate review's queries. Its key sits under the library's, so 'library.changed' (an
// import, a trash, an undo) refetches the groups.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { queryKeys, useApi } from '../api'

export const duplicateKeys = {
  list: (includeSimilar: boolean) => [...queryKeys.library(), 'duplicates', includeSimilar] as const,
}

export function useDuplicates(includeSimilar: boolean) {
  const api = useApi()
  return useQuery({ queryKey: duplicateKeys.list(includeSimilar), queryFn: () => api.invoke('duplicates.list', { includeSimilar }) })
}

/** "Keep this one": the others go to the trash; every view of the library refetches. */
export function useResolveDuplicates() {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { groupAssetIds: number[]; keepId: number }) => api.invoke('duplicates.resolve', input),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.all }),
  })
}

/** "Remove extra copies" of one photo: the chosen files go to the system trash; every view refetches. */
export function useRemoveCopies() {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { assetId: number; paths: string[] }) => api.invoke('duplicates.removeCopies', { ...input, confirm: true }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.all }),
  })
}
