// Splits a photo search query into structured filters (dates, places, people, cameras) and the
// free text that is left for full-text and CLIP search.
import { findDatePhrases, type YearSpan } from './date-phrases'
import { compareDates, formatLocalDate, type LocalDateRange } from './local-date'
import { matchPhrases, normalizeWords, tokenize } from './phrase-matcher'

export interface ParseQueryOptions {
  /** Anchors "today", "last summer", "yesterday"; its local calendar day is today. */
  now: Date
  /**
   * First and last year of the library's photos. A month, day or season without a year ("march",
   * "july 4th", "summer") then means that one in every one of these years, which is what someone
   * searching their photos expects; without it, only its latest occurrence.
   */
  libraryYears?: YearSpan
  /**
   * Is this phrase (1-4 words, as typed) a place in the library? true keeps the phrase as typed;
   * a list gives the canonical place names it stands for (e.g. "paris" -> ["Paris"]).
   */
  knownPlaces?: (phrase: string) => boolean | string[]
  /** Names of people in the library ("Anna Smith"); matched case- and accent-insensitively. */
  knownPeople?: readonly string[]
  /**
   * Camera names in the library ("Apple iPhone 4S", "NIKON D750"). A query matches a camera by the
   * start of its name or of its name without the first word: "nikon", "iphone", "iphone 4s".
   */
  knownCameras?: readonly string[]
}

export interface DateRange {
  /** First local day included, ISO "YYYY-MM-DD". */
  from: string
  /** First local day NOT included (exclusive end). Open ranges use 0001-01-01 / 9999-12-31. */
  to: string
}

export interface ParsedQuery {
  /** What is left for full-text / CLIP search, words joined by single spaces. */
  text: string
  /** Photo dates in any of these (union; sorted, overlaps joined). Empty: no date filter. */
  dateRanges: DateRange[]
  places: string[]
  people: string[]
  cameras: string[]
}

/** Words that only tie a filter to the sentence ("photos of Anna in Paris from 2019"). */
const CONNECTORS = new Set(['in', 'on', 'at', 'of', 'from', 'during', 'with', 'by', 'and', 'the', 'near', 'around', 'to', 'taken', '&'])
/** Words never looked up as a place on their own or at a phrase's edge. */
const NOT_A_PLACE_EDGE = new Set([...CONNECTORS, 'a', 'an', 'my', 'our', 'photo', 'photos', 'picture', 'pictures', 'pics'])

const MAX_PLACE_WORDS = 4

function peopleLookup(names: readonly string[]): { maxWords: number; lookup: (norm: string) => string[] | null } {
  const byNorm = new Map<string, string>()
  for (const name of names) {
    const norm = normalizeWords(name)
    if (norm) byNorm.set(norm, name)
  }
  const maxWords = Math.max(1, ...[...byNorm.keys()].map((norm) => norm.split(' ').length))
  return { maxWords, lookup: (norm) => (byNorm.has(norm) ? [byNorm.get(norm)!] : null) }
}

function cameraLookup(cameras: readonly string[]): { maxWords: number; lookup: (norm: string) => string[] | null } {
  const byKey = new Map<string, Set<string>>()
  let maxWords = 1
  const add = (key: string, camera: string): void => {
    // Bare numbers ("5d" is fine, "820" is not) would turn "2 dogs" into a camera filter.
    if (/^\d+$/u.test(key)) return
    let set = byKey.get(key)
    if (!set) byKey.set(key, (set = new Set()))
    set.add(camera)
  }
  for (const camera of cameras) {
    const words = tokenize(camera).map((token) => token.norm)
    maxWords = Math.max(maxWords, words.length)
    for (let n = 1; n <= words.length; n += 1) add(words.slice(0, n).join(' '), camera)
    for (let n = 2; n <= words.length; n += 1) add(words.slice(1, n).join(' '), camera)
  }
  return { maxWords, lookup: (norm) => (byKey.has(norm) ? [...byKey.get(norm)!] : null) }
}

function placeLookup(knownPlaces: (phrase: string) => boolean | string[]): (norm: string, typed: string) => string[] | null {
  return (norm, typed) => {
    const words = norm.split(' ')
    if (NOT_A_PLACE_EDGE.has(words[0]!) || NOT_A_PLACE_EDGE.has(words.at(-1)!)) return null
    if (words.every((word) => /^\d+$/u.test(word))) return null
    const answer = knownPlaces(typed)
    if (answer === true) return [typed]
    return Array.isArray(answer) && answer.length > 0 ? answer : null
  }
}

const unique = (values: Iterable<string>): string[] => [...new Set(values)]

export function parseQuery(text: string, options: ParseQueryOptions): ParsedQuery {
  if (typeof text !== 'string') throw new TypeError('parseQuery: query text must be a string')
  if (!(options?.now instanceof Date) || Number.isNaN(options.now.getTime())) throw new TypeError('parseQuery: options.now must be a valid Date')

  // Each parser sees the query with earlier finds masked by '|': same length, so spans stay valid.
  let rest = text
  const consume = (start: number, end: number): void => {
    rest = rest.slice(0, start) + '|'.repeat(end - start) + rest.slice(end)
  }

  // Names the user gave (people, then cameras) win over generic readings: "June" may be a person.
  const people: string[] = []
  if (options.knownPeople?.length) {
    const { maxWords, lookup } = peopleLookup(options.knownPeople)
    for (const match of matchPhrases(rest, maxWords, lookup)) {
      people.push(...match.values)
      consume(match.start, match.end)
    }
  }

  const cameras: string[] = []
  if (options.knownCameras?.length) {
    const { maxWords, lookup } = cameraLookup(options.knownCameras)
    for (const match of matchPhrases(rest, maxWords, lookup)) {
      cameras.push(...match.values)
      consume(match.start, match.end)
    }
  }

  const ranges: LocalDateRange[] = []
  for (const mention of findDatePhrases(rest, options.now, options.libraryYears)) {
    ranges.push(...mention.ranges)
    consume(mention.start, mention.end)
  }

  const places: string[] = []
  if (options.knownPlaces) {
    for (const match of matchPhrases(rest, MAX_PLACE_WORDS, placeLookup(options.knownPlaces))) {
      places.push(...match.values)
      consume(match.start, match.end)
    }
  }

  return {
    text: leftoverText(rest),
    dateRanges: coalesce(ranges).map((range) => ({ from: formatLocalDate(range.from), to: formatLocalDate(range.to) })),
    places: unique(places),
    people: unique(people),
    cameras: unique(cameras),
  }
}

/** Sorted, with overlapping or touching ranges joined: the filter is their union. */
function coalesce(ranges: readonly LocalDateRange[]): LocalDateRange[] {
  const sorted = [...ranges].sort((a, b) => compareDates(a.from, b.from))
  const result: LocalDateRange[] = []
  for (const range of sorted) {
    const last = result.at(-1)
    if (last && compareDates(range.from, last.to) <= 0) {
      if (compareDates(range.to, last.to) > 0) result[result.length - 1] = { from: last.from, to: range.to }
    } else {
      result.push(range)
    }
  }
  return result
}

/** The unmasked words, minus connectors left dangling next to an extracted filter. */
function leftoverText(masked: string): string {
  // Words and '|' runs (one marker per extracted filter) in reading order.
  const items = [...masked.matchAll(/\|+|[\p{L}\p{N}&]+(?:['’.-][\p{L}\p{N}]+)*/gu)].map((match) => match[0])
  const isMarker = (item: string | undefined): boolean => item !== undefined && item.startsWith('|')
  let changed = true
  while (changed) {
    changed = false
    for (let i = 0; i < items.length; i += 1) {
      const item = items[i]!
      if (!isMarker(item) && CONNECTORS.has(item.toLowerCase()) && (isMarker(items[i - 1]) || isMarker(items[i + 1]))) {
        // Replace by a marker so a chain ("from the") unwinds one word per pass.
        items[i] = '|'
        changed = true
      }
    }
  }
  return items.filter((item) => !isMarker(item)).join(' ')
}
