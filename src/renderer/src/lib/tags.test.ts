import { describe, expect, it } from 'vitest'
import { orderTags } from './tags'

describe('orderTags', () => {
  it('lists labels by score, then hypernyms not already shown', () => {
    const ordered = orderTags([
      { label: 'animal', score: 0.9, kind: 'hypernym' },
      { label: 'tabby', score: 0.4, kind: 'label' },
      { label: 'Egyptian cat', score: 0.6, kind: 'label' },
      { label: 'feline', score: 0.95, kind: 'hypernym' },
      { label: 'tabby', score: 0.4, kind: 'hypernym' },
    ])
    expect(ordered.map((t) => `${t.kind}:${t.label}`)).toEqual(['label:Egyptian cat', 'label:tabby', 'hypernym:feline', 'hypernym:animal'])
  })
})
