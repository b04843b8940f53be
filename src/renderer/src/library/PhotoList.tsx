// A plain (not virtualized) grid of photos for lists of at most a few thousand: search results,
// similar photos, a person's photos, an album. The library itself uses the virtualized LibraryGrid.
// With a selection (selection/useListSelection) tiles get checkboxes, the grid takes the selection
// keys and a drag draws a selection rectangle.
import { useCallback, useRef, type ReactNode } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { flatRows, positionsInRect, type Rect } from '../lib/selection'
import { useDragSelect, type ListSelection } from '../selection'
import { AssetTile } from './AssetTile'

interface PhotoListProps<T> {
  items: readonly T[]
  assetOf(item: T): AssetSummary
  testId: string
  tileTestId: string
  /** Overlay for one tile (hover details). */
  overlay?(item: T): ReactNode
  /** Makes the photos selectable (a click opens only while nothing is selected). */
  selection?: ListSelection
  onOpen(index: number): void
}

/** The CSS grid's gap (styles.css .photo-list). */
const LIST_GAP_PX = 4

export function PhotoList<T>({ items, assetOf, testId, tileTestId, overlay, selection, onOpen }: PhotoListProps<T>) {
  if (!selection) {
    return (
      <div className="photo-list" data-testid={testId}>
        {items.map((item, index) => {
          const asset = assetOf(item)
          return (
            <AssetTile key={asset.id} asset={asset} index={index} testId={tileTestId} onOpen={onOpen}>
              {overlay?.(item)}
            </AssetTile>
          )
        })}
      </div>
    )
  }
  return <SelectablePhotoList items={items} assetOf={assetOf} testId={testId} tileTestId={tileTestId} overlay={overlay} selection={selection} onOpen={onOpen} />
}

function SelectablePhotoList<T>({ items, assetOf, testId, tileTestId, overlay, selection, onOpen }: PhotoListProps<T> & { selection: ListSelection }) {
  const { listRef } = selection
  const scrollRef = useRef<HTMLElement | null>(null)
  // The rectangle's tiles come from the grid's geometry (uniform squares), not from measuring each tile.
  const hitTest = useCallback(
    (rect: Rect) => {
      const list = listRef.current
      const first = list?.querySelector<HTMLElement>('[data-index]')
      if (!list || !first) return []
      const size = first.getBoundingClientRect().width
      const columns = Math.max(1, getComputedStyle(list).gridTemplateColumns.split(' ').filter(Boolean).length)
      const rows = flatRows(items.length, columns).map((row, i) => ({ ...row, top: i * (size + LIST_GAP_PX) }))
      return positionsInRect(rows, rect, size, LIST_GAP_PX, columns)
    },
    [items.length, listRef],
  )
  const setListRef = useCallback(
    (element: HTMLDivElement | null) => {
      listRef.current = element
      scrollRef.current = element ? scrollParent(element) : null
    },
    [listRef],
  )
  const drag = useDragSelect({ scrollRef, contentRef: listRef, hitTest, selection })

  return (
    <div
      ref={setListRef}
      className="photo-list selectable"
      data-testid={testId}
      data-selection-grid=""
      tabIndex={0}
      onKeyDown={selection.keyDown}
      onPointerDown={drag.onPointerDown}
    >
      {items.map((item, index) => {
        const asset = assetOf(item)
        return (
          <AssetTile
            key={asset.id}
            asset={asset}
            index={index}
            testId={tileTestId}
            selected={selection.isSelected(asset.id, index)}
            selecting={selection.selecting}
            focused={selection.isFocused(index)}
            onSelect={selection.clickTile}
            onOpen={onOpen}
          >
            {overlay?.(item)}
          </AssetTile>
        )
      })}
      {drag.rect ? <SelectionRect rect={drag.rect} /> : null}
    </div>
  )
}

export function SelectionRect({ rect }: { rect: Rect }) {
  return (
    <div
      className="selection-rect"
      data-testid="selection-rect"
      style={{ left: rect.left, top: rect.top, width: rect.right - rect.left, height: rect.bottom - rect.top }}
    />
  )
}

function scrollParent(element: HTMLElement): HTMLElement | null {
  for (let e = element.parentElement; e; e = e.parentElement) {
    const overflow = getComputedStyle(e).overflowY
    if (overflow === 'auto' || overflow === 'scroll') return e
  }
  return null
}
