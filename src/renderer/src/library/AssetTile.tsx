import { memo, type MouseEvent, type ReactNode, type SyntheticEvent } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { useApi } from '../api'
import { StackBadge } from '../duplicates'
import { formatTakenAt } from '../lib/format'
import { formatDuration } from '../../../shared/video'
import { StackToggle } from './StackToggle'
import { TileMotion, useTileMotion } from './TileMotion'

/** How a tile takes part in its grid's selection (see selection/use-asset-selection). */
export interface TileSelectionProps {
  selected: boolean
  /** Something in the grid is selected: the checkboxes show and a plain click toggles. */
  selecting: boolean
  /** Keyboard focus of the grid (arrows move it). */
  focused: boolean
  /** A click on the tile or (viaCheckbox) on its checkbox; the selection decides: open, toggle or range. */
  onSelect(position: number, id: number, event: MouseEvent, viaCheckbox: boolean): void
}

// Flat props (not one object) so the memoized tile re-renders only when its own state changes.
interface AssetTileProps extends Partial<TileSelectionProps> {
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
  /**
   * Ask for a stack count per tile (lists that show every photo). The timeline says itself which
   * tiles stand for stacks (asset.stack), so it passes false.
   */
  stackCounts?: boolean
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
// A press on a tile leaves focus on its grid (which handles the keys) instead of the tile's button.
function keepGridFocus(event: MouseEvent) {
  event.preventDefault()
  event.currentTarget.closest<HTMLElement>('[data-selection-grid]')?.focus({ preventScroll: true })
}
function markFailed(event: SyntheticEvent<HTMLImageElement>) {
  event.currentTarget.dataset.state = 'failed'
}

export const AssetTile = memo(function AssetTile({ asset, index, size, deferImage = false, testId = 'asset-tile', children, stackCounts = true, selected = false, selecting = false, focused = false, onSelect, onOpen }: AssetTileProps) {
  const api = useApi()
  const src = asset.hasThumb ? api.mediaUrl('grid', asset) : null
  const known = src !== null && loadedThumbs.has(src)
  const motion = useTileMotion(asset.motion !== undefined)
  let className = 'tile'
  if (selected) className += ' selected'
  if (selecting) className += ' selecting'
  if (focused) className += ' focused'
  if (asset.stack?.role === 'member') className += ' stack-member'
  else if (asset.stack?.expanded) className += ' stack-open'
  return (
    <div
      className={className}
      style={size === undefined ? undefined : { width: size, height: size }}
      data-testid={testId}
      data-asset-id={asset.id}
      data-index={index}
      data-has-thumb={asset.hasThumb}
      data-selected={onSelect ? selected : undefined}
      data-favorite={asset.favorite}
      data-rating={asset.rating}
      data-stack-role={asset.stack?.role}
      title={formatTakenAt(asset.takenAt) ?? 'Undated'}
      {...motion.handlers}
    >
      <button
        type="button"
        className="tile-open"
        // In a selectable grid the grid holds keyboard focus (arrows, Space): its tiles are not tab stops.
        tabIndex={onSelect ? -1 : undefined}
        onMouseDown={onSelect ? keepGridFocus : undefined}
        aria-label={formatTakenAt(asset.takenAt) ?? 'Undated photo'}
        onClick={(event) => (onSelect ? onSelect(index, asset.id, event, false) : onOpen(index))}
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
      </button>
      {asset.motion ? <TileMotion asset={asset} kind={asset.motion} playing={motion.playing} onEnded={motion.onEnded} /> : null}
      {children}
      <TileBadges asset={asset} />
      {asset.video ? <TileDuration video={asset.video} /> : null}
      {asset.stack ? <StackToggle stack={asset.stack} /> : stackCounts ? <StackBadge assetId={asset.id} /> : null}
      {onSelect ? (
        <button
          type="button"
          className="tile-select"
          data-testid="tile-select"
          role="checkbox"
          aria-checked={selected}
          aria-label={selected ? 'Deselect' : 'Select'}
          tabIndex={-1}
          onMouseDown={keepGridFocus}
          // Keeps the grid's drag-select from starting on the checkbox.
          onPointerDown={(event) => event.stopPropagation()}
          onClick={(event) => onSelect(index, asset.id, event, true)}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6 12.5 L10 16.5 L18 8" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
      ) : null}
    </div>
  )
})

/** The user's marks on a tile: heart, stars, hidden (seen only where hidden photos are shown). */
function TileBadges({ asset }: { asset: AssetSummary }) {
  if (!asset.favorite && asset.rating === 0 && !asset.hidden) return null
  return (
    <span className="tile-badges">
      {asset.favorite ? (
        <span className="tile-badge badge-heart" data-testid="badge-favorite" aria-label="Favourite">
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M12 20.5 C5 15.5 2.5 12.3 2.5 8.8 A4.8 4.8 0 0 1 12 6.6 A4.8 4.8 0 0 1 21.5 8.8 C21.5 12.3 19 15.5 12 20.5 Z" fill="currentColor" />
          </svg>
        </span>
      ) : null}
      {asset.rating > 0 ? (
        <span className="tile-badge badge-stars" data-testid="badge-rating" data-rating={asset.rating} aria-label={`${asset.rating} of 5 stars`}>
          {'★'.repeat(asset.rating)}
        </span>
      ) : null}
      {asset.hidden ? (
        <span className="tile-badge badge-hidden" data-testid="badge-hidden" aria-label="Hidden">
          Hidden
        </span>
      ) : null}
    </span>
  )
}

/** A tile whose page is still on its way (index: its grid position, for lookups by position). */
export function TilePlaceholder({ size, index }: { size: number; index?: number }) {
  return <div className="tile tile-loading" style={{ width: size, height: size }} data-testid="tile-placeholder" data-index={index} />
}

/**
 * A video's length, top right. Where the video opens at a moment (a search hit inside it, a
 * person seen in it) the tile says which: "▶ 0:03 / 0:05".
 */
function TileDuration({ video }: { video: NonNullable<AssetSummary['video']> }) {
  const length = formatDuration(video.durationMs)
  // A position reads as players show it: 1.5 s is 0:01.
  const at = video.atMs !== undefined && video.atMs > 0 ? formatDuration(Math.floor(video.atMs / 1000) * 1000) : null
  return (
    <span
      className="tile-duration"
      data-testid="tile-duration"
      aria-label={at ? `Video, opens at ${at} of ${length}` : `Video, ${length}`}
      title={at ? `Opens at ${at}` : undefined}
    >
      ▶ {at ? `${at} / ${length}` : length}
    </span>
  )
}
