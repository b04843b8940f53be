// The viewer over the library grid. It navigates by timeline position, so ←/→ walk the same order
// as the grid and work across page boundaries (neighbour pages are fetched ahead).
import { useMemo } from 'react'
import { ASSET_PAGE_SIZE, assetAt, useAssetPages } from '../api'
import { ViewerFrame } from './ViewerFrame'

interface ViewerProps {
  index: number
  total: number
  onNavigate(index: number): void
  onClose(): void
}

export function Viewer({ index, total, onNavigate, onClose }: ViewerProps) {
  const pageIndexes = useMemo(() => {
    const pages = new Set<number>()
    for (const i of [index - 1, index, index + 1]) if (i >= 0 && i < total) pages.add(Math.floor(i / ASSET_PAGE_SIZE))
    return [...pages]
  }, [index, total])
  const pages = useAssetPages(pageIndexes)
  return (
    <ViewerFrame
      summary={assetAt(pages, index)}
      position={index}
      total={total}
      previous={assetAt(pages, index - 1)}
      next={assetAt(pages, index + 1)}
      onNavigate={onNavigate}
      onClose={onClose}
    />
  )
}
