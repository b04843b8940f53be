// Walking a stack in the viewer. The timeline shows a closed stack as one tile, so the viewer opened
// on it shows a strip of the stack's photos ("2 of 5 in this stack"): a click or ↑/↓ shows another
// one in place; ←/→ still walk the timeline, past the whole stack.
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState, type ReactNode } from 'react'
import type { AssetSummary } from '../../../shared/domain'
import { queryKeys, useApi } from '../api'
import { isEditableTarget } from '../lib/viewer-keys'

const NO_MEMBERS: AssetSummary[] = []

/**
 * The photo to show for the timeline's `tile` (a member of its stack once the user walked to one)
 * and the strip to show with it (null when the tile stands for no closed stack).
 */
export function useStackWalk(tile: AssetSummary | undefined): { summary: AssetSummary | undefined; strip: ReactNode } {
  const api = useApi()
  const closedStack = tile?.stack && tile.stack.role === 'cover' && !tile.stack.expanded ? tile : undefined
  const stack = useQuery({
    // Under the library's key: a trash or an import refreshes it.
    queryKey: [...queryKeys.library(), 'stack-of', closedStack?.id ?? 0],
    queryFn: () => api.invoke('stacks.of', { assetId: closedStack!.id }),
    enabled: closedStack !== undefined,
  })
  // The stack's photos the timeline view holds (a hidden one is not walked to where hidden ones are left out).
  const members = closedStack && stack.data ? stack.data.assets.filter((a) => !a.hidden || tile?.hidden) : NO_MEMBERS
  // Which photo of the stack is shown, for this tile only: another tile starts at its own photo.
  const [walk, setWalk] = useState<{ tileId: number; at: number } | null>(null)
  const start = Math.max(0, members.findIndex((m) => m.id === closedStack?.id))
  const at = walk && walk.tileId === closedStack?.id && walk.at < members.length ? walk.at : start

  useEffect(() => {
    if (!closedStack || members.length < 2) return
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isEditableTarget(event.target)) return
      const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0
      if (step === 0 || !closedStack) return
      const next = at + step
      if (next < 0 || next >= members.length) return
      event.preventDefault()
      setWalk({ tileId: closedStack.id, at: next })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [closedStack, members.length, at])

  if (!tile?.stack) return { summary: tile, strip: null }
  if (!closedStack) {
    // An opened stack: its photos are timeline positions of their own; say where this one stands.
    return {
      summary: tile,
      strip: (
        <div className="viewer-stack" data-testid="viewer-stack">
          <span className="viewer-stack-position" data-testid="viewer-stack-position">
            {tile.stack.place} of {tile.stack.count} in this stack
          </span>
        </div>
      ),
    }
  }
  if (members.length < 2) return { summary: tile, strip: null }
  const shown = members[at] ?? tile
  const strip = (
    <div className="viewer-stack" data-testid="viewer-stack" role="group" aria-label="Photos in this stack">
      <span className="viewer-stack-position" data-testid="viewer-stack-position">
        {at + 1} of {members.length} in this stack
      </span>
      <div className="viewer-stack-items">
        {members.map((member, i) => (
          <button
            key={member.id}
            type="button"
            className={i === at ? 'viewer-stack-item current' : 'viewer-stack-item'}
            data-testid="viewer-stack-item"
            data-asset-id={member.id}
            aria-current={i === at}
            aria-label={`Photo ${i + 1} of the stack${i === at ? ' (shown)' : ''}`}
            title={`${i + 1} of ${members.length} (↑/↓)`}
            onClick={() => setWalk({ tileId: closedStack.id, at: i })}
          >
            {member.hasThumb ? <img src={api.mediaUrl('grid', member)} alt="" draggable={false} /> : null}
          </button>
        ))}
      </div>
    </div>
  )
  return { summary: shown, strip }
}
