import { describe, expect, it } from 'vitest'
import { reciprocalRankFusion } from './fusion'

const list = (signal: string, ids: number[], weight = 1) => ({ signal, weight, items: ids.map((assetId, i) => ({ assetId, score: 100 - i })) })

describe('reciprocal rank fusion', () => {
  it('puts what several signals agree on first', () => {
    const fused = reciprocalRankFusion([list('text', [1, 2, 3]), list('tag', [3, 4, 1])])
    expect(fused.map((h) => h.assetId)).toEqual([1, 3, 2, 4])
    expect(fused[0]!.signals).toEqual(['text', 'tag'])
  })

  it('follows the weights', () => {
    const equal = reciprocalRankFusion([list('text', [1]), list('clip', [2])])
    expect(equal.map((h) => h.assetId)).toEqual([1, 2]) // tie broken by id
    const clipHeavy = reciprocalRankFusion([list('text', [1]), list('clip', [2], 2)])
    expect(clipHeavy.map((h) => h.assetId)).toEqual([2, 1])
    const textOff = reciprocalRankFusion([list('text', [1], 0), list('clip', [2])])
    expect(textOff.map((h) => h.assetId)).toEqual([2])
  })

  it('ignores raw score scales', () => {
    const a = reciprocalRankFusion([{ signal: 'text', weight: 1, items: [{ assetId: 1, score: 1000 }] }, { signal: 'tag', weight: 1, items: [{ assetId: 2, score: 0.01 }] }])
    expect(a[0]!.score).toBeCloseTo(a[1]!.score)
  })
})
