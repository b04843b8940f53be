// The days an album spans, as its card and page show them: "10 May 2013", "3 – 10 May 2013",
// "13 Jun – 10 May 2013" or "13 Jun 2006 – 10 May 2013" (the shared parts said once).

/** A yyyy-mm-dd day (wall clock) as a Date at UTC midnight, formatted in UTC so the day never shifts. */
const dayOf = (day: string) => new Date(`${day}T00:00:00Z`)

export function formatDayRange(first: string, last: string, locale?: string): string {
  const full = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
  if (first === last) return full.format(dayOf(first))
  const [from, to] = first < last ? [first, last] : [last, first]
  // Intl knows how each locale joins a range and which parts repeat.
  return full.formatRange(dayOf(from), dayOf(to))
}
