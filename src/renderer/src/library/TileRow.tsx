// One row of square tiles in a virtualized grid (the library's timeline, an album): the tiles of
// positions start..start+count, from the pages fetched so far (a placeholder where a page is still
// on its way). Memoized: while scrolling, rows already on screen keep their props (their offset
// never changes), so a scroll frame only renders the rows that just came into range.
import { memo, type ReactNode } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import type { AssetSelection } from '../selection'
import { AssetTile, TilePlaceholder } from './AssetTile'
import { GAP_PX, useRowSettled } from './grid-measures'

export interface TileRowProps {
  top: number
  start: number
  count: number
  columns: number
  tileSize: number
  pages: ReadonlyMap<number, AssetSummary[]>
  /** The photo at a grid position in `pages` (a module-level function, so rows stay memoized). */
  photoAt(pages: ReadonlyMap<number, AssetSummary[]>, index: number): AssetSummary | undefined
  selection: AssetSelection | undefined
  /** The tiles' test id ('asset-tile' unless given). */
  tileTestId?: string
  /** See AssetTile: false where the listing itself says which tiles stand for stacks (the timeline). */
  stackCounts?: boolean
  /** Extra content on a tile (an album's cover badge). */
  overlay?: ((asset: AssetSummary, index: number) => ReactNode) | undefined
  onOpen(index: number): void
}

export const TileRow = memo(function TileRow({ top, start, count, columns, tileSize, pages, photoAt, selection, tileTestId, stackCounts, overlay, onOpen }: TileRowProps) {
  const settled = useRowSettled()
  const tiles = []
  for (let k = 0; k < count; k++) {
    const index = start + k
    const asset = photoAt(pages, index)
    tiles.push(
      asset ? (
        <AssetTile
          key={asset.id}
          asset={asset}
          index={index}
          size={tileSize}
          deferImage={!settled}
          testId={tileTestId}
          stackCounts={stackCounts}
          selected={selection?.isSelected(asset.id, index)}
          selecting={selection?.selecting}
          focused={selection?.isFocused(index)}
          onSelect={selection?.clickTile}
          onOpen={onOpen}
        >
          {overlay?.(asset, index)}
        </AssetTile>
      ) : (
        <TilePlaceholder key={`p${index}`} size={tileSize} index={index} />
      ),
    )
  }
  return (
    <div
      className="grid-row"
      style={{ transform: `translateY(${top}px)`, height: tileSize, gridTemplateColumns: `repeat(${columns}, ${tileSize}px)`, columnGap: GAP_PX }}
    >
      {tiles}
    </div>
  )
})
