import type { AssetTag } from '../../../shared/domain'
import { orderTags } from '../lib/tags'

/** What the classifier saw (strong chips) and broader words for it (lighter chips); a click searches for the tag. */
export function TagChips({ tags, onSearch }: { tags: readonly AssetTag[]; onSearch(text: string): void }) {
  return (
    <div className="tag-chips">
      {orderTags(tags).map((tag) => (
        <button
          key={`${tag.kind}:${tag.label}`}
          type="button"
          className={`chip chip-${tag.kind}`}
          data-testid="tag-chip"
          data-kind={tag.kind}
          title={`${tag.kind === 'label' ? 'Seen' : 'Broader word'} · ${Math.round(tag.score * 100)}% · click to search`}
          onClick={() => onSearch(tag.label)}
        >
          {tag.label}
        </button>
      ))}
    </div>
  )
}
