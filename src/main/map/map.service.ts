// The map (issue 13): every photo with a position (the renderer clusters them), and the photos of
// the region the user zoomed to.
import type { MapRepository } from '../catalog'
import type { MapBounds, MapPhotosPage, MapPoint } from '../../shared/map'

export function createMapService({ map }: { map: MapRepository }) {
  return {
    points(): { points: MapPoint[] } {
      return { points: map.points() }
    },
    photosInBounds(bounds: MapBounds, offset: number, limit: number): MapPhotosPage {
      return map.inBounds(bounds, offset, limit)
    },
  }
}

export type MapService = ReturnType<typeof createMapService>
