import { memo, type ReactNode, type SyntheticEvent } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { useApi } from '../api'
import { formatTakenAt } from '../lib/format'

interface AssetTileProps {
  asset: AssetSummary
  /** Position in the timeline or list (what the viewer navigates by). */
  index: number
  /** Square size in px; omitted when the surrounding CSS grid sizes the tile. */
  size?: number
  /** Hold the thumbnail request back (row just scrolled in), unless the browser already has it. */
  deferImage?: boolean
  /** 'asset-tile' in the library grid; result lists use their own ids. */
  testId?: string
  /** Overlay content (e.g. why a search hit matched). */
  children?: ReactNode
  onOpen(index: number): void
}

// Thumbnail URLs this page has already loaded: those render at once even while deferring, so
// scrolling back never flashes placeholders. Bounded so a long session cannot grow it forever.
const loadedThumbs = new Set<string>()
const LOADED_THUMBS_MAX = 20_000
function rememberLoaded(url: string) {
  if (loadedThumbs.size >= LOADED_THUMBS_MAX) loadedThumbs.clear()
  loadedThumbs.add(url)
}

// The image fades in once decoded; a failed thumbnail leaves the neutral placeholder visible.
function markLoaded(event: SyntheticEvent<HTMLImageElement>) {
  event.currentTarget.dataset.state = 'loaded'
  rememberLoaded(event.currentTarget.getAttribute('src') ?? '')
}
function markFailed(event: SyntheticEvent<HTMLImageElement>) {
  event.currentTarget.dataset.state = 'failed'
}

export const AssetTile = memo(function AssetTile({ asset, index, size, deferImage = false, testId = 'asset-tile', children, onOpen }: AssetTileProps) {
  const api = useApi()
  const src = asset.hasThumb ? api.mediaUrl('grid', asset) : null
  const known = src !== null && loadedThumbs.has(src)
  return (
    <button
      type="button"
      className="tile"
      style={size === undefined ? undefined : { width: size, height: size }}
      data-testid={testId}
      data-asset-id={asset.id}
      data-index={index}
      data-has-thumb={asset.hasThumb}
      title={formatTakenAt(asset.takenAt) ?? 'Undated'}
      onClick={() => onOpen(index)}
    >
      {src !== null && (!deferImage || known) ? (
        <img
          data-testid="asset-thumb"
          data-state={known ? 'loaded' : undefined}
          src={src}
          loading="lazy"
          decoding="async"
          draggable={false}
          alt=""
          onLoad={markLoaded}
          onError={markFailed}
        />
      ) : null}
      {children}
    </button>
  )
})

export function TilePlaceholder({ size }: { size: number }) {
  return <div className="tile tile-loading" style={{ width: size, height: size }} data-testid="tile-placeholder" />
}
