/** Events (newest first) in year groups, newest year first, keeping their order. */
export function groupByYear<T extends { year: number }>(events: readonly T[]): { year: number; events: T[] }[] {
  const groups: { year: number; events: T[] }[] = []
  for (const event of events) {
    const last = groups.at(-1)
    if (last && last.year === event.year) last.events.push(event)
    else groups.push({ year: event.year, events: [event] })
  }
  return groups.sort((a, b) => b.year - a.year)
}
