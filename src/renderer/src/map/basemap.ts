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

export async function basemapStyle(): Promise<StyleSpecification> {
  // In the map's own chunk: 750 kB that the library never loads unless the map opens.
  const world = (await import('world-atlas/countries-50m.json')).default as unknown as World
  return {
    version: 8,
    sources: {
      land: { type: 'geojson', data: feature(world, world.objects.land), attribution: 'Natural Earth' },
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
