// The models screen: what is installed, where from, and the few operations on it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useApi } from './context'
import { queryKeys } from './query-keys'

export function useModels() {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.models(), queryFn: () => api.invoke('models.list', {}) })
}

export function useVerifyModel() {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.invoke('models.verify', { id }),
    // Verifying may load the model, which records the device it ran on.
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.models() }),
  })
}

export function useImportModel() {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: { id: string; folder: string }) => api.invoke('models.import', input),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.models() }),
  })
}

export function useRemoveModel() {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.invoke('models.remove', { id }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.models() }),
  })
}
