// The Map screen: every photo with a position on an offline map (clustered), and beside it the
// photos of the region in view, newest first; zooming or panning changes the list, a photo (on the
// map or in the list) opens the viewer on the region's photos.
import { useCallback, useMemo, useState } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import type { MapBounds } from '../../../shared/map'
import { useApi } from '../api'
import { useNavigation } from '../app/navigation'
import { errorText } from '../app/notices'
import { PhotoList } from '../library/PhotoList'
import { formatCount, pluralize } from '../lib/format'
import { useMapPoints, usePhotosInBounds } from './hooks'
import { PhotoMap, type MapFocus } from './PhotoMap'

/** Photos of the region the list shows first; "Show more" adds as many again. */
const PAGE = 60

export default function MapScreen({ focus }: { focus: MapFocus | null }) {
  const api = useApi()
  const { openPhotos } = useNavigation()
  const points = useMapPoints()
  const [bounds, setBounds] = useState<MapBounds | null>(null)
  const [limit, setLimit] = useState(PAGE)
  const [mapError, setMapError] = useState<string | null>(null)
  const region = usePhotosInBounds(bounds, limit)
  const photos = useMemo(() => region.data?.photos ?? [], [region.data])
  const known = useMemo(() => new Map(photos.map((p) => [p.id, p])), [photos])

  const onBounds = useCallback((next: MapBounds) => {
    setBounds(next)
    setLimit(PAGE)
  }, [])
  // Without a map, the list shows every photo with a place.
  const onMapError = useCallback((message: string) => {
    setMapError(message)
    setBounds({ west: -180, south: -90, east: 180, north: 90 })
  }, [])
  const onOpenPhoto = useCallback(
    (assetId: number) => {
      const index = photos.findIndex((p) => p.id === assetId)
      if (index >= 0) return openPhotos(photos, index)
      // A marker of a photo the list has not loaded (far down a long region): the viewer on it alone.
      void api.invoke('assets.get', { assetId }).then((detail) => detail && openPhotos([detail], 0))
    },
    [api, photos, openPhotos],
  )

  const count = points.data?.points.length
  const total = region.data?.total ?? 0
  return (
    <div className="map-screen" data-testid="map-screen">
      <header className="page-header map-header">
        <h1>Map</h1>
        <span className="muted">{count === undefined ? '' : pluralize(count, 'photo with a place', 'photos with a place')}</span>
      </header>
      {points.isError ? <p className="error-text page-message">Could not load the map: {errorText(points.error)}</p> : null}
      {count === 0 ? (
        <p className="muted page-message" data-testid="map-empty">
          No photo has a place yet. Photos with GPS in their EXIF appear here, and so do those you give a place (Place → Edit in the viewer).
        </p>
      ) : null}
      {mapError ? (
        <p className="error-text page-message" data-testid="map-error">
          The map could not start: {mapError} The photos with a place are listed beside it all the same.
        </p>
      ) : null}
      <div className="map-layout">
        <PhotoMap points={points.data?.points} known={known} focus={focus} onBounds={onBounds} onOpenPhoto={onOpenPhoto} onError={onMapError} />
        <aside className="map-side" aria-label="Photos in this region">
          <p className="muted small" data-testid="map-region-count" data-count={region.data ? total : ''}>
            {region.data ? (total === 0 ? 'No photos in this region' : `${pluralize(total, 'photo', 'photos')} in this region`) : ''}
          </p>
          {region.isError ? <p className="error-text small">{errorText(region.error)}</p> : null}
          <PhotoList<AssetSummary> items={photos} assetOf={(p) => p} testId="map-photos" tileTestId="map-region-photo" onOpen={(index) => openPhotos(photos, index)} />
          {total > photos.length ? (
            <button type="button" className="button small map-more" onClick={() => setLimit((l) => l + PAGE)}>
              Show more ({formatCount(total - photos.length)} left)
            </button>
          ) : null}
        </aside>
      </div>
    </div>
  )
}
