import { memo, type SyntheticEvent } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { useApi } from '../api'
import { formatTakenAt } from '../lib/format'

interface AssetTileProps {
  asset: AssetSummary
  /** Position in the timeline (what the viewer navigates by). */
  index: number
  size: number
  onOpen(index: number): void
}

// The image fades in once decoded; a failed thumbnail leaves the neutral placeholder visible.
function markLoaded(event: SyntheticEvent<HTMLImageElement>) {
  event.currentTarget.dataset.state = 'loaded'
}
function markFailed(event: SyntheticEvent<HTMLImageElement>) {
  event.currentTarget.dataset.state = 'failed'
}

export const AssetTile = memo(function AssetTile({ asset, index, size, onOpen }: AssetTileProps) {
  const api = useApi()
  return (
    <button
      type="button"
      className="tile"
      style={{ width: size, height: size }}
      data-testid="asset-tile"
      data-asset-id={asset.id}
      data-index={index}
      data-has-thumb={asset.hasThumb}
      title={formatTakenAt(asset.takenAt) ?? 'Undated'}
      onClick={() => onOpen(index)}
    >
      {asset.hasThumb ? (
        <img
          data-testid="asset-thumb"
          src={api.mediaUrl('grid', asset)}
          loading="lazy"
          decoding="async"
          draggable={false}
          alt=""
          onLoad={markLoaded}
          onError={markFailed}
        />
      ) : null}
    </button>
  )
})

export function TilePlaceholder({ size }: { size: number }) {
  return <div className="tile tile-loading" style={{ width: size, height: size }} data-testid="tile-placeholder" />
}
