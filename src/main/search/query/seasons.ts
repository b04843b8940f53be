// Meteorological seasons of the northern hemisphere (what chrono-node does not parse):
// spring = Mar-May, summer = Jun-Aug, autumn/fall = Sep-Nov, winter = Dec-Feb across the new year.
import { compareDates, localDate, type LocalDate, type LocalDateRange } from './local-date'

export type Season = 'spring' | 'summer' | 'autumn' | 'winter'

const FIRST_MONTH: Record<Season, number> = { spring: 3, summer: 6, autumn: 9, winter: 12 }

export function seasonOf(word: string): Season | null {
  const lower = word.toLowerCase()
  if (lower === 'fall') return 'autumn'
  return lower === 'spring' || lower === 'summer' || lower === 'autumn' || lower === 'winter' ? lower : null
}

/** The occurrence of `season` that starts in `startYear` (winter 2019 here = Dec 2019 - Feb 2020). */
export function seasonStartingIn(season: Season, startYear: number): LocalDateRange {
  const first = FIRST_MONTH[season]
  return { from: localDate(startYear, first), to: localDate(startYear, first + 3) }
}

/**
 * "summer 2019": the season's months that fall in that calendar year. For winter that is two ranges,
 * Jan-Feb and December: people say "winter 2019" for both the January ski trip and the December snow.
 */
export function seasonInYear(season: Season, year: number): LocalDateRange[] {
  if (season !== 'winter') return [seasonStartingIn(season, year)]
  return [
    { from: localDate(year, 1), to: localDate(year, 3) },
    { from: localDate(year, 12), to: localDate(year + 1, 1) },
  ]
}

/** "last summer": the most recent occurrence that is over by `today`. */
export function lastSeason(season: Season, today: LocalDate): LocalDateRange {
  for (let year = today.year; ; year -= 1) {
    const range = seasonStartingIn(season, year)
    if (compareDates(range.to, today) <= 0) return range
  }
}

/** "this summer": the occurrence in progress or, if none is, the one of the current season-year. */
export function thisSeason(season: Season, today: LocalDate): LocalDateRange {
  // In January and February "this winter" is the one that began last December.
  const startYear = season === 'winter' && today.month <= 2 ? today.year - 1 : today.year
  return seasonStartingIn(season, startYear)
}

/** "summer" alone: the most recent occurrence that has begun (the current one while it lasts). */
export function latestSeason(season: Season, today: LocalDate): LocalDateRange {
  for (let year = today.year; ; year -= 1) {
    const range = seasonStartingIn(season, year)
    if (compareDates(range.from, today) <= 0) return range
  }
}
