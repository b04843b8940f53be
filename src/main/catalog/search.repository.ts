import type { Db } from './connection'
import { statementCache } from './connection'
import { escapeLike, LIKE_ESCAPE } from './like'

export interface TextSourceRow {
  paths: string[]
  make: string | null
  model: string | null
  lens: string | null
  takenAt: string | null
  tags: string[]
  /** The user's description (edits). */
  description: string | null
}

export interface SearchFilters {
  /** Wall-clock ISO dates, `to` exclusive. */
  dateRanges?: { from: string; to: string }[]
  /** Substrings of make or model, any of them. */
  cameras?: string[]
  /** Folder paths: assets with a file under any of them. */
  folders?: string[]
  /** City, region or country names (any of them). */
  places?: string[]
  /** Photos with ALL of these persons. */
  personIds?: number[]
  /** Hidden photos are left out of search unless this is set. */
  includeHidden?: boolean
}

export interface RankedAsset {
  assetId: number
  score: number
}

const wallMs = (isoDate: string) => Date.parse(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : `${isoDate}Z`)

/** Date ranges as sorted, disjoint [from, to) wall-clock millisecond pairs (overlaps and touching ranges joined). */
function disjointMs(ranges: readonly { from: string; to: string }[]): [number, number][] {
  const sorted = ranges.map((r): [number, number] => [wallMs(r.from), wallMs(r.to)]).sort((a, b) => a[0] - b[0])
  const out: [number, number][] = []
  for (const [from, to] of sorted) {
    const last = out.at(-1)
    if (last && from <= last[1]) last[1] = Math.max(last[1], to)
    else out.push([from, to])
  }
  return out
}

// What query understanding and suggestions may draw on: photos in the library (trashed ones, and the
// tombstones emptying the trash leaves, carry trashed_at). Hidden ones stay in: a search can ask for them.
const inLibrary = (a: string) => `${a}.state = 'ready' AND ${a}.missing_since IS NULL AND ${a}.trashed_at IS NULL`

/** Search-side reads and writes: the full-text table, tag matches, filter predicates. */
export function createSearchRepository(db: Db) {
  const sql = statementCache(db)

  /**
   * SQL predicate over `a` (assets) for the filters, with its parameters. Where the rows come from an
   * index already (full-text or tag matches, a list of ids) the date ranges are a cheap check per row;
   * `datesJoined` leaves them out for a query that reads them as its row source (see `filtered`).
   */
  function filterClause(filters: SearchFilters, datesJoined = false): { where: string; params: unknown[] } {
    // Trashed photos are never found (a restore brings them back).
    const parts: string[] = [`a.state = 'ready'`, `a.missing_since IS NULL`, `a.trashed_at IS NULL`]
    if (!filters.includeHidden) parts.push(`a.hidden = 0`)
    const params: unknown[] = []
    if (filters.dateRanges?.length && !datesJoined) {
      parts.push(`(${filters.dateRanges.map(() => `(a.sort_ms >= ? AND a.sort_ms < ?)`).join(' OR ')})`)
      for (const r of filters.dateRanges) params.push(wallMs(r.from), wallMs(r.to))
    }
    if (filters.cameras?.length) {
      parts.push(`(${filters.cameras.map(() => `(lower(coalesce(a.make, '') || ' ' || coalesce(a.model, '')) LIKE ? ${LIKE_ESCAPE})`).join(' OR ')})`)
      for (const c of filters.cameras) params.push(`%${escapeLike(c.toLowerCase())}%`)
    }
    if (filters.places?.length) {
      const marks = filters.places.map(() => '?').join(',')
      parts.push(`(lower(a.city) IN (${marks}) OR lower(a.region) IN (${marks}) OR lower(a.country) IN (${marks}))`)
      const names = filters.places.map((p) => p.toLowerCase())
      params.push(...names, ...names, ...names)
    }
    for (const personId of filters.personIds ?? []) {
      parts.push(`EXISTS (SELECT 1 FROM faces fp WHERE fp.asset_id = a.id AND fp.person_id = ?)`)
      params.push(personId)
    }
    if (filters.folders?.length) {
      parts.push(
        `EXISTS (SELECT 1 FROM locations l WHERE l.asset_id = a.id AND (${filters.folders.map(() => `substr(l.path, 1, ?) = ?`).join(' OR ')}))`,
      )
      for (const f of filters.folders) {
        const prefix = /[\\/]$/.test(f) ? f : `${f}/`
        params.push(prefix.length, prefix)
      }
    }
    return { where: parts.join(' AND '), params }
  }

  return {
    textSourceOf(assetId: number): TextSourceRow | undefined {
      // Content the user removed (a tombstone, migration 0014) has no words.
      const a = sql(`SELECT make, model, lens, taken_at AS takenAt, description FROM assets WHERE id = ? AND error_code IS NOT 'removed'`).get(assetId) as
        | Omit<TextSourceRow, 'paths' | 'tags'>
        | undefined
      if (!a) return undefined
      const paths = (sql(`SELECT path FROM locations WHERE asset_id = ? ORDER BY path`).all(assetId) as { path: string }[]).map((r) => r.path)
      // A word the faces stage and the classifier both give ('person') is one word of the text.
      const machineTags = (sql(`SELECT label FROM asset_tags WHERE asset_id = ? GROUP BY label ORDER BY max(score) DESC`).all(assetId) as { label: string }[]).map(
        (r) => r.label,
      )
      // The user's own keywords (read from XMP) first: words a person chose for the photo.
      const keywords = (sql(`SELECT tag FROM user_tags WHERE asset_id = ? ORDER BY tag`).all(assetId) as { tag: string }[]).map((r) => r.tag)
      const tags = [...new Set([...keywords, ...machineTags])]
      return { ...a, paths, tags }
    },

    upsertText(assetId: number, doc: Record<'path' | 'camera' | 'dates' | 'tags' | 'places' | 'ocr' | 'people' | 'description', string>): void {
      db.transaction(() => {
        sql(`DELETE FROM asset_text WHERE rowid = ?`).run(assetId)
        sql(
          `INSERT INTO asset_text (rowid, path, camera, dates, tags, places, ocr, people, description)
           VALUES (@assetId, @path, @camera, @dates, @tags, @places, @ocr, @people, @description)`,
        ).run({ assetId, ...doc })
      })()
    },

    removeText(assetId: number): void {
      sql(`DELETE FROM asset_text WHERE rowid = ?`).run(assetId)
    },

    /**
     * BM25 over the text columns (weights: a tag or a word on a sign says more than a folder name),
     * best first. `match` is an FTS5 query string built by the caller.
     */
    matchText(match: string, filters: SearchFilters, limit: number): (RankedAsset & { columns: string[] })[] {
      const f = filterClause(filters)
      const rows = sql(
        `SELECT t.rowid AS assetId, -bm25(asset_text, 1.0, 2.0, 0.5, 3.0, 3.0, 3.0, 4.0, 3.0) AS score,
                highlight(asset_text, 0, '\u0001', '') AS hPath, highlight(asset_text, 1, '\u0001', '') AS hCamera,
                highlight(asset_text, 2, '\u0001', '') AS hDates, highlight(asset_text, 3, '\u0001', '') AS hTags,
                highlight(asset_text, 4, '\u0001', '') AS hPlaces, highlight(asset_text, 5, '\u0001', '') AS hOcr,
                highlight(asset_text, 6, '\u0001', '') AS hPeople, highlight(asset_text, 7, '\u0001', '') AS hDescription
         FROM asset_text t JOIN assets a ON a.id = t.rowid
         WHERE asset_text MATCH ? AND ${f.where}
         ORDER BY bm25(asset_text, 1.0, 2.0, 0.5, 3.0, 3.0, 3.0, 4.0, 3.0) LIMIT ?`,
      ).all(match, ...f.params, limit) as (RankedAsset & Record<string, string>)[]
      const names = { hPath: 'path', hCamera: 'camera', hDates: 'date', hTags: 'tag', hPlaces: 'place', hOcr: 'text', hPeople: 'person', hDescription: 'description' }
      return rows.map((r) => ({
        assetId: r.assetId,
        score: r.score,
        columns: Object.entries(names)
          .filter(([key]) => r[key]?.includes('\u0001'))
          .map(([, name]) => name),
      }))
    },

    /** Assets tagged with any of the labels, by their best tag score. */
    matchTags(labels: string[], minScore: number, filters: SearchFilters, limit: number): (RankedAsset & { label: string })[] {
      if (labels.length === 0) return []
      const f = filterClause(filters)
      return sql(
        `SELECT a.id AS assetId, max(t.score) AS score, t.label AS label
         FROM asset_tags t JOIN assets a ON a.id = t.asset_id
         WHERE lower(t.label) IN (${labels.map(() => '?').join(',')}) AND t.score >= ? AND ${f.where}
         GROUP BY a.id ORDER BY score DESC LIMIT ?`,
      ).all(...labels.map((l) => l.toLowerCase()), minScore, ...f.params, limit) as (RankedAsset & { label: string })[]
    },

    /** Newest assets passing the filters: the result of a query that is only filters ("2019", "nikon"). */
    filtered(filters: SearchFilters, limit: number): RankedAsset[] {
      if (!filters.dateRanges?.length) {
        const f = filterClause(filters)
        return (
          sql(`SELECT a.id AS assetId FROM assets a WHERE ${f.where} ORDER BY a.sort_ms DESC, a.id DESC LIMIT ?`).all(...f.params, limit) as {
            assetId: number
          }[]
        ).map((r) => ({ assetId: r.assetId, score: 1 }))
      }
      // "summer" in a 30-year library is 30 ranges. As an OR of 30 tests SQLite scans the whole timeline
      // index (every row tested against every range: ~40 ms per 100k photos when few match); with the
      // ranges as a row source it seeks each one in the index. The ranges are made disjoint first so
      // that no photo comes twice (CROSS JOIN keeps that loop order).
      const ranges = disjointMs(filters.dateRanges)
      const f = filterClause(filters, true)
      return (
        sql(
          `WITH r(f, t) AS (VALUES ${ranges.map(() => '(?, ?)').join(', ')})
           SELECT a.id AS assetId FROM r CROSS JOIN assets a
           WHERE a.sort_ms >= r.f AND a.sort_ms < r.t AND ${f.where}
           ORDER BY a.sort_ms DESC, a.id DESC LIMIT ?`,
        ).all(...ranges.flat(), ...f.params, limit) as { assetId: number }[]
      ).map((r) => ({ assetId: r.assetId, score: 1 }))
    },

    /** First and last calendar year of the library's photos (wall clock, as dates are filtered), or null when it has none. */
    yearSpan(): { first: number; last: number } | null {
      // Two seeks at the ends of the timeline index, not a scan.
      const row = sql(
        `SELECT (SELECT sort_ms FROM assets WHERE state = 'ready' AND missing_since IS NULL AND trashed_at IS NULL ORDER BY sort_ms ASC LIMIT 1) AS first,
                (SELECT sort_ms FROM assets WHERE state = 'ready' AND missing_since IS NULL AND trashed_at IS NULL ORDER BY sort_ms DESC LIMIT 1) AS last`,
      ).get() as { first: number | null; last: number | null }
      if (row.first === null || row.last === null) return null
      return { first: new Date(row.first).getUTCFullYear(), last: new Date(row.last).getUTCFullYear() }
    },

    /** Which of the given assets pass the filters (for vector results, filtered after the index). */
    passing(assetIds: number[], filters: SearchFilters): Set<number> {
      if (assetIds.length === 0) return new Set()
      const f = filterClause(filters)
      const rows = sql(
        `SELECT a.id FROM assets a WHERE a.id IN (${assetIds.map(() => '?').join(',')}) AND ${f.where}`,
      ).all(...assetIds, ...f.params) as { id: number }[]
      return new Set(rows.map((r) => r.id))
    },

    /** Cameras in the library, as people name them ("Canon PowerShot S50", not "Canon Canon PowerShot S50"). */
    knownCameras(): string[] {
      const rows = sql(`SELECT DISTINCT make, model FROM assets WHERE (make IS NOT NULL OR model IS NOT NULL) AND ${inLibrary('assets')}`).all() as {
        make: string | null
        model: string | null
      }[]
      return [
        ...new Set(
          rows.map(({ make, model }) => {
            const m = (model ?? '').trim()
            const k = (make ?? '').trim()
            return m.toLowerCase().startsWith(k.toLowerCase().split(' ')[0] ?? '') ? m || k : `${k} ${m}`.trim()
          }),
        ),
      ]
    },

    /** Tag labels starting with a prefix, most used first (on photos in the library). */
    tagsStartingWith(prefix: string, limit = 5): string[] {
      return (
        sql(
          `SELECT t.label, count(*) AS n FROM asset_tags t JOIN assets a ON a.id = t.asset_id
           WHERE lower(t.label) LIKE ? ${LIKE_ESCAPE} AND ${inLibrary('a')}
           GROUP BY t.label ORDER BY n DESC LIMIT ?`,
        ).all(
          `${escapeLike(prefix.toLowerCase())}%`,
          limit,
        ) as { label: string }[]
      ).map((r) => r.label)
    },

    years(): string[] {
      return (
        sql(`SELECT DISTINCT substr(month, 1, 4) AS y FROM assets WHERE state = 'ready' AND missing_since IS NULL AND trashed_at IS NULL AND month <> 'undated' ORDER BY y DESC`).all() as {
          y: string
        }[]
      ).map((r) => r.y)
    },

    /** Every city, region and country name in the library (lower-cased), for query understanding. */
    knownPlaces(): Map<string, string> {
      const rows = sql(
        `SELECT city AS name FROM assets WHERE city IS NOT NULL AND ${inLibrary('assets')}
         UNION SELECT region FROM assets WHERE region IS NOT NULL AND ${inLibrary('assets')}
         UNION SELECT country FROM assets WHERE country IS NOT NULL AND ${inLibrary('assets')}`,
      ).all() as { name: string }[]
      return new Map(rows.map((r) => [r.name.toLowerCase(), r.name]))
    },

    placesOf(assetId: number): string[] {
      const r = sql(`SELECT place_label AS label, city, region, country, country_code AS cc FROM assets WHERE id = ?`).get(assetId) as
        | Record<'label' | 'city' | 'region' | 'country' | 'cc', string | null>
        | undefined
      return r ? [r.label, r.city, r.region, r.country, r.cc].filter((x): x is string => !!x) : []
    },

    pathOf(assetId: number): string | undefined {
      return (sql(`SELECT path FROM locations WHERE asset_id = ? ORDER BY path LIMIT 1`).get(assetId) as { path: string } | undefined)?.path
    },

    assetIdByPath(path: string): number | undefined {
      return (sql(`SELECT asset_id AS id FROM locations WHERE path = ?`).get(path) as { id: number | null } | undefined)?.id ?? undefined
    },
  }
}

export type SearchRepository = ReturnType<typeof createSearchRepository>
