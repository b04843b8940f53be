// The Map screen loads maplibre-gl and the basemap (about 1.5 MB) only when it opens.
export { MapScreen } from './LazyMapScreen'
export type { MapFocus } from './PhotoMap'
