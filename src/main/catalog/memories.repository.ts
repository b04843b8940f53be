// "On this day" (issue 13): the photos of one month and day across the years, read through the
// assets_month_day index (migration 0020): one seek per day, whatever the library's size.
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './assets.repository'
import { statementCache, type Db } from './connection'
import type { AssetSummary } from '../../shared/domain'

/** The index's expression and predicate, word for word: SQLite uses the index only when they match. */
const MONTH_DAY = `strftime('%m-%d', a.sort_ms / 1000, 'unixepoch')`
const INDEXED = `a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL AND a.taken_at IS NOT NULL`

export interface DayPhoto {
  /** The year of the photo's wall-clock capture time. */
  year: number
  /** Its day, 'yyyy-mm-dd'. */
  day: string
  summary: AssetSummary
}

export function createMemoriesRepository(db: Db) {
  const sql = statementCache(db)
  return {
    /**
     * Shown photos (not hidden, not trashed, with a capture time of their own) taken on one of these
     * 'mm-dd' days before `beforeMs` (a wall-clock epoch, see assets.sort_ms), newest year first and
     * oldest first within a year; at most `perYear` of each year (`counts` has them all).
     */
    onDays(monthDays: readonly string[], beforeMs: number, perYear: number): { photos: DayPhoto[]; counts: Map<number, number> } {
      const rows: (SummaryRow & { day: string; sortMs: number })[] = []
      // One seek per day (a 29 Feb is looked for on 28 Feb of a year without one).
      const select = sql(
        `SELECT ${SUMMARY_COLUMNS}, a.sort_ms AS sortMs, strftime('%Y-%m-%d', a.sort_ms / 1000, 'unixepoch') AS day
         FROM assets a
         WHERE ${MONTH_DAY} = ? AND ${INDEXED} AND a.sort_ms < ? AND a.hidden = 0`,
      )
      for (const md of new Set(monthDays)) rows.push(...(select.all(md, beforeMs) as typeof rows))
      // Newest year first (a day string's year leads it), the day in the order it went.
      rows.sort((x, y) => Number(y.day.slice(0, 4)) - Number(x.day.slice(0, 4)) || x.sortMs - y.sortMs || x.id - y.id)
      const counts = new Map<number, number>()
      const photos: DayPhoto[] = []
      for (const { day, sortMs: _, ...row } of rows) {
        const year = Number(day.slice(0, 4))
        const n = (counts.get(year) ?? 0) + 1
        counts.set(year, n)
        if (n <= perYear) photos.push({ year, day, summary: toSummary(row) })
      }
      return { photos, counts }
    },
  }
}

export type MemoriesRepository = ReturnType<typeof createMemoriesRepository>
