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

  it('puts what the faces stage found first, and a word only once', () => {
    const ordered = orderTags([
      { label: 'suit', score: 0.6, kind: 'label' },
      { label: 'person', score: 0.7, kind: 'hypernym' },
      { label: 'portrait', score: 0.98, kind: 'face' },
      { label: 'person', score: 0.99, kind: 'face' },
    ])
    expect(ordered.map((t) => `${t.kind}:${t.label}`)).toEqual(['face:person', 'face:portrait', 'label:suit'])
  })
})
