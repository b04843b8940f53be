// The viewer over a list already in hand (search results, similar photos, a person's photos):
// ←/→ move within that list.
import type { AssetSummary } from '../../../shared/domain'
import { ViewerFrame } from './ViewerFrame'

interface ListViewerProps {
  assets: readonly AssetSummary[]
  index: number
  onNavigate(index: number): void
  onClose(): void
}

export function ListViewer({ assets, index, onNavigate, onClose }: ListViewerProps) {
  return (
    <ViewerFrame
      summary={assets[index]}
      position={index}
      total={assets.length}
      previous={assets[index - 1]}
      next={assets[index + 1]}
      onNavigate={onNavigate}
      onClose={onClose}
    />
  )
}
