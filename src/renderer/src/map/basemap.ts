// The map's offline basemap: Natural Earth's 1:50m countries (public domain) from the `world-atlas`
// package (TopoJSON, ISC), made into land and border shapes here, once per map opened. A style with
// no tiles, glyphs or sprites: the map never asks a server for anything.
import type { StyleSpecification } from 'maplibre-gl'
import { feature, mesh } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'

type World = Topology<{ countries: GeometryCollection; land: GeometryCollection }>

/** Colours of the basemap, for the app's dark theme (the photos' markers are HTML, styled in styles.css). */
const SEA = '#15202a'
const LAND = '#2a3038'
const BORDER = '#46505c'

/**
 * A ring's longitudes made continuous (179.9 then -180 becomes 179.9 then 180): Natural Earth's
 * Chukotka and Fiji cross the antimeridian, and an edge from 179.9 to -180 would be drawn across the
 * whole world. Rings that go round a pole (Antarctica) end a turn away from where they start and
 * are left as they are.
 */
export function unwrapRing(ring: readonly GeoJSON.Position[]): GeoJSON.Position[] {
  let offset = 0
  const out: GeoJSON.Position[] = []
  for (const [i, point] of ring.entries()) {
    const previous = ring[i - 1]
    if (previous) {
      const step = point[0]! - previous[0]!
      if (step > 180) offset -= 360
      else if (step < -180) offset += 360
    }
    out.push([point[0]! + offset, point[1]!])
  }
  return offset === 0 ? out : [...ring]
}

function unwrapLand(land: GeoJSON.FeatureCollection | GeoJSON.Feature): GeoJSON.FeatureCollection {
  const features = land.type === 'FeatureCollection' ? land.features : [land]
  return {
    type: 'FeatureCollection',
    features: features.map((f) => {
      const g = f.geometry
      if (g.type === 'Polygon') return { ...f, geometry: { ...g, coordinates: g.coordinates.map(unwrapRing) } }
      if (g.type === 'MultiPolygon') return { ...f, geometry: { ...g, coordinates: g.coordinates.map((p) => p.map(unwrapRing)) } }
      return f
    }),
  }
}

export async function basemapStyle(): Promise<StyleSpecification> {
  // In the map's own chunk: 750 kB that the library never loads unless the map opens.
  const world = (await import('world-atlas/countries-50m.json')).default as unknown as World
  return {
    version: 8,
    sources: {
      land: { type: 'geojson', data: unwrapLand(feature(world, world.objects.land)), attribution: 'Natural Earth' },
      // Each border once (shared arcs only), not every country's outline.
      borders: { type: 'geojson', data: mesh(world, world.objects.countries, (a, b) => a !== b) },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': SEA } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': LAND } },
      { id: 'borders', type: 'line', source: 'borders', paint: { 'line-color': BORDER, 'line-width': 0.7 } },
    ],
  }
}
