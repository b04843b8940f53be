// The count on a timeline tile that stands for a stack (a burst, one shot in two formats): a button
// that opens the stack in place (its photos follow the tile) and closes it again. Photos of an opened
// stack carry a small mark, "2/5", so the run reads as one stack.
import type { MouseEvent, PointerEvent } from 'react'
import type { StackTile } from '../../../shared/domain'
import { useExpandedStacks } from '../api'

/** Keeps the grid's own press handling (focus, drag-select, open) off the badge. */
function stop(event: MouseEvent | PointerEvent) {
  event.stopPropagation()
}

export function StackToggle({ stack }: { stack: StackTile }) {
  const { toggle } = useExpandedStacks()
  if (stack.role === 'member') {
    return (
      <span className="tile-stack-member" data-testid="stack-member-mark" aria-label={`Photo ${stack.place} of a stack of ${stack.count}`}>
        {stack.place}/{stack.count}
      </span>
    )
  }
  const label = stack.expanded ? `Close this stack of ${stack.count} photos (S)` : `Open this stack of ${stack.count} photos (S)`
  return (
    <button
      type="button"
      className={stack.expanded ? 'tile-stack-badge open' : 'tile-stack-badge'}
      data-testid="badge-stack"
      data-count={stack.count}
      data-expanded={stack.expanded}
      aria-expanded={stack.expanded}
      aria-label={label}
      title={label}
      tabIndex={-1}
      onPointerDown={stop}
      onMouseDown={(event) => {
        stop(event)
        // Focus stays on the grid, which handles the keys (as a press on a tile leaves it).
        event.preventDefault()
      }}
      onClick={(event) => {
        stop(event)
        toggle(stack.coverId)
      }}
    >
      <svg viewBox="0 0 16 16" aria-hidden="true">
        <rect x="4.5" y="1.5" width="10" height="10" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
        <rect x="1.5" y="4.5" width="10" height="10" rx="1.5" fill="currentColor" />
      </svg>
      {stack.count}
    </button>
  )
}
