// Finds date phrases in a search query and turns each into local-date ranges.
// chrono-node parses most of them (months, days, "yesterday", "last month", "march to may 2020");
// the patterns here cover what it does not: bare years, "2021-03", year ranges, decades, seasons,
// calendar weeks ("last week" is the previous Monday-Sunday, not the day 7 days ago) and rolling
// periods ("past 30 days").
// A month, day or season named without a year ("march", "july 4th", "summer") recurs: given the years
// the library spans it becomes one range per year, since a photo library is searched across years.
import * as chrono from 'chrono-node'
import {
  addDays,
  addMonths,
  BEGINNING_OF_TIME,
  compareDates,
  dayRange,
  END_OF_TIME,
  localDate,
  monthRange,
  todayOf,
  weekRange,
  yearRange,
  type LocalDate,
  type LocalDateRange,
} from './local-date'
import { latestSeason, lastSeason, seasonInYear, seasonOf, seasonStartingIn, thisSeason } from './seasons'

/** First and last calendar year of the library's photos. */
export interface YearSpan {
  first: number
  last: number
}

export interface DateMention {
  /** Span of the phrase in the query, connecting words such as "between" or "since" included. */
  start: number
  end: number
  ranges: LocalDateRange[]
}

interface Mention extends DateMention {
  /** True when the phrase names its year (or is relative to today). */
  yearWritten: boolean
  /**
   * The occurrence that starts in `year`, for phrases without one: used to take the year written on
   * the other end ("between march and june 2020") and to repeat the phrase in every library year.
   */
  inYear?: (year: number) => LocalDateRange
}

/** Photography began in 1826; later than next year is a number, not a photo date. */
const FIRST_PHOTO_YEAR = 1826
const isPlausibleYear = (year: number, today: LocalDate): boolean => year >= FIRST_PHOTO_YEAR && year <= today.year + 1

type Builder = (match: RegExpExecArray, today: LocalDate) => Omit<Mention, 'start' | 'end'> | null

const UNIT = '(day|week|month|year)s?'

/** Phrases chrono-node misses or reads differently from how a photo search means them. Order matters. */
const OWN_PATTERNS: [RegExp, Builder][] = [
  // Rolling periods ending today: "past 30 days", "last 2 weeks", "past month".
  [
    new RegExp(`\\b(?:in\\s+the\\s+)?(?:last|past)\\s+(\\d{1,3})\\s+${UNIT}\\b|\\b(?:in\\s+the\\s+)?past\\s+${UNIT}\\b`, 'giu'),
    (m, today) => {
      const count = m[1] ? Number(m[1]) : 1
      const unit = (m[2] ?? m[3] ?? 'day').toLowerCase()
      if (count < 1) return null
      const start =
        unit === 'day' ? addDays(today, -count) : unit === 'week' ? addDays(today, -7 * count) : addMonths(today, unit === 'month' ? -count : -12 * count)
      return { ranges: [{ from: addDays(start, 1), to: addDays(today, 1) }], yearWritten: true }
    },
  ],
  // Calendar weeks (ISO, Monday first) and weekends.
  [
    /\b(last|previous|this)\s+(week|weekend)\b/giu,
    (m, today) => {
      const week = weekRange(m[1]!.toLowerCase() === 'this' ? today : addDays(today, -7))
      const range = m[2]!.toLowerCase() === 'weekend' ? { from: addDays(week.from, 5), to: week.to } : week
      return { ranges: [range], yearWritten: true }
    },
  ],
  // Seasons: "summer 2019", "the summer of 2019", "last summer", "this winter", "winter 2018/19".
  [
    /\b(?:the\s+)?(?:(last|previous|this)\s+)?(spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(\d{4})(?:\s*[-/–]\s*(\d{4}|\d{2}))?)?\b/giu,
    (m, today) => {
      const season = seasonOf(m[2]!)
      if (!season) return null
      const qualifier = m[1]?.toLowerCase()
      if (m[3]) {
        const first = Number(m[3])
        const second = m[4] ? (m[4].length === 2 ? Math.floor(first / 100) * 100 + Number(m[4]) : Number(m[4])) : first
        if (!isPlausibleYear(first, today) || second < first || second - first > 100) return null
        // "winter 2018/19" is the one winter that spans both years.
        if (season === 'winter' && second === first + 1) return { ranges: [seasonStartingIn(season, first)], yearWritten: true }
        const ranges: LocalDateRange[] = []
        for (let year = first; year <= second; year += 1) ranges.push(...seasonInYear(season, year))
        return { ranges, yearWritten: true }
      }
      if (qualifier === 'last' || qualifier === 'previous') return { ranges: [lastSeason(season, today)], yearWritten: true }
      if (qualifier === 'this') return { ranges: [thisSeason(season, today)], yearWritten: true }
      // A lone "spring" or "fall" is as likely a hot spring or a waterfall: leave it to the text search.
      if (season === 'spring' || m[2]!.toLowerCase() === 'fall') return null
      return { ranges: [latestSeason(season, today)], yearWritten: false, inYear: (year) => seasonStartingIn(season, year) }
    },
  ],
  // ISO year-month "2021-03" (a full ISO date "2019-07-14" is chrono's: the lookahead leaves it alone).
  [
    /\b(\d{4})-(0[1-9]|1[0-2])\b(?![-\d])/gu,
    (m, today) => (isPlausibleYear(Number(m[1]), today) ? { ranges: [monthRange(Number(m[1]), Number(m[2]))], yearWritten: true } : null),
  ],
  // Decades: "1990s", "the 80s", "'70s".
  [
    /\b(?:the\s+)?(?:(1[89]\d0|20\d0)|['’]?([5-9]0))['’]?s\b/giu,
    (m, today) => {
      const decade = m[1] ? Number(m[1]) : 1900 + Number(m[2])
      return decade <= today.year ? { ranges: [yearRange(decade, 10)], yearWritten: true } : null
    },
  ],
]

const FULL_WEEKDAY = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i
/** chrono-node reads these as dates, but in a photo search they are subjects: "now and then", "weekend trip". */
const NOT_A_DATE = new Set(['now', 'weekend', 'the weekend'])

type Granularity = 'day' | 'month' | 'year'

function granularityOf(components: chrono.ParsedComponents): Granularity | null {
  if (components.isCertain('day') || components.isCertain('weekday')) return 'day'
  if (components.isCertain('month')) return 'month'
  if (components.isCertain('year')) return 'year'
  return null
}

function rangeOf(components: chrono.ParsedComponents, granularity: Granularity, year = components.get('year') ?? 0): LocalDateRange {
  const month = components.get('month') ?? 1
  if (granularity === 'day') return dayRange(localDate(year, month, components.get('day') ?? 1))
  if (granularity === 'month') return monthRange(year, month)
  return yearRange(year)
}

function fromChrono(result: chrono.ParsedResult, today: LocalDate): Omit<Mention, 'start' | 'end'> | null {
  const text = result.text.trim().toLowerCase()
  if (NOT_A_DATE.has(text)) return null
  const startGranularity = granularityOf(result.start)
  // Times alone ("at 8", "noon", "morning") say nothing about the day.
  if (!startGranularity) return null
  const onlyWeekday = result.start.isCertain('weekday') && !result.start.isCertain('day') && !result.start.isCertain('month')
  // chrono also reads "sun", "sat", "wed" and "mon" as weekdays: "the sun" is not a Sunday.
  if (onlyWeekday && !FULL_WEEKDAY.test(result.text)) return null

  const endGranularity = result.end ? (granularityOf(result.end) ?? startGranularity) : null
  const build = (year?: number): LocalDateRange => {
    const start = rangeOf(result.start, startGranularity, year)
    if (!result.end || !endGranularity) return start
    const endYear = year === undefined ? undefined : year + ((result.end.get('year') ?? 0) - (result.start.get('year') ?? 0))
    return { from: start.from, to: rangeOf(result.end, endGranularity, endYear).to }
  }
  const yearWritten = result.start.isCertain('year') || (result.end?.isCertain('year') ?? false) || onlyWeekday
  let range = build()
  // A month or day without a year is its latest occurrence that has begun ("december" in May 2024 is
  // December 2023), not chrono's same-year guess, which can lie in the future.
  if (!yearWritten && compareDates(range.from, today) > 0) range = build((result.start.get('year') ?? today.year) - 1)
  return {
    ranges: [range],
    yearWritten,
    inYear: yearWritten || startGranularity === 'year' ? undefined : (year) => build(year),
  }
}

/** Replaces a span with '|' so later parsers neither see it nor join words across it. */
const mask = (text: string, start: number, end: number): string => text.slice(0, start) + '|'.repeat(end - start) + text.slice(end)

/** Joins "A to B", "A - B", "between A and B", "from A until B" into one range. */
function mergeRanges(text: string, mentions: Mention[]): Mention[] {
  const merged: Mention[] = []
  for (const next of mentions) {
    const previous = merged.at(-1)
    if (previous && previous.ranges.length === 1 && next.ranges.length === 1) {
      const gap = text.slice(previous.end, next.start)
      const before = text.slice(0, previous.start)
      const between = /\bbetween\s+$/i.exec(before)
      const linked = /^\s*(?:-|–|—|to|until|till|through|thru)\s*$/i.test(gap) || (between !== null && /^\s*and\s*$/i.test(gap))
      if (linked) {
        let first = previous.ranges[0]!
        const last = next.ranges[0]!
        // "between march and june 2020": the first end takes the year written on the second.
        if (!previous.yearWritten && next.yearWritten && previous.inYear) {
          first = previous.inYear(last.from.year)
          if (compareDates(first.from, last.from) > 0) first = previous.inYear(last.from.year - 1)
        }
        const [a, b] = compareDates(first.from, last.from) <= 0 ? [first, last] : [last, first]
        const opener = between ?? /\bfrom\s+$/i.exec(before)
        const recurring = !previous.yearWritten && !next.yearWritten && previous.inYear && next.inYear
        merged[merged.length - 1] = {
          start: opener ? opener.index : previous.start,
          end: next.end,
          ranges: [{ from: a.from, to: compareDates(b.to, a.to) > 0 ? b.to : a.to }],
          yearWritten: !recurring,
          inYear: recurring ? spanFrom(previous.inYear!, next.inYear!) : undefined,
        }
        continue
      }
    }
    merged.push(next)
  }
  return merged
}

/** "between march and june": from the first end to the next occurrence of the second ("november to february" crosses the new year). */
function spanFrom(first: (year: number) => LocalDateRange, second: (year: number) => LocalDateRange): (year: number) => LocalDateRange {
  return (year) => {
    const from = first(year).from
    let to = second(year).to
    if (compareDates(to, from) <= 0) to = second(year + 1).to
    return { from, to }
  }
}

/** "since 2019", "after March 2020", "before 2010": open-ended ranges (they never recur). */
function applyOpenEnds(text: string, mention: Mention): Mention {
  if (mention.ranges.length !== 1) return mention
  const range = mention.ranges[0]!
  const opener = /\b(since|after|before)\s+$/i.exec(text.slice(0, mention.start))
  if (!opener) return mention
  const word = opener[1]!.toLowerCase()
  const open =
    word === 'before' ? { from: BEGINNING_OF_TIME, to: range.from } : { from: word === 'since' ? range.from : range.to, to: END_OF_TIME }
  return { start: opener.index, end: mention.end, ranges: [open], yearWritten: true }
}

/**
 * A year-less phrase in each year of the library, cut to the library's span: "winter" in a 2019-2024
 * library is Jan-Feb 2019, Dec 2019-Feb 2020, ..., Dec 2024 (each winter counts once, across the new year).
 */
function inEveryYear(inYear: (year: number) => LocalDateRange, span: YearSpan): LocalDateRange[] {
  const start = localDate(span.first, 1)
  const end = localDate(span.last + 1, 1)
  const ranges: LocalDateRange[] = []
  // From the year before: its occurrence may run into the first year (the winter that began in December).
  for (let year = span.first - 1; year <= span.last; year += 1) {
    const range = inYear(year)
    const from = compareDates(range.from, start) > 0 ? range.from : start
    const to = compareDates(range.to, end) < 0 ? range.to : end
    if (compareDates(from, to) < 0) ranges.push({ from, to })
  }
  return ranges
}

/** The span as plausible photo years: a bad clock (year 1601, 2099) must not make hundreds of ranges. */
function plausibleSpan(span: YearSpan | undefined, today: LocalDate): YearSpan | null {
  if (!span || !Number.isInteger(span.first) || !Number.isInteger(span.last)) return null
  const first = Math.max(span.first, FIRST_PHOTO_YEAR)
  const last = Math.min(span.last, today.year + 1)
  return first <= last ? { first, last } : null
}

/**
 * Date phrases in `text` (spans already used by other parsers should be masked with '|'), in reading
 * order. `now` anchors relative phrases; its local calendar day is "today". With `libraryYears` a
 * phrase without a year ("march", "summer") is a range in each of those years; without, its latest
 * occurrence that has begun.
 */
export function findDatePhrases(text: string, now: Date, libraryYears?: YearSpan): DateMention[] {
  const today = todayOf(now)
  const span = plausibleSpan(libraryYears, today)
  const mentions: Mention[] = []
  let rest = text

  for (const [pattern, build] of OWN_PATTERNS) {
    pattern.lastIndex = 0
    for (let match = pattern.exec(rest); match; match = pattern.exec(rest)) {
      const mention = build(match, today)
      if (!mention) continue
      mentions.push({ ...mention, start: match.index, end: match.index + match[0].length })
    }
    for (const mention of mentions) rest = mask(rest, mention.start, mention.end)
  }

  for (const result of chrono.casual.parse(rest, now, { forwardDate: false })) {
    const mention = fromChrono(result, today)
    if (!mention) continue
    mentions.push({ ...mention, start: result.index, end: result.index + result.text.length })
    rest = mask(rest, result.index, result.index + result.text.length)
  }

  // Bare years last, so "march 2021" stays one month for chrono rather than a month and a year.
  for (const match of rest.matchAll(/\b\d{4}\b/gu)) {
    const year = Number(match[0])
    if (!isPlausibleYear(year, today)) continue
    mentions.push({ start: match.index, end: match.index + 4, ranges: [yearRange(year)], yearWritten: true })
  }

  mentions.sort((a, b) => a.start - b.start)
  return mergeRanges(text, mentions).map((mention) => {
    const { start, end, ranges, yearWritten, inYear } = applyOpenEnds(text, mention)
    return { start, end, ranges: span && !yearWritten && inYear ? inEveryYear(inYear, span) : ranges }
  })
}
