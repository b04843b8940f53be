import type { AssetsRepository } from '../catalog'
import type { TaskHandler } from '../tasks'
import type { PlacesLookup } from './places-client'

export interface PlaceServiceDeps {
  assets: AssetsRepository
  lookup: PlacesLookup
  /** Called when an asset's place changed (its search words did). */
  placeChanged(assetId: number): void
}

const HAS_OFFSET = /([+-]\d\d:\d\d|Z)$/

/** Gives photos with GPS a city/region/country and, when EXIF had no offset, the local one. */
export function createPlaceService(deps: PlaceServiceDeps) {
  const place: TaskHandler<'asset.place'> = async ({ assetId }) => {
    const gps = deps.assets.gpsOf(assetId)
    if (!gps) return
    const wallClock = gps.takenAt && !HAS_OFFSET.test(gps.takenAt) ? gps.takenAt : null
    const found = await deps.lookup.lookup(gps.lat, gps.lon, wallClock)
    if (!found.place) return // at sea, or (0, 0)
    deps.assets.setPlace(assetId, found.place, wallClock && found.offset ? `${wallClock}${found.offset}` : null)
    deps.placeChanged(assetId)
  }
  return { handlers: { 'asset.place': place } }
}
