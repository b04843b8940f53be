export { createReverseGeocoder, type PlaceInfo, type ReverseGeocoder } from './reverse-geocoder'
export { localOffsetAt } from './local-offset'
export { CITY_RADIUS_KM } from './geonames-cities'
