// The map over the contract. Keys sit under the library's, so 'library.changed' (an import, a place
// edit, trash, hide, undo) refetches the points and the region's photos.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { MapBounds } from '../../../shared/map'
import { queryKeys, useApi } from '../api'

export const mapKeys = {
  points: () => [...queryKeys.library(), 'map', 'points'] as const,
  inBounds: (bounds: MapBounds | null, limit: number) => [...queryKeys.library(), 'map', 'in-bounds', bounds, limit] as const,
}

export function useMapPoints() {
  const api = useApi()
  return useQuery({ queryKey: mapKeys.points(), queryFn: () => api.invoke('map.points', {}) })
}

/** The first `limit` photos of the region, newest first; the previous region's stay shown while the next loads. */
export function usePhotosInBounds(bounds: MapBounds | null, limit: number) {
  const api = useApi()
  return useQuery({
    queryKey: mapKeys.inBounds(bounds, limit),
    queryFn: () => api.invoke('map.photosInBounds', { bounds: bounds!, offset: 0, limit }),
    enabled: bounds !== null,
    placeholderData: keepPreviousData,
  })
}
