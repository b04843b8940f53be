// The viewer over the library grid. It navigates by timeline position, so ←/→ walk the same order
// as the grid and work across page boundaries (neighbour pages are fetched ahead).
import { useIsFetching } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import { ASSET_PAGE_SIZE, assetAt, queryKeys, useAsset, useAssetPages, useFindInTimeline } from '../api'
import { ViewerFrame } from './ViewerFrame'

interface ViewerProps {
  index: number
  total: number
  onNavigate(index: number): void
  onClose(): void
}

/** The photo the viewer shows and the position it was seen at. */
interface Pin {
  index: number
  id: number
}

export function Viewer({ index, total, onNavigate, onClose }: ViewerProps) {
  const pageIndexes = useMemo(() => {
    const pages = new Set<number>()
    for (const i of [index - 1, index, index + 1]) if (i >= 0 && i < total) pages.add(Math.floor(i / ASSET_PAGE_SIZE))
    return [...pages]
  }, [index, total])
  const pages = useAssetPages(pageIndexes)
  const atIndex = assetAt(pages, index)

  // A position names a photo only until the listing changes: a date edit moves the photo (and an
  // import puts photos before it). The viewer stays on the photo it was opened on or walked to, and
  // once the listing has settled it follows that photo to its new position.
  const [pin, setPin] = useState<Pin | null>(null)
  const moved = pin !== null && pin.index === index && atIndex !== undefined && atIndex.id !== pin.id
  const pinned = useAsset(moved ? pin.id : null)
  const settling = useIsFetching({ queryKey: queryKeys.library() }) > 0
  const findInTimeline = useFindInTimeline()

  // Walked to (or opened at) a position: the photo there is the one shown from now on. And when the
  // shown photo left the catalog, what now sits here is. (State adjusted while rendering, as React
  // recommends for what follows from props.)
  if (atIndex && (pin === null || pin.index !== index || (moved && pinned.data === null))) setPin({ index, id: atIndex.id })

  useEffect(() => {
    if (!moved || settling || !pinned.data) return
    let cancelled = false
    const { id } = pin
    void findInTimeline(id, pinned.data.month).then((found) => {
      if (cancelled) return
      if (found === null) {
        // The photo left this view (hidden, trashed): the viewer shows what now sits here.
        setPin({ index, id: atIndex.id })
      } else if (found !== index) {
        setPin({ index: found, id })
        onNavigate(found)
      }
    })
    return () => {
      cancelled = true
    }
  }, [moved, settling, pinned.data, atIndex, pin, index, findInTimeline, onNavigate])

  return (
    <ViewerFrame
      // While it is being found again, the photo itself (its details carry what a tile does).
      summary={moved ? (pinned.data ?? undefined) : atIndex}
      position={index}
      total={total}
      previous={moved ? undefined : assetAt(pages, index - 1)}
      next={moved ? undefined : assetAt(pages, index + 1)}
      onNavigate={onNavigate}
      onClose={onClose}
    />
  )
}
