// The whole library as one virtualized list of rows (month headers + rows of square tiles). Layout
// comes from the timeline alone; assets are fetched page by page for the rows actually rendered.
import { defaultRangeExtractor, useVirtualizer, type Range, type VirtualItem } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, type Ref } from 'react'
import type { TimelineMonth } from '../../../shared/domain'
import { ASSET_PAGE_SIZE, assetAt, useAssetPages } from '../api'
import { useElementWidth } from '../app/use-element-width'
import { formatCount, formatMonthLabel } from '../lib/format'
import {
  assetSpanOfRows,
  buildGridLayout,
  fitColumns,
  headerRowFor,
  pagesForSpan,
  rowOfAsset,
  type GridLayout,
} from '../lib/grid-layout'
import { positionsInRect, type PlacedRow, type Rect, type TileRow as TileRowSpan } from '../lib/selection'
import { useDragSelect, type AssetSelection } from '../selection'
import { SelectionRect } from './PhotoList'
import { GAP_PX, PADDING_END_PX, TARGET_TILE_PX } from './grid-measures'
import { TileRow } from './TileRow'
import { TimelineScrubber } from './TimelineScrubber'

const HEADER_PX = 48

export interface LibraryGridHandle {
  /** Brings the photo at timeline position `index` into view (after the viewer moved through photos). */
  scrollToAsset(index: number): void
  /** The rows of tiles as laid out now (for Up and Down in the selection). */
  tileRows(): TileRowSpan[]
}

interface LibraryGridProps {
  months: TimelineMonth[]
  onOpen(index: number): void
  /** Makes the photos selectable (a click opens only while nothing is selected). */
  selection?: AssetSelection
  ref?: Ref<LibraryGridHandle>
}

function firstVisibleAsset(layout: GridLayout, items: readonly VirtualItem[], scrollOffset: number): number | null {
  for (const item of items) {
    const row = layout.rows[item.index]
    if (row?.kind === 'tiles' && item.end > scrollOffset) return row.start
  }
  return null
}

/**
 * The month header pinned at the top: the month of the row just below it. The row touching the
 * top edge may be the last pixels of the month before (its gap), hidden under the pinned header;
 * naming that month would label the next month's photos with it.
 */
function pinnedHeaderRow(layout: GridLayout, items: readonly VirtualItem[], scrollOffset: number): number {
  let under = -1
  for (const item of items) if (item.start < scrollOffset + HEADER_PX) under = Math.max(under, item.index)
  return headerRowFor(layout, Math.max(under, 0))
}

/** Tile rows with their top edge in the grid's content, for hit-testing a drag rectangle. */
function placeRows(layout: GridLayout, tileSize: number): PlacedRow[] {
  const placed: PlacedRow[] = []
  let top = 0
  for (const row of layout.rows) {
    if (row.kind === 'header') top += HEADER_PX
    else {
      placed.push({ top, start: row.start, count: row.count })
      top += tileSize + GAP_PX
    }
  }
  return placed
}

export const LibraryGrid = memo(function LibraryGrid({ months, onOpen, selection, ref }: LibraryGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const innerRef = useRef<HTMLDivElement>(null)
  const width = useElementWidth(scrollRef)
  const { columns, tileSize } = fitColumns(width, TARGET_TILE_PX, GAP_PX)
  const layout = useMemo(() => buildGridLayout(months, columns), [months, columns])

  // The month header owning the first visible row is always rendered, as a sticky element.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const active = headerRowFor(layout, range.startIndex)
      const indexes = defaultRangeExtractor(range)
      if (active >= 0 && !indexes.includes(active)) indexes.unshift(active)
      return indexes
    },
    [layout],
  )

  const estimateSize = useCallback(
    (i: number) => (layout.rows[i]?.kind === 'header' ? HEADER_PX : tileSize + GAP_PX),
    [layout, tileSize],
  )
  const getItemKey = useCallback((i: number) => layout.rows[i]?.key ?? i, [layout])
  const virtualizer = useVirtualizer({
    // Nothing until the width is known, or a 0-px layout would fetch pages for hundreds of tiny rows.
    count: width > 0 ? layout.rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    rangeExtractor,
    overscan: 4,
    paddingEnd: PADDING_END_PX,
  })

  // Row heights are computed, not measured: re-measure when the tile size or the rows change. When
  // the column count changes (window resize), keep the photo that was at the top in view.
  const topAsset = useRef<number | null>(null)
  const previousColumns = useRef(columns)
  useLayoutEffect(() => {
    virtualizer.measure()
    if (previousColumns.current === columns) return
    previousColumns.current = columns
    const row = topAsset.current === null ? -1 : rowOfAsset(layout, topAsset.current)
    if (row > 0) virtualizer.scrollToIndex(row, { align: 'start' })
  }, [virtualizer, layout, tileSize, columns])

  useImperativeHandle(
    ref,
    () => ({
      scrollToAsset(index: number) {
        const row = rowOfAsset(layout, index)
        if (row >= 0) virtualizer.scrollToIndex(row, { align: 'auto' })
      },
      tileRows() {
        return layout.rows.flatMap((row) => (row.kind === 'tiles' ? [{ start: row.start, count: row.count }] : []))
      },
    }),
    [layout, virtualizer],
  )

  // Row tops are the same sums the virtualizer makes (heights are computed, not measured).
  const placedRows = useMemo(() => placeRows(layout, tileSize), [layout, tileSize])
  const hitTest = useCallback((rect: Rect) => positionsInRect(placedRows, rect, tileSize, GAP_PX, columns), [placedRows, tileSize, columns])
  const drag = useDragSelect({ scrollRef, contentRef: innerRef, hitTest, selection })

  const items = virtualizer.getVirtualItems()
  const span = assetSpanOfRows(
    layout,
    items.map((item) => item.index),
  )
  // Remember the top photo after every commit, for the resize anchoring above.
  useEffect(() => {
    topAsset.current = firstVisibleAsset(layout, items, virtualizer.scrollOffset ?? 0)
  })
  const stickyRow = pinnedHeaderRow(layout, items, virtualizer.scrollOffset ?? 0)
  // The scrubber beside the grid: where the grid is, and where a drag or key sends it.
  const currentAsset = firstVisibleAsset(layout, items, virtualizer.scrollOffset ?? 0)
  const jumpTo = useCallback(
    (position: number) => {
      const row = rowOfAsset(layout, position)
      if (row < 0) return
      // A month's first row comes with its header.
      const header = headerRowFor(layout, row)
      virtualizer.scrollToIndex(header === row - 1 ? header : row, { align: 'start' })
    },
    [layout, virtualizer],
  )
  const pagesKey = span ? pagesForSpan(span[0], span[1], ASSET_PAGE_SIZE).join(',') : ''
  const pageIndexes = useMemo(() => (pagesKey ? pagesKey.split(',').map(Number) : []), [pagesKey])
  const pages = useAssetPages(pageIndexes)

  return (
    <div className="grid-frame">
      <div
        ref={scrollRef}
        className="grid-scroll"
        data-testid="library-grid"
        data-columns={columns}
        data-selection-grid={selection ? '' : undefined}
        tabIndex={selection ? 0 : undefined}
        onKeyDown={selection?.keyDown}
        onPointerDown={selection ? drag.onPointerDown : undefined}
      >
        <div ref={innerRef} className="grid-inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = layout.rows[item.index]
            if (!row) return null
            if (row.kind === 'header') {
              const sticky = item.index === stickyRow
              return (
                <div
                  key={item.key}
                  className={sticky ? 'month-header sticky' : 'month-header'}
                  data-testid="month-header"
                  data-month={row.month}
                  style={
                    sticky
                      ? { position: 'sticky', top: 0, height: HEADER_PX }
                      : { position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: HEADER_PX }
                  }
                >
                  <h2>{formatMonthLabel(row.month)}</h2>
                  <span className="month-count">{formatCount(row.count)}</span>
                </div>
              )
            }
            return (
              <TileRow
                key={item.key}
                top={item.start}
                start={row.start}
                count={row.count}
                columns={columns}
                tileSize={tileSize}
                pages={pages}
                photoAt={assetAt}
                selection={selection}
                // The timeline says itself which tiles stand for stacks (asset.stack).
                stackCounts={false}
                onOpen={onOpen}
              />
            )
          })}
          {drag.rect ? <SelectionRect rect={drag.rect} /> : null}
        </div>
      </div>
      <TimelineScrubber months={months} current={currentAsset} onJump={jumpTo} />
    </div>
  )
})
