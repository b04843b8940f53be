import { describe, expect, it } from 'vitest'
import { ctcGreedyDecode } from './ctc'

// One-hot-ish rows over classes [blank, 'a', 'b'].
function rows(best: number[], p = 0.9): Float32Array {
  const out = new Float32Array(best.length * 3).fill((1 - p) / 2)
  best.forEach((c, t) => (out[t * 3 + c] = p))
  return out
}

describe('ctcGreedyDecode', () => {
  it('merges repeats, keeps letters a blank separates, and averages kept probabilities', () => {
    const probs = rows([1, 1, 0, 1, 2, 2, 0])
    probs[3 * 3 + 1] = 0.5 // the second "a" is less certain
    probs[3 * 3] = 0.25
    probs[3 * 3 + 2] = 0.25
    const decoded = ctcGreedyDecode(probs, 0, 7, 3, ['a', 'b'])
    expect(decoded.text).toBe('aab')
    expect(decoded.confidence).toBeCloseTo((0.9 + 0.5 + 0.9) / 3)
  })

  it('gives empty text and zero confidence for all blanks', () => {
    expect(ctcGreedyDecode(rows([0, 0, 0]), 0, 3, 3, ['a', 'b'])).toEqual({ text: '', confidence: 0 })
  })

  it('rejects a dictionary that does not match the class count', () => {
    expect(() => ctcGreedyDecode(rows([1]), 0, 1, 3, ['a'])).toThrow(/classes/)
  })
})
