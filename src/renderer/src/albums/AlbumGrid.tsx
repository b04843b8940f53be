// An album's photos as a virtualized grid of rows, like the library's but without month headers:
// the album's order is the user's. Layout needs only the count; photos are fetched page by page
// (albums.photos offsets) for the rows actually rendered, so an album of any size scrolls alike.
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useImperativeHandle, useLayoutEffect, useMemo, useRef, type ReactNode, type Ref } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { useElementWidth } from '../app/use-element-width'
import { fitColumns } from '../lib/grid-layout'
import { flatRows, positionsInRect, type Rect, type TileRow as TileRowSpan } from '../lib/selection'
import { GAP_PX, PADDING_END_PX, TARGET_TILE_PX, TileRow } from '../library'
import { SelectionRect } from '../library/PhotoList'
import { useDragSelect, type AssetSelection } from '../selection'
import { albumPagesFor, albumPhotoAt, useAlbumPages } from './hooks'


export interface AlbumGridHandle {
  /** Brings the photo at album position `index` into view (the viewer walked to it, the keyboard moved). */
  scrollToAsset(index: number): void
  /** The rows of tiles as laid out now (for Up and Down in the selection). */
  tileRows(): TileRowSpan[]
}

interface AlbumGridProps {
  albumId: number
  includeHidden: boolean
  /** Photos the album shows (with the hidden ones when includeHidden). */
  total: number
  selection: AssetSelection
  onOpen(index: number): void
  /** Extra content on a tile (cover badge, drag handle). */
  overlay?(asset: AssetSummary, index: number): ReactNode
  ref?: Ref<AlbumGridHandle>
}

export const AlbumGrid = memo(function AlbumGrid({ albumId, includeHidden, total, selection, onOpen, overlay, ref }: AlbumGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const innerRef = useRef<HTMLDivElement>(null)
  const width = useElementWidth(scrollRef)
  const { columns, tileSize } = fitColumns(width, TARGET_TILE_PX, GAP_PX)
  const rowCount = Math.ceil(total / columns)
  const rowHeight = tileSize + GAP_PX

  const estimateSize = useCallback(() => rowHeight, [rowHeight])
  const virtualizer = useVirtualizer({
    // Nothing until the width is known, or a 0-px layout would fetch pages for hundreds of tiny rows.
    count: width > 0 ? rowCount : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 4,
    paddingEnd: PADDING_END_PX,
  })
  // Row heights are computed, not measured: re-measure when the tile size changes.
  useLayoutEffect(() => {
    virtualizer.measure()
  }, [virtualizer, rowHeight])

  useImperativeHandle(
    ref,
    () => ({
      scrollToAsset(index: number) {
        if (index >= 0 && index < total) virtualizer.scrollToIndex(Math.floor(index / columns), { align: 'auto' })
      },
      tileRows: () => flatRows(total, columns),
    }),
    [virtualizer, total, columns],
  )

  const hitTest = useCallback(
    (rect: Rect) =>
      positionsInRect(
        flatRows(total, columns).map((row, i) => ({ ...row, top: i * rowHeight })),
        rect,
        tileSize,
        GAP_PX,
        columns,
      ),
    [total, columns, rowHeight, tileSize],
  )
  const drag = useDragSelect({ scrollRef, contentRef: innerRef, hitTest, selection })

  const items = virtualizer.getVirtualItems()
  const first = items.length > 0 ? items[0]!.index * columns : 0
  const end = items.length > 0 ? Math.min(total, (items[items.length - 1]!.index + 1) * columns) : 0
  const pagesKey = albumPagesFor(first, end).join(',')
  const pageIndexes = useMemo(() => (pagesKey ? pagesKey.split(',').map(Number) : []), [pagesKey])
  const pages = useAlbumPages(albumId, includeHidden, pageIndexes)

  return (
    <div
      ref={scrollRef}
      className="grid-scroll album-grid-scroll"
      data-testid="album-photos"
      data-columns={columns}
      data-total={total}
      data-selection-grid=""
      tabIndex={0}
      onKeyDown={selection.keyDown}
      onPointerDown={drag.onPointerDown}
    >
      <div ref={innerRef} className="grid-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const start = item.index * columns
          return (
            <TileRow
              key={item.key}
              top={item.start}
              start={start}
              count={Math.min(columns, total - start)}
              columns={columns}
              tileSize={tileSize}
              pages={pages}
              photoAt={albumPhotoAt}
              selection={selection}
              tileTestId="album-photo"
              overlay={overlay}
              onOpen={onOpen}
            />
          )
        })}
        {drag.rect ? <SelectionRect rect={drag.rect} /> : null}
      </div>
    </div>
  )
})
