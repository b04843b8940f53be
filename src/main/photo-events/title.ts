// An event's title from its place and dates: "Paris, 10 June 2023", "Tokyo, 20–21 Aug 2023",
// "Berlin & Munich, 3 May 2024", or only the dates ("3 May 2024") when no photo has a place.
import { eventDates } from '../../shared/photo-events'

export { eventDates }

/**
 * The event's place from its photos' places (city, else country; null for a photo without one):
 * the most common, and the second when it holds at least a fifth of the located photos (a day in
 * Berlin and Munich), never more (a title, not a list).
 */
export function eventPlace(places: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>()
  let located = 0
  for (const p of places) {
    if (!p) continue
    located++
    counts.set(p, (counts.get(p) ?? 0) + 1)
  }
  const ranked = [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
  const first = ranked[0]
  if (!first) return null
  const second = ranked[1]
  return second && second[1] * 5 >= located ? `${first[0]} & ${second[0]}` : first[0]
}

export function eventTitle(place: string | null, startMs: number, endMs: number): string {
  const dates = eventDates(startMs, endMs)
  return place ? `${place}, ${dates}` : dates
}
