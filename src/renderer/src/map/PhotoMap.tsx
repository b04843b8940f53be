// The map itself: maplibre-gl on the offline basemap, the photos as one clustered GeoJSON source.
// Markers are HTML (a count on a cluster, a thumbnail on a single photo): cluster counts drawn by
// maplibre would need glyphs, which come from a glyph server or a font file to serve, and the
// markers on screen are few (maplibre's clusters keep them to what a screen can show).
import { useEffect, useLayoutEffect, useRef } from 'react'
import * as maplibregl from 'maplibre-gl'
import type { GeoJSONSource, MapGeoJSONFeature } from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
// maplibre's worker (it cuts tiles and clusters points off the UI thread), bundled as a file of our
// own origin: the CSP's script-src 'self' admits it, no blob: or eval needed.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url'
import type { AssetSummary } from '../../../shared/domain'
import { normalizeBounds, type MapBounds, type MapPoint } from '../../../shared/map'
import { useApi } from '../api'
import { formatCount } from '../lib/format'
import { basemapStyle } from './basemap'

maplibregl.setWorkerUrl(workerUrl)

export interface MapFocus {
  lat: number
  lon: number
}

interface PhotoMapProps {
  points: MapPoint[] | undefined
  /** Photos already loaded (the region's list): single-photo markers show their thumbnails. */
  known: ReadonlyMap<number, AssetSummary>
  /** Where to open (the viewer's "Show on map"); else the map fits all the photos. */
  focus: MapFocus | null
  onBounds(bounds: MapBounds): void
  onOpenPhoto(assetId: number): void
  /** The map could not start (no WebGL on this system's graphics, or the basemap failed to load). */
  onError(message: string): void
}

/** Zoom a "Show on map" opens at: a town, with the photos around it. */
const FOCUS_ZOOM = 13
/** The basemap's detail (1:50m) is for this zoom and below; further in, photos still spread out on it. */
const MAX_ZOOM = 18

function toFeatures(points: readonly MapPoint[]): GeoJSON.FeatureCollection<GeoJSON.Point, { id: number }> {
  return {
    type: 'FeatureCollection',
    features: points.map(([id, lat, lon]) => ({ type: 'Feature', id, properties: { id }, geometry: { type: 'Point', coordinates: [lon, lat] } })),
  }
}

/** The bounds of the points, or null when there are none. */
function extent(points: readonly MapPoint[]): [[number, number], [number, number]] | null {
  if (points.length === 0) return null
  let [w, s, e, n] = [180, 90, -180, -90]
  for (const [, lat, lon] of points) {
    w = Math.min(w, lon)
    e = Math.max(e, lon)
    s = Math.min(s, lat)
    n = Math.max(n, lat)
  }
  return [
    [w, s],
    [e, n],
  ]
}

export function PhotoMap({ points, known, focus, onBounds, onOpenPhoto, onError }: PhotoMapProps) {
  const api = useApi()
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<maplibregl.Map | null>(null)
  const ready = useRef(false)
  // Read by the map's event handlers, which are bound once.
  const latest = useRef({ known, onBounds, onOpenPhoto, onError, mediaUrl: api.mediaUrl, points, focus })
  useLayoutEffect(() => {
    latest.current = { known, onBounds, onOpenPhoto, onError, mediaUrl: api.mediaUrl, points, focus }
  })
  const markers = useRef(new Map<string, maplibregl.Marker>())
  const refresh = useRef<() => void>(() => {})
  const fitted = useRef(false)

  useEffect(() => {
    const element = container.current
    if (!element) return
    let disposed = false
    let map: maplibregl.Map | null = null
    basemapStyle().then((style) => {
      if (disposed) return
      map = new maplibregl.Map({
        container: element,
        style,
        center: focus ? [focus.lon, focus.lat] : [10, 30],
        zoom: focus ? FOCUS_ZOOM : 1.2,
        maxZoom: MAX_ZOOM,
        renderWorldCopies: true,
        attributionControl: { compact: true },
      })
      mapRef.current = map
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
      const m = map
      // The markers on screen, from the source's clusters and points where the map shows them.
      const update = () => {
        if (!m.getSource('photos') || !m.isSourceLoaded('photos')) return
        const next = new Map<string, maplibregl.Marker>()
        const seen = new Set<string>()
        for (const f of m.querySourceFeatures('photos') as MapGeoJSONFeature[]) {
          const props = f.properties as { cluster?: boolean; cluster_id?: number; point_count?: number; id?: number }
          const coordinates = (f.geometry as GeoJSON.Point).coordinates as [number, number]
          const summary = props.cluster ? undefined : latest.current.known.get(props.id!)
          const key = props.cluster ? `c${props.cluster_id}:${props.point_count}` : `p${props.id}:${summary?.hasThumb ? 't' : ''}`
          if (seen.has(key)) continue // a feature on several tiles
          seen.add(key)
          let marker = markers.current.get(key)
          if (!marker) {
            const el = props.cluster ? clusterElement(m, props.cluster_id!, props.point_count!, coordinates) : photoElement(props.id!, summary, latest.current)
            marker = new maplibregl.Marker({ element: el }).setLngLat(coordinates)
          }
          marker.addTo(m)
          next.set(key, marker)
        }
        for (const [key, marker] of markers.current) if (!next.has(key)) marker.remove()
        markers.current = next
      }
      refresh.current = update
      // Not on every frame: a marker follows the map by itself; the set of markers only changes when
      // the view settles or the source's clusters change (its tiles load, new points).
      m.on('moveend', update)
      m.on('idle', update)
      m.on('sourcedata', (event) => {
        if (event.sourceId === 'photos' && event.isSourceLoaded) update()
      })
      const reportBounds = () => {
        const b = m.getBounds()
        latest.current.onBounds(normalizeBounds({ west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }))
      }
      m.on('moveend', reportBounds)
      m.on('load', () => {
        m.addSource('photos', { type: 'geojson', data: toFeatures([]), cluster: true, clusterRadius: 48, clusterMaxZoom: MAX_ZOOM - 1 })
        // Markers are HTML; the source needs a layer to be loaded, and a dot under each marker costs nothing.
        m.addLayer({ id: 'photo-dots', type: 'circle', source: 'photos', paint: { 'circle-radius': 3, 'circle-color': '#2563eb', 'circle-opacity': 0.6 } })
        ready.current = true
        element.dataset['ready'] = 'true'
        fitted.current = showPoints(m, latest.current.points, !fitted.current && !latest.current.focus) || fitted.current
        reportBounds()
      })
    }).catch((e: unknown) => {
      // maplibre throws when WebGL cannot start (some VMs, remote desktops, blocklisted drivers).
      if (!disposed) latest.current.onError((e as Error).message || String(e))
    })
    return () => {
      disposed = true
      for (const marker of markers.current.values()) marker.remove()
      markers.current.clear()
      map?.remove()
      mapRef.current = null
      ready.current = false
    }
    // The map is made once; focus changes later are followed by the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // The points into the source (once the map is ready; its load does it otherwise).
  useEffect(() => {
    const map = mapRef.current
    if (map && ready.current) fitted.current = showPoints(map, points, !fitted.current && !latest.current.focus) || fitted.current
  }, [points])

  const focusKey = focus ? `${focus.lat},${focus.lon}` : ''
  useEffect(() => {
    if (focus && mapRef.current && ready.current) mapRef.current.jumpTo({ center: [focus.lon, focus.lat], zoom: FOCUS_ZOOM })
    // focusKey stands for focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusKey])

  // Thumbnails arrive with the region's list: single-photo markers are made again with them.
  useEffect(() => refresh.current(), [known])

  return <div ref={container} className="photo-map" data-testid="photo-map" />
}

/**
 * Puts the points into the map's source; `fit`: the map then shows them all (the first time, unless
 * it opened on a focus). False when there are no points yet.
 */
function showPoints(map: maplibregl.Map, points: readonly MapPoint[] | undefined, fit: boolean): boolean {
  if (!points) return false
  void (map.getSource('photos') as GeoJSONSource).setData(toFeatures(points))
  const box = extent(points)
  if (fit && box) map.fitBounds(box, { padding: 60, maxZoom: 12, duration: 0 })
  return true
}

function clusterElement(map: maplibregl.Map, clusterId: number, count: number, at: [number, number]): HTMLElement {
  const el = document.createElement('button')
  el.type = 'button'
  el.className = 'map-cluster'
  el.dataset['count'] = String(count)
  el.setAttribute('data-testid', 'map-cluster')
  el.textContent = formatCount(count)
  el.title = `${formatCount(count)} photos: zoom in`
  // Sized by count (log), so a big cluster reads as big at a glance.
  const size = Math.round(30 + Math.min(26, Math.log10(count) * 10))
  el.style.width = el.style.height = `${size}px`
  el.addEventListener('click', (event) => {
    event.stopPropagation()
    void (map.getSource('photos') as GeoJSONSource)
      .getClusterExpansionZoom(clusterId)
      .then((zoom) => map.easeTo({ center: at, zoom }))
      .catch(() => map.easeTo({ center: at, zoom: map.getZoom() + 2 }))
  })
  return el
}

function photoElement(id: number, summary: AssetSummary | undefined, handlers: { onOpenPhoto(id: number): void; mediaUrl(kind: 'grid', a: AssetSummary): string }): HTMLElement {
  const el = document.createElement('button')
  el.type = 'button'
  el.className = summary?.hasThumb ? 'map-photo' : 'map-photo map-photo-dot'
  el.setAttribute('data-testid', 'map-photo')
  el.dataset['assetId'] = String(id)
  el.title = 'Open this photo'
  if (summary?.hasThumb) {
    const img = document.createElement('img')
    img.src = handlers.mediaUrl('grid', summary)
    img.alt = ''
    img.draggable = false
    el.appendChild(img)
  }
  el.addEventListener('click', (event) => {
    event.stopPropagation()
    handlers.onOpenPhoto(id)
  })
  return el
}
