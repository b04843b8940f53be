// The viewer over an album's grid: it walks album positions, so ←/→ follow the album's order across
// pages the grid never loaded (the neighbours' pages are fetched with the photo's).
import { useMemo } from 'react'
import { ViewerFrame } from '../viewer'
import { albumPagesFor, albumPhotoAt, useAlbumPages } from './hooks'

interface AlbumViewerProps {
  albumId: number
  includeHidden: boolean
  index: number
  total: number
  onNavigate(index: number): void
  onClose(): void
}

export function AlbumViewer({ albumId, includeHidden, index, total, onNavigate, onClose }: AlbumViewerProps) {
  const first = Math.max(0, index - 1)
  const end = Math.min(total, index + 2)
  const pagesKey = albumPagesFor(first, end).join(',')
  const pageIndexes = useMemo(() => (pagesKey ? pagesKey.split(',').map(Number) : []), [pagesKey])
  const pages = useAlbumPages(albumId, includeHidden, pageIndexes)
  return (
    <ViewerFrame
      summary={albumPhotoAt(pages, index)}
      position={index}
      total={total}
      previous={index > 0 ? albumPhotoAt(pages, index - 1) : undefined}
      next={index < total - 1 ? albumPhotoAt(pages, index + 1) : undefined}
      onNavigate={onNavigate}
      onClose={onClose}
    />
  )
}
