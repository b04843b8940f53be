import { describe, expect, it } from 'vitest'
import { DEFAULT_SEARCH_WEIGHTS, normalizeWeight, parseWeightInput, sameWeights } from './search-weights'

describe('normalizeWeight', () => {
  it('clamps to 0..5 and rounds to one decimal', () => {
    expect(normalizeWeight(-1)).toBe(0)
    expect(normalizeWeight(7)).toBe(5)
    expect(normalizeWeight(1.2000000000000002)).toBe(1.2)
    expect(normalizeWeight(0.3 * 3)).toBe(0.9)
    expect(normalizeWeight(1.5)).toBe(1.5)
  })
})

describe('parseWeightInput', () => {
  it('reads numbers and rejects non-numbers', () => {
    expect(parseWeightInput('2.5')).toBe(2.5)
    expect(parseWeightInput(' 0 ')).toBe(0)
    expect(parseWeightInput('9')).toBe(5)
    expect(parseWeightInput('')).toBeNull()
    expect(parseWeightInput('abc')).toBeNull()
  })
})

describe('sameWeights', () => {
  it('compares all three signals', () => {
    expect(sameWeights(DEFAULT_SEARCH_WEIGHTS, { text: 1, tag: 1, clip: 1.5 })).toBe(true)
    expect(sameWeights(DEFAULT_SEARCH_WEIGHTS, { text: 1, tag: 1, clip: 1.4 })).toBe(false)
  })
})
