// The text side of the search bar: which word is being typed (for suggestions), how a picked
// suggestion replaces it, and how a result explains itself ("why this photo", "understood as").
import type { SearchResult } from '../../../shared/domain'

/** The word being typed at the end of the query ('' right after a space): what suggestions complete. */
export function lastWord(text: string): string {
  if (/\s$/.test(text)) return ''
  const words = text.trim().split(/\s+/)
  return words[words.length - 1] ?? ''
}

function startsAtWordBoundary(haystack: string, needle: string): boolean {
  if (haystack.startsWith(needle)) return true
  let at = haystack.indexOf(needle)
  while (at > 0) {
    if (/[\s\-/,(]/.test(haystack[at - 1] ?? '')) return true
    at = haystack.indexOf(needle, at + 1)
  }
  return false
}

/**
 * Replaces the typed tail of `text` with a picked suggestion, taking as many trailing words as the
 * suggestion covers: "nokia lum" + "Nokia Lumia 820" → "Nokia Lumia 820 ", "cat in germ" + "Germany"
 * → "cat in Germany ". Ends with a space so the user can keep typing.
 */
export function applySuggestion(text: string, value: string): string {
  const words = text.trim().split(/\s+/).filter(Boolean)
  const target = value.toLowerCase()
  for (let i = 0; i < words.length; i++) {
    const tail = words.slice(i).join(' ').toLowerCase()
    if (startsAtWordBoundary(target, tail)) return [...words.slice(0, i), value].join(' ') + ' '
  }
  return [...words, value].join(' ') + ' '
}

const SIGNAL_LABELS: Record<string, string> = {
  text: 'words',
  tag: 'tag',
  clip: 'looks like',
  similar: 'similar',
  date: 'date',
  place: 'place',
  camera: 'camera',
  person: 'person',
  folder: 'folder',
}

/** A reader's word for a match signal ('clip' → "looks like"); unknown signals are shown as they are. */
export function signalLabel(signal: string): string {
  return SIGNAL_LABELS[signal] ?? signal
}

/** Fused scores are small (reciprocal ranks); similarities are 0..1. Three significant digits either way. */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return '–'
  return Number(score.toPrecision(3)).toString()
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/

type Day = { y: number; m: number; d: number }

function parseDay(day: string): Day | null {
  const match = ISO_DAY.exec(day)
  if (!match) return null
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) }
}

function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function utcFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions, y: number, m: number, d = 1): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)))
}

const OPEN_START = '0001-01-01'
const OPEN_END = '9999-12-31'

function dayBefore(day: Day): Day {
  const date = new Date(Date.UTC(day.y, day.m - 1, day.d - 1))
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() }
}

function formatDay(locale: string | undefined, day: Day): string {
  return utcFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }, day.y, day.m, day.d)
}

/** Inclusive first and last day, shortened to whole years or months when the range covers them. */
function formatInclusive(from: Day, last: Day, locale: string | undefined): string {
  const wholeMonths = from.d === 1 && last.d === lastDayOfMonth(last.y, last.m)
  if (wholeMonths && from.m === 1 && last.m === 12) return from.y === last.y ? String(from.y) : `${from.y} – ${last.y}`
  if (wholeMonths && from.y === last.y && from.m === last.m) return utcFormat(locale, { month: 'long', year: 'numeric' }, from.y, from.m)
  if (wholeMonths) {
    const options: Intl.DateTimeFormatOptions = { month: 'short', year: 'numeric' }
    return `${utcFormat(locale, options, from.y, from.m)} – ${utcFormat(locale, options, last.y, last.m)}`
  }
  if (from.y === last.y && from.m === last.m && from.d === last.d) return formatDay(locale, from)
  return `${formatDay(locale, from)} – ${formatDay(locale, last)}`
}

/**
 * A date filter as the server sends it (`to` is the first day NOT included; open ends are
 * 0001-01-01 / 9999-12-31), as the shortest honest label: "2013", "March 2013", "since 2 Mar 2020".
 */
export function formatDateRange(range: { from: string; to: string }, locale?: string): string {
  const from = parseDay(range.from)
  const to = parseDay(range.to)
  if (!from || !to) return `${range.from} – ${range.to}`
  const openStart = range.from === OPEN_START
  const openEnd = range.to === OPEN_END
  if (openStart && openEnd) return 'any time'
  if (openEnd) return `since ${formatDay(locale, from)}`
  if (openStart) return `before ${formatDay(locale, to)}`
  const last = dayBefore(to)
  if (last.y * 10000 + last.m * 100 + last.d < from.y * 10000 + from.m * 100 + from.d) return `${range.from} – ${range.to}`
  return formatInclusive(from, last, locale)
}

const monthDay = (day: Day) => day.m * 100 + day.d

/**
 * "summer" or "march 4" without a year comes back as one range per year of the library, the first
 * and last possibly cut to the library's span. Those read as one label, "every Jun – Aug"; null
 * when the ranges are not such a yearly series.
 */
export function formatYearlyRanges(ranges: readonly { from: string; to: string }[], locale?: string): string | null {
  if (ranges.length < 2) return null
  const spans: { from: Day; to: Day }[] = []
  for (const r of ranges) {
    const from = parseDay(r.from)
    const to = parseDay(r.to)
    if (!from || !to || r.from === OPEN_START || r.to === OPEN_END) return null
    spans.push({ from, to })
  }
  // The pattern: what a range that is not cut looks like (the longest one). Ends compare by the
  // first day after (1 March), so leap years do not matter.
  const length = (r: { from: Day; to: Day }) => Date.UTC(r.to.y, r.to.m - 1, r.to.d) - Date.UTC(r.from.y, r.from.m - 1, r.from.d)
  const pattern = [...spans].sort((a, b) => length(b) - length(a))[0] as { from: Day; to: Day }
  const last = dayBefore(pattern.to)
  const wraps = last.y > pattern.from.y
  for (let i = 0; i < spans.length; i++) {
    const r = spans[i] as { from: Day; to: Day }
    const next = spans[i + 1]
    // One range per year; a winter cut at the library's first day starts in the same year as the next.
    if (next && next.from.y !== r.from.y + 1 && !(wraps && i === 0 && next.from.y === r.from.y)) return null
    // Only the first may start late (cut at the library's first day), only the last end early.
    if (monthDay(r.from) !== monthDay(pattern.from) && i !== 0) return null
    if (monthDay(r.to) !== monthDay(pattern.to) && i !== spans.length - 1) return null
  }
  const { from } = pattern
  const wholeMonths = from.d === 1 && pattern.to.d === 1
  const month = (m: number, style: 'long' | 'short') => utcFormat(locale, { month: style }, 2000, m)
  if (wholeMonths && from.m === last.m && !wraps) return `every ${month(from.m, 'long')}`
  if (wholeMonths) return `every ${month(from.m, 'short')} – ${month(last.m, 'short')}`
  const dayLabel = (d: Day) => utcFormat(locale, { day: 'numeric', month: 'short' }, 2000, d.m, d.d)
  if (!wraps && monthDay(from) === monthDay(last)) return `every ${dayLabel(from)}`
  return `every ${dayLabel(from)} – ${dayLabel(last)}`
}

export interface UnderstoodPart {
  kind: 'text' | 'date' | 'place' | 'camera' | 'person'
  label: string
}

/** What the query was taken to mean, in reading order: the free words, then each filter pulled out of it. */
export function understoodParts(understood: SearchResult['understood'], locale?: string): UnderstoodPart[] {
  const parts: UnderstoodPart[] = []
  const text = understood.text.trim()
  if (text) parts.push({ kind: 'text', label: `“${text}”` })
  for (const person of understood.people) parts.push({ kind: 'person', label: `with ${person}` })
  const yearly = formatYearlyRanges(understood.dateRanges, locale)
  if (yearly) parts.push({ kind: 'date', label: `taken ${yearly}` })
  else {
    for (const range of understood.dateRanges) {
      const label = formatDateRange(range, locale)
      parts.push({ kind: 'date', label: /^(since|before|any)/.test(label) ? `taken ${label}` : `taken in ${label}` })
    }
  }
  for (const place of understood.places) parts.push({ kind: 'place', label: `in ${place}` })
  for (const camera of understood.cameras) parts.push({ kind: 'camera', label: `shot with ${camera}` })
  return parts
}
