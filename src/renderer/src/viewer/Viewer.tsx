// Full-window viewer over the grid. It navigates by timeline position, so ←/→ walk the same order
// as the grid and work across page boundaries (neighbour pages are fetched ahead).
import { useEffect, useMemo } from 'react'
import type { AssetDetail, AssetSummary } from '../../../shared/domain'
import { ASSET_PAGE_SIZE, assetAt, useApi, useAsset, useAssetPages } from '../api'
import { formatCount } from '../lib/format'
import { MetadataPanel } from './MetadataPanel'

interface ViewerProps {
  index: number
  total: number
  onNavigate(index: number): void
  onClose(): void
}

// What a browser (and Electron's Chromium) can show directly when no preview exists yet.
const DISPLAYABLE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/bmp'])

function imageSource(
  mediaUrl: (kind: 'preview' | 'original', asset: AssetSummary) => string,
  summary: AssetSummary,
  detail: AssetDetail | null | undefined,
): string | null {
  if (summary.hasThumb) return mediaUrl('preview', summary)
  if (detail?.mime && DISPLAYABLE.has(detail.mime)) return mediaUrl('original', summary)
  return null
}

export function Viewer({ index, total, onNavigate, onClose }: ViewerProps) {
  const api = useApi()
  const pageIndexes = useMemo(() => {
    const pages = new Set<number>()
    for (const i of [index - 1, index, index + 1]) if (i >= 0 && i < total) pages.add(Math.floor(i / ASSET_PAGE_SIZE))
    return [...pages]
  }, [index, total])
  const pages = useAssetPages(pageIndexes)
  const summary = assetAt(pages, index)
  const asset = useAsset(summary?.id ?? null)
  const hasPrevious = index > 0
  const hasNext = index < total - 1

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
      if (event.key === 'Escape') onClose()
      else if (event.key === 'ArrowLeft' && hasPrevious) onNavigate(index - 1)
      else if (event.key === 'ArrowRight' && hasNext) onNavigate(index + 1)
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [index, hasPrevious, hasNext, onNavigate, onClose])

  // Warm the browser cache with the neighbours' previews so ←/→ feel instant.
  const previous = assetAt(pages, index - 1)
  const next = assetAt(pages, index + 1)
  useEffect(() => {
    for (const neighbour of [previous, next]) {
      if (neighbour?.hasThumb) new Image().src = api.mediaUrl('preview', neighbour)
    }
  }, [api, previous, next])

  const src = summary ? imageSource(api.mediaUrl, summary, asset.data) : null

  return (
    <div className="viewer" role="dialog" aria-modal="true" aria-label="Photo viewer" data-testid="viewer">
      <div className="viewer-stage" onClick={(event) => event.target === event.currentTarget && onClose()}>
        <div className="viewer-topbar">
          <span className="viewer-position" data-testid="viewer-position">
            {formatCount(index + 1)} / {formatCount(total)}
          </span>
          <button type="button" className="icon-button viewer-close" data-testid="viewer-close" aria-label="Close (Esc)" onClick={onClose}>
            ×
          </button>
        </div>
        {src && summary ? (
          <img
            key={summary.id}
            className="viewer-image"
            data-testid="viewer-image"
            data-asset-id={summary.id}
            src={src}
            alt=""
            draggable={false}
            onLoad={(event) => (event.currentTarget.dataset.state = 'loaded')}
          />
        ) : (
          <div className="viewer-placeholder" data-testid="viewer-no-preview">
            {!summary ? 'Loading…' : asset.data?.state === 'error' ? 'This file could not be read.' : 'Preview not ready yet…'}
          </div>
        )}
        <button
          type="button"
          className="viewer-nav viewer-prev"
          data-testid="viewer-prev"
          aria-label="Previous photo (←)"
          disabled={!hasPrevious}
          onClick={() => onNavigate(index - 1)}
        >
          ‹
        </button>
        <button
          type="button"
          className="viewer-nav viewer-next"
          data-testid="viewer-next"
          aria-label="Next photo (→)"
          disabled={!hasNext}
          onClick={() => onNavigate(index + 1)}
        >
          ›
        </button>
      </div>
      {summary ? <MetadataPanel summary={summary} detail={asset.data} loading={asset.isPending} /> : <aside className="metadata-panel" data-testid="metadata-panel" />}
    </div>
  )
}
