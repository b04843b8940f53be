// A plain (not virtualized) grid of photos for lists of at most a few thousand: search results,
// similar photos, a person's photos. The library itself uses the virtualized LibraryGrid.
import type { ReactNode } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { AssetTile } from './AssetTile'

interface PhotoListProps<T> {
  items: readonly T[]
  assetOf(item: T): AssetSummary
  testId: string
  tileTestId: string
  /** Overlay for one tile (hover details). */
  overlay?(item: T): ReactNode
  onOpen(index: number): void
}

export function PhotoList<T>({ items, assetOf, testId, tileTestId, overlay, onOpen }: PhotoListProps<T>) {
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
