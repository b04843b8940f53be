// Selection over a list already in hand (search results, a person's photos, an album): every id is
// known, rows come from the CSS grid's column count.
import { useEffect, useMemo, useRef, type RefObject } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { flatRows, type PositionRange } from '../lib/selection'
import { useAssetSelection, type AssetSelection } from './use-asset-selection'

export interface ListSelection extends AssetSelection {
  /** Attached by PhotoList to its grid element (columns for Up/Down, scrolling focus into view). */
  listRef: RefObject<HTMLDivElement | null>
}

function columnsOf(element: HTMLElement | null): number {
  if (!element) return 1
  return Math.max(1, getComputedStyle(element).gridTemplateColumns.split(' ').filter(Boolean).length)
}

/**
 * `open(index)` shows the photo at that index (the viewer). Selected photos that leave the list (a
 * new search, hidden, trashed) leave the selection.
 */
export function useListSelection(assets: readonly AssetSummary[], open: (index: number) => void): ListSelection {
  const listRef = useRef<HTMLDivElement>(null)
  const selection = useAssetSelection({
    total: assets.length,
    idAt: (position) => assets[position]?.id,
    idsIn: (ranges: readonly PositionRange[]) =>
      Promise.resolve(ranges.flatMap(([first, last]) => assets.slice(first, last + 1).map((a) => a.id))),
    rows: () => flatRows(assets.length, columnsOf(listRef.current)),
    open,
    reveal: (position) => listRef.current?.querySelector(`[data-index="${position}"]`)?.scrollIntoView({ block: 'nearest' }),
  })

  const { forget, ids } = selection
  useEffect(() => {
    const present = new Set(assets.map((a) => a.id))
    const gone = ids().filter((id) => !present.has(id))
    if (gone.length > 0) forget(gone)
  }, [assets, forget, ids])

  return useMemo(() => ({ ...selection, listRef }), [selection])
}
