// Order of the tag chips in the viewer: what the faces stage found (person, portrait) and what the
// classifier saw first, broader words after; a word comes once, from its first kind.
import type { AssetTag } from '../../../shared/domain'

const byScore = (a: AssetTag, b: AssetTag) => b.score - a.score

export function orderTags(tags: readonly AssetTag[]): AssetTag[] {
  const seen = new Set<string>()
  const out: AssetTag[] = []
  for (const kind of ['face', 'label', 'hypernym'] as const) {
    for (const tag of tags.filter((t) => t.kind === kind).sort(byScore)) {
      const key = tag.label.toLowerCase()
      if (seen.has(key)) continue
      seen.add(key)
      out.push(tag)
    }
  }
  return out
}
