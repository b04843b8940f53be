// Turns the timeline (months with counts) into the rows of the virtualized grid, without loading any
// asset: every month is a header row followed by ceil(count / columns) rows of square tiles.
import type { TimelineMonth } from '../../../shared/domain'

export type GridRow =
  | { kind: 'header'; key: string; month: string; count: number }
  /** `start` is the position of the row's first photo in the timeline (the assets.page offset). */
  | { kind: 'tiles'; key: string; month: string; start: number; count: number }

export interface GridLayout {
  rows: GridRow[]
  columns: number
  /** Photos in the whole timeline. */
  total: number
  /** Row indexes of the month headers, ascending (for the sticky header and binary searches). */
  headerRows: number[]
  /** Row index and first photo position of every tile row, ascending (parallel arrays). */
  tileRows: number[]
  tileRowStarts: number[]
}

export interface ColumnFit {
  columns: number
  tileSize: number
}

/** How many square tiles of about `target` px fit in `width`, and their exact size filling the width. */
export function fitColumns(width: number, target: number, gap: number, minColumns = 2): ColumnFit {
  const usable = Math.max(0, width)
  const columns = Math.max(minColumns, Math.floor((usable + gap) / (target + gap)))
  const tileSize = Math.max(1, Math.floor((usable - gap * (columns - 1)) / columns))
  return { columns, tileSize }
}

export function buildGridLayout(months: readonly TimelineMonth[], columns: number): GridLayout {
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`columns must be a positive integer, got ${columns}`)
  const rows: GridRow[] = []
  const headerRows: number[] = []
  const tileRows: number[] = []
  const tileRowStarts: number[] = []
  let position = 0
  for (const { month, count } of months) {
    if (count <= 0) continue
    headerRows.push(rows.length)
    rows.push({ kind: 'header', key: `h:${month}`, month, count })
    for (let offset = 0, line = 0; offset < count; offset += columns, line++) {
      tileRows.push(rows.length)
      tileRowStarts.push(position + offset)
      rows.push({
        kind: 'tiles',
        key: `t:${month}:${line}`,
        month,
        start: position + offset,
        count: Math.min(columns, count - offset),
      })
    }
    position += count
  }
  return { rows, columns, total: position, headerRows, tileRows, tileRowStarts }
}

/** Largest i with sorted[i] <= value, or -1. */
function lastAtOrBelow(sorted: readonly number[], value: number): number {
  let lo = 0
  let hi = sorted.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if ((sorted[mid] as number) <= value) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

/** Row index of the tile row holding timeline position `assetIndex`, or -1 when out of range. */
export function rowOfAsset(layout: GridLayout, assetIndex: number): number {
  if (assetIndex < 0 || assetIndex >= layout.total) return -1
  const i = lastAtOrBelow(layout.tileRowStarts, assetIndex)
  return i < 0 ? -1 : (layout.tileRows[i] as number)
}

/** The month header that owns row `rowIndex` (what the sticky header shows), or -1 for no rows. */
export function headerRowFor(layout: GridLayout, rowIndex: number): number {
  const i = lastAtOrBelow(layout.headerRows, rowIndex)
  return i < 0 ? -1 : (layout.headerRows[i] as number)
}

/** Timeline positions [first, endExclusive) covered by the given rows. */
export function assetSpanOfRows(layout: GridLayout, rowIndexes: Iterable<number>): [number, number] | null {
  let first = Number.POSITIVE_INFINITY
  let end = Number.NEGATIVE_INFINITY
  for (const index of rowIndexes) {
    const row = layout.rows[index]
    if (row?.kind !== 'tiles') continue
    first = Math.min(first, row.start)
    end = Math.max(end, row.start + row.count)
  }
  return Number.isFinite(first) ? [first, end] : null
}

/** Page numbers (assets.page offset = page * pageSize) needed for positions [first, endExclusive). */
export function pagesForSpan(first: number, endExclusive: number, pageSize: number): number[] {
  if (endExclusive <= first) return []
  const pages: number[] = []
  for (let p = Math.floor(first / pageSize); p <= Math.floor((endExclusive - 1) / pageSize); p++) pages.push(p)
  return pages
}
