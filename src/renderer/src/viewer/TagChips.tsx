import { useState } from 'react'
import type { AssetTag } from '../../../shared/domain'
import { orderTags } from '../lib/tags'

/** Broader words shown before "+N more": labels say what is there, a wall of hypernyms only adds noise. */
const HYPERNYMS_SHOWN = 6

const TITLES: Record<AssetTag['kind'], string> = { face: 'Found by face detection', label: 'Seen', hypernym: 'Broader word' }

/** What the faces stage found and what the classifier saw (strong chips) and broader words for it (lighter chips); a click searches for the tag. */
export function TagChips({ tags, onSearch }: { tags: readonly AssetTag[]; onSearch(text: string): void }) {
  const [expanded, setExpanded] = useState(false)
  const ordered = orderTags(tags)
  const labelCount = ordered.filter((t) => t.kind !== 'hypernym').length
  const limit = labelCount + HYPERNYMS_SHOWN
  const shown = expanded ? ordered : ordered.slice(0, limit)
  const hiddenCount = ordered.length - shown.length
  return (
    <div className="tag-chips">
      {shown.map((tag) => (
        <button
          key={`${tag.kind}:${tag.label}`}
          type="button"
          className={`chip chip-${tag.kind}`}
          data-testid="tag-chip"
          data-kind={tag.kind}
          title={`${TITLES[tag.kind]} · ${Math.round(tag.score * 100)}% · click to search`}
          onClick={() => onSearch(tag.label)}
        >
          {tag.label}
        </button>
      ))}
      {hiddenCount > 0 ? (
        <button type="button" className="chip chip-more" data-testid="tag-more" onClick={() => setExpanded(true)}>
          +{hiddenCount} more
        </button>
      ) : null}
    </div>
  )
}
