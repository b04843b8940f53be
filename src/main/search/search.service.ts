import { DEFAULT_SEARCH_WEIGHTS, type SearchHit, type SearchResult, type SearchSuggestion, type SearchWeights } from '../../shared/domain'
import type { AssetsRepository, SearchFilters, SearchRepository } from '../catalog'
import { reciprocalRankFusion, type RankedList } from './fusion'

/** Relative weight of each signal in the fusion (library settings; `--weights` overrides). */
export type { SearchWeights }

export const DEFAULT_WEIGHTS: SearchWeights = DEFAULT_SEARCH_WEIGHTS

export interface UnderstoodQuery {
  text: string
  dateRanges: { from: string; to: string }[]
  places: string[]
  cameras: string[]
  people: string[]
}

/** What the library tells the query parser, read at every query (cheap: two index seeks). */
export interface QueryContext {
  /** First and last year of the library's photos: "summer" or "march" without a year means each of them. */
  libraryYears?: { first: number; last: number }
}

/** Optional semantic rankers; the service works (tags + words) without any of them. */
export interface SemanticSearch {
  /** Assets ranked by similarity to the text, already cut off at a sensible score. */
  textToImage?(text: string, limit: number): Promise<{ assetId: number; score: number }[]>
  /** Assets similar to one asset (CLIP when active, else the classifier's features). */
  similarTo(assetId: number, limit: number): Promise<{ assetId: number; score: number }[]>
}

export interface SearchServiceDeps {
  search: SearchRepository
  assets: AssetsRepository
  /** Query text -> tag labels with weights (plurals, synonyms). */
  expandTagQuery(text: string): { label: string; weight: number }[]
  /** Pulls dates, places, cameras, people out of the query; default keeps the text as is. */
  understand?(text: string, context: QueryContext): UnderstoodQuery
  /** Person ids of a name (people pulled out of the query become a filter). */
  personIdsByName?(name: string): number[]
  semantic?: SemanticSearch
  /** The library's weights (settings), read per query so a change applies at once. */
  weights?: () => Partial<SearchWeights>
  /**
   * Events the query asks for ("trip to Tokyo", "paris 2023"): their photos rank in, GPS or not.
   * `text`: the free text left once the words that asked for an event are used up.
   */
  events?(query: UnderstoodQuery, limit: number): { assetIds: number[]; text: string } | null
  /**
   * For the videos among the hits: the moment (ms) the free text matched best (see the video
   * service), among the moments the filter's people are seen when it names people.
   */
  videoMoments?(assetIds: number[], text: string, personIds: readonly number[]): Promise<Map<number, number>>
}

const STOPWORDS = new Set(['a', 'an', 'the', 'of', 'with', 'and', 'in', 'on', 'at', 'my', 'our', 'some', 'from', 'photo', 'photos', 'picture', 'pictures', 'image', 'images', 'pic', 'pics', 'shot', 'shots'])
/** A tag below this probability is noise, not a match (keeps a wall of weak results away). */
const MIN_TAG_SCORE = 0.08
const CANDIDATES = 500

/** Words of the free text as an FTS5 query: every word must match; the last one may be a prefix (as-you-type). */
export function ftsQuery(text: string, mode: 'all' | 'any' = 'all'): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !STOPWORDS.has(w))
  if (words.length === 0) return null
  const terms = words.map((w, i) => `"${w.replaceAll('"', '')}"${i === words.length - 1 && w.length >= 2 ? '*' : ''}`)
  return terms.join(mode === 'all' ? ' AND ' : ' OR ')
}

type DateRangeFilter = { from: string; to: string }

/**
 * Photos in both sets of ranges: the date filter picked in the UI AND the dates the query names
 * ("summer" within 2015-2019). ISO dates compare as strings.
 */
export function intersectDateRanges(a: readonly DateRangeFilter[], b: readonly DateRangeFilter[]): DateRangeFilter[] {
  if (a.length === 0) return [...b]
  if (b.length === 0) return [...a]
  const both: DateRangeFilter[] = []
  for (const x of a) {
    for (const y of b) {
      const from = x.from > y.from ? x.from : y.from
      const to = x.to < y.to ? x.to : y.to
      if (from < to) both.push({ from, to })
    }
  }
  // No day in both: one empty range, which matches nothing (an empty list would mean "any date").
  return both.length > 0 ? both : [{ from: a[0]!.from, to: a[0]!.from }]
}

export function createSearchService(deps: SearchServiceDeps) {
  const weights = (): SearchWeights => ({ ...DEFAULT_WEIGHTS, ...deps.weights?.() })
  const understand = deps.understand ?? ((text: string) => ({ text, dateRanges: [], places: [], cameras: [], people: [] }))

  function toHits(fused: { assetId: number; score: number; signals: string[] }[], extra: string[], limit: number, includeHidden: boolean): SearchHit[] {
    const summaries = new Map(deps.assets.summaries(fused.slice(0, limit).map((f) => f.assetId), { includeHidden }).map((s) => [s.id, s]))
    const hits: SearchHit[] = []
    for (const f of fused.slice(0, limit)) {
      const asset = summaries.get(f.assetId)
      if (asset) hits.push({ asset, score: f.score, matched: [...new Set([...f.signals, ...extra])] })
    }
    return hits
  }

  /** A hit in a video says at which moment it matched (and the viewer starts there). */
  async function withVideoMoments(hits: SearchHit[], text: string, personIds: readonly number[]): Promise<SearchHit[]> {
    const videoIds = hits.filter((h) => h.asset.video).map((h) => h.asset.id)
    if (videoIds.length === 0 || !deps.videoMoments) return hits
    const moments = await deps.videoMoments(videoIds, text, personIds)
    return hits.map((h) => {
      const atMs = moments.get(h.asset.id)
      return atMs === undefined || !h.asset.video ? h : { ...h, atMs, asset: { ...h.asset, video: { ...h.asset.video, atMs } } }
    })
  }

  return {
    weights,

    async query(text: string, options: { limit?: number; filters?: SearchFilters; weights?: Partial<SearchWeights> } = {}): Promise<SearchResult> {
      const limit = options.limit ?? 200
      const w = { ...weights(), ...options.weights }
      const understood = understand(text.trim(), { libraryYears: deps.search.yearSpan() ?? undefined })
      const filters: SearchFilters = {
        ...options.filters,
        dateRanges: intersectDateRanges(options.filters?.dateRanges ?? [], understood.dateRanges),
        cameras: [...(options.filters?.cameras ?? []), ...understood.cameras],
        places: [...(options.filters?.places ?? []), ...understood.places],
        personIds: [...(options.filters?.personIds ?? [])],
      }
      // Each named person must be in the photo; a name with no person matches nothing.
      for (const name of understood.people) {
        const ids = deps.personIdsByName?.(name) ?? []
        filters.personIds!.push(...(ids.length ? ids.slice(0, 1) : [-1]))
      }
      const filterSignals = [
        understood.dateRanges.length ? 'date' : null,
        understood.cameras.length ? 'camera' : null,
        understood.places.length ? 'place' : null,
        understood.people.length || options.filters?.personIds?.length ? 'person' : null,
        options.filters?.folders?.length ? 'folder' : null,
      ].filter((s): s is string => s !== null)
      const events = deps.events?.({ ...understood, text: understood.text.trim() }, CANDIDATES) ?? null
      const freeText = events ? events.text.trim() : understood.text.trim()

      const lists: RankedList[] = []
      const match = ftsQuery(freeText)
      if (match) {
        let rows = deps.search.matchText(match, filters, CANDIDATES)
        if (rows.length === 0) rows = deps.search.matchText(ftsQuery(freeText, 'any')!, filters, CANDIDATES)
        const tagged = new Map<number, number>()
        for (const { label, weight } of deps.expandTagQuery(freeText)) {
          for (const r of deps.search.matchTags([label], MIN_TAG_SCORE / weight, filters, CANDIDATES)) {
            tagged.set(r.assetId, Math.max(tagged.get(r.assetId) ?? 0, r.score * weight))
          }
        }
        // A photo the words match only through its tags is the tag leg's, ranked by the tag's
        // probability; BM25 ranks it by how few tags it has, and fused in it would count the same
        // tag twice and overturn that order (a weak 'animal' above a sure one).
        lists.push({ signal: 'text', weight: w.text, items: rows.filter((r) => !(tagged.has(r.assetId) && r.columns.every((c) => c === 'tag'))) })
        lists.push({
          signal: 'tag',
          weight: w.tag,
          items: [...tagged.entries()].map(([assetId, score]) => ({ assetId, score })).sort((a, b) => b.score - a.score),
        })
        if (deps.semantic?.textToImage && w.clip > 0) {
          const ranked = await deps.semantic.textToImage(freeText, CANDIDATES)
          const passing = deps.search.passing(
            ranked.map((r) => r.assetId),
            filters,
          )
          lists.push({ signal: 'clip', weight: w.clip, items: ranked.filter((r) => passing.has(r.assetId)) })
        }
      } else if (filterSignals.length > 0) {
        lists.push({ signal: filterSignals[0]!, weight: 1, items: deps.search.filtered(filters, limit) })
      }
      if (events && events.assetIds.length > 0) {
        // The photos of the events the query names, as the other filters (the UI's dates, people, folders) allow.
        const passing = deps.search.passing(events.assetIds, { ...filters, places: [], dateRanges: options.filters?.dateRanges ?? [] })
        lists.push({ signal: 'event', weight: 1, items: events.assetIds.filter((id) => passing.has(id)).map((assetId) => ({ assetId, score: 1 })) })
      }
      const fused = reciprocalRankFusion(lists)
      return {
        hits: await withVideoMoments(
          toHits(fused, filterSignals, limit, options.filters?.includeHidden ?? false),
          freeText,
          (filters.personIds ?? []).filter((id) => id > 0),
        ),
        understood: {
          text: understood.text,
          dateRanges: understood.dateRanges,
          places: understood.places,
          cameras: understood.cameras,
          people: understood.people,
        },
      }
    },

    async similar(assetId: number, limit = 50): Promise<SearchHit[]> {
      if (!deps.semantic) return []
      const ranked = (await deps.semantic.similarTo(assetId, limit + 1)).filter((r) => r.assetId !== assetId).slice(0, limit)
      const summaries = new Map(deps.assets.summaries(ranked.map((r) => r.assetId)).map((s) => [s.id, s]))
      return ranked.flatMap((r) => {
        const asset = summaries.get(r.assetId)
        return asset ? [{ asset, score: r.score, matched: ['similar'] }] : []
      })
    },

    suggest(prefix: string, extra: SearchSuggestion[] = []): SearchSuggestion[] {
      const p = prefix.trim().toLowerCase()
      if (!p) return []
      const out: SearchSuggestion[] = [
        ...extra,
        ...deps.search.knownCameras().map((value) => ({ kind: 'camera' as const, value })),
        ...deps.search.years().map((value) => ({ kind: 'year' as const, value })),
      ]
      return out.filter((s) => s.value.toLowerCase().split(/\s+/).some((w) => w.startsWith(p)) || s.value.toLowerCase().startsWith(p)).slice(0, 10)
    },
  }
}

export type SearchService = ReturnType<typeof createSearchService>
