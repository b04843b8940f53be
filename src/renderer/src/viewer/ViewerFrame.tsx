// What every viewer shows around one photo: the photo with its overlays, prev/next, the details
// panel, and "Find similar". Timeline and list viewers differ only in how they find the neighbours.
import { useEffect, useState } from 'react'
import type { AssetDetail, AssetSummary } from '../../../shared/domain'
import { useApi, useAsset, useAssetFaces, useSetFavorite, useSetRating } from '../api'
import { useNavigation } from '../app/navigation'
import { formatCount } from '../lib/format'
import { curationKeyAction, isEditableTarget } from '../lib/viewer-keys'
import { MetadataPanel, type OverlayControls } from './MetadataPanel'
import { PhotoCanvas } from './PhotoCanvas'
import { VideoPlayer } from './VideoPlayer'
import { MotionPlayer, useMotion } from './MotionPlayer'
import { useStackWalk } from './StackStrip'

export interface ViewerFrameProps {
  /** Null while the page holding this position loads. */
  summary: AssetSummary | undefined
  position: number
  total: number
  previous: AssetSummary | undefined
  next: AssetSummary | undefined
  onNavigate(position: number): void
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

const NO_FACES: never[] = []

export function ViewerFrame({ summary: tile, position, total, previous, next, onNavigate, onClose }: ViewerFrameProps) {
  const api = useApi()
  // A tile standing for a closed stack: the photo shown may be another of its stack (↑/↓, the strip).
  const { summary, strip: stackStrip } = useStackWalk(tile)
  const navigation = useNavigation()
  const asset = useAsset(summary?.id ?? null)
  const motion = useMotion(summary)
  const faces = useAssetFaces(summary?.id ?? null)
  const [showFaces, setShowFaces] = useState(true)
  const [showOcr, setShowOcr] = useState(false)
  const [highlightFace, setHighlightFace] = useState<number | null>(null)
  const [highlightLine, setHighlightLine] = useState<number | null>(null)
  const hasPrevious = position > 0
  const hasNext = position < total - 1
  const { mutate: setFavorite } = useSetFavorite()
  const { mutate: setRating } = useSetRating()
  // The details are refreshed right after an edit; the summary may be a page fetched before it.
  const favorite = asset.data?.favorite ?? summary?.favorite ?? false
  const rating = asset.data?.rating ?? summary?.rating ?? 0
  const toggleFavorite = () => summary && setFavorite({ ids: [summary.id], value: !favorite })
  const rate = (stars: number) => summary && setRating({ ids: [summary.id], value: stars })

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
      if (event.key === 'Escape') onClose()
      else if (event.key === 'ArrowLeft' && hasPrevious) onNavigate(position - 1)
      else if (event.key === 'ArrowRight' && hasNext) onNavigate(position + 1)
      else {
        const action = curationKeyAction({
          key: event.key,
          altKey: event.altKey,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          inEditable: isEditableTarget(event.target),
        })
        if (!action || !summary) return
        if (action.kind === 'toggle-favorite') setFavorite({ ids: [summary.id], value: !favorite })
        else setRating({ ids: [summary.id], value: action.rating })
      }
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [position, hasPrevious, hasNext, onNavigate, onClose, summary, favorite, setFavorite, setRating])

  // Warm the browser cache with the neighbours' previews so ←/→ feel instant.
  useEffect(() => {
    for (const neighbour of [previous, next]) {
      if (neighbour?.hasThumb) new Image().src = api.mediaUrl('preview', neighbour)
    }
  }, [api, previous, next])

  const overlays: OverlayControls = {
    showFaces,
    showOcr,
    toggleFaces: () => setShowFaces((v) => !v),
    toggleOcr: () => setShowOcr((v) => !v),
    highlightLine,
    highlightFace: setHighlightFace,
    setHighlightLine,
  }
  const openPerson = (personId: number) => {
    onClose()
    navigation.navigate({ name: 'person', personId })
  }
  const openAlbum = (albumId: number) => {
    onClose()
    navigation.navigate({ name: 'album', albumId })
  }
  const showOnMap = (focus: { lat: number; lon: number }) => {
    onClose()
    navigation.navigate({ name: 'map', focus })
  }
  const searchFor = (text: string) => {
    onClose()
    navigation.search(text)
  }
  const findSimilar = () => {
    if (!summary) return
    onClose()
    navigation.navigate({ name: 'similar', assetId: summary.id })
  }

  const src = summary ? imageSource(api.mediaUrl, summary, asset.data) : null
  const faceList = faces.data ?? NO_FACES

  return (
    <div className="viewer" role="dialog" aria-modal="true" aria-label="Photo viewer" data-testid="viewer">
      <div className="viewer-stage" onClick={(event) => event.target === event.currentTarget && onClose()}>
        <div className="viewer-topbar">
          <span className="viewer-position" data-testid="viewer-position">
            {formatCount(position + 1)} / {formatCount(total)}
          </span>
          <div className="viewer-actions">
            <button type="button" className="button small" data-testid="find-similar" disabled={!summary} onClick={findSimilar}>
              Find similar
            </button>
            <button type="button" className="icon-button viewer-close" data-testid="viewer-close" aria-label="Close (Esc)" onClick={onClose}>
              ×
            </button>
          </div>
        </div>
        {summary?.video ? (
          <VideoPlayer summary={summary} mime={asset.data?.mime} onBackgroundClick={onClose} />
        ) : src && summary ? (
          <PhotoCanvas
            summary={summary}
            src={src}
            faces={faceList}
            ocr={asset.data?.ocr ?? []}
            showFaces={showFaces}
            showOcr={showOcr}
            highlightFace={highlightFace}
            highlightLine={highlightLine}
            onOpenPerson={openPerson}
            onBackgroundClick={onClose}
            overlay={motion.data ? <MotionPlayer summary={summary} motion={motion.data} /> : null}
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
          onClick={() => onNavigate(position - 1)}
        >
          ‹
        </button>
        <button
          type="button"
          className="viewer-nav viewer-next"
          data-testid="viewer-next"
          aria-label="Next photo (→)"
          disabled={!hasNext}
          onClick={() => onNavigate(position + 1)}
        >
          ›
        </button>
        {stackStrip}
      </div>
      {summary ? (
        <MetadataPanel
          summary={summary}
          detail={asset.data}
          loading={asset.isPending}
          faces={faceList}
          overlays={overlays}
          curation={{ favorite, rating, toggleFavorite, rate }}
          onOpenPerson={openPerson}
          onSearch={searchFor}
          onOpenAlbum={openAlbum}
          onShowOnMap={showOnMap}
        />
      ) : (
        <aside className="metadata-panel" data-testid="metadata-panel" />
      )}
    </div>
  )
}
