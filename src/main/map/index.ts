export { createMapService, type MapService } from './map.service'
