// Order of the tag chips in the viewer: what the classifier saw first, broader words after.
import type { AssetTag } from '../../../shared/domain'

export function orderTags(tags: readonly AssetTag[]): AssetTag[] {
  const labels = tags.filter((t) => t.kind === 'label').sort((a, b) => b.score - a.score)
  const seen = new Set(labels.map((t) => t.label.toLowerCase()))
  const hypernyms: AssetTag[] = []
  for (const tag of [...tags].filter((t) => t.kind === 'hypernym').sort((a, b) => b.score - a.score)) {
    const key = tag.label.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    hypernyms.push(tag)
  }
  return [...labels, ...hypernyms]
}
