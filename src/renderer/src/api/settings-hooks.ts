// Library settings (today: how search weighs its signals).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CallInput } from '../../../shared/contract'
import { useApi } from './context'
import { queryKeys } from './query-keys'

export function useSettings() {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.settings(), queryFn: () => api.invoke('settings.get', {}) })
}

export function useSaveSettings() {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (change: CallInput<'settings.set'>) => api.invoke('settings.set', change),
    onSuccess: (settings) => {
      client.setQueryData(queryKeys.settings(), settings)
      // New weights re-rank every query (and "find similar"): refetch results instead of showing stale order.
      void client.invalidateQueries({ queryKey: queryKeys.searches() })
    },
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.settings() }),
  })
}
