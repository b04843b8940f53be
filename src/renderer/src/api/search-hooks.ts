// Search over the contract: text queries, "find similar" and the suggestions under the search bar.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useApi } from './context'
import { queryKeys } from './query-keys'

/** Hits per query: enough to scroll through, small enough to render without virtualization. */
export const SEARCH_LIMIT = 200
export const SIMILAR_LIMIT = 100

export function useSearch(text: string) {
  const api = useApi()
  const trimmed = text.trim()
  return useQuery({
    queryKey: queryKeys.search(trimmed, SEARCH_LIMIT),
    queryFn: () => api.invoke('search.query', { text: trimmed, limit: SEARCH_LIMIT }),
    enabled: trimmed !== '',
    // As-you-type: keep showing the previous results until the new ones arrive, instead of flashing.
    placeholderData: keepPreviousData,
  })
}

export function useSimilar(assetId: number | null) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.similar(assetId ?? 0, SIMILAR_LIMIT),
    queryFn: () => api.invoke('search.similar', { assetId: assetId as number, limit: SIMILAR_LIMIT }),
    enabled: assetId !== null,
  })
}

export function useSearchSuggestions(prefix: string) {
  const api = useApi()
  const trimmed = prefix.trim()
  return useQuery({
    queryKey: queryKeys.suggest(trimmed),
    queryFn: () => api.invoke('search.suggest', { prefix: trimmed }),
    enabled: trimmed !== '',
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  })
}
