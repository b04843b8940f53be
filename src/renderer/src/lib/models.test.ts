import { describe, expect, it } from 'vitest'
import { isClipModel } from './models'

describe('isClipModel', () => {
  it('counts the image and text encoders, not the tokenizer alone', () => {
    expect(isClipModel({ task: 'clip-image' })).toBe(true)
    expect(isClipModel({ task: 'clip-text' })).toBe(true)
    expect(isClipModel({ task: 'tokenizer' })).toBe(false)
    expect(isClipModel({ task: 'classify' })).toBe(false)
  })
})
