// The map (issue 13): shown photos with a position, read through the assets_geo index (migration
// 0020). Positions are the ones in effect (an edited place counts, see migration 0014).
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './assets.repository'
import { statementCache, type Db } from './connection'
import type { AssetSummary } from '../../shared/domain'
import type { MapBounds, MapPoint } from '../../shared/map'

/** The index's predicate word for word (SQLite uses a partial index only when its terms are in the query), plus not hidden. */
const ON_MAP = `a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL AND a.lat IS NOT NULL AND a.lon IS NOT NULL AND a.hidden = 0`

/** Degrees to 5 decimals (about a metre): what a map shows, in a third fewer bytes than a double prints. */
const round5 = (v: number) => Math.round(v * 1e5) / 1e5

export function createMapRepository(db: Db) {
  const sql = statementCache(db)
  /** The region's WHERE: a latitude band the index seeks, and the longitudes, split at the antimeridian when it is crossed. */
  const inBounds = (b: MapBounds) =>
    b.west <= b.east
      ? { where: `${ON_MAP} AND a.lat BETWEEN @south AND @north AND a.lon BETWEEN @west AND @east`, params: b }
      : { where: `${ON_MAP} AND a.lat BETWEEN @south AND @north AND (a.lon >= @west OR a.lon <= @east)`, params: b }

  return {
    /** Every shown photo with a position, in no particular order (the map has none). */
    points(): MapPoint[] {
      // No ORDER BY: sorting by id made SQLite scan the whole table instead of the position index.
      const rows = sql(`SELECT a.id, a.lat, a.lon FROM assets a WHERE ${ON_MAP}`).raw().all() as [number, number, number][]
      return rows.map(([id, lat, lon]) => [id, round5(lat), round5(lon)])
    },

    /** A window of the shown photos in a region, newest first, and how many there are. */
    inBounds(bounds: MapBounds, offset: number, limit: number): { total: number; photos: AssetSummary[] } {
      const { where, params } = inBounds(bounds)
      const total = (sql(`SELECT count(*) AS n FROM assets a WHERE ${where}`).get(params) as { n: number }).n
      const rows =
        total <= offset
          ? []
          : (sql(`SELECT ${SUMMARY_COLUMNS} FROM assets a WHERE ${where} ORDER BY a.sort_ms DESC, a.id DESC LIMIT @limit OFFSET @offset`).all({
              ...params,
              limit,
              offset,
            }) as SummaryRow[])
      return { total, photos: rows.map(toSummary) }
    },
  }
}

export type MapRepository = ReturnType<typeof createMapRepository>
