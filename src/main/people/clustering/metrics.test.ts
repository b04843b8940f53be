import { describe, expect, it } from 'vitest'
import { scoreClustering } from './metrics'

describe('scoreClustering', () => {
  it('matches hand-computed pairwise and BCubed scores', () => {
    // Truth: A = {1,2,3}, B = {4,5}. Prediction: {1,2} {3,4} and 5 unassigned.
    const truth = new Map([['1', 'A'], ['2', 'A'], ['3', 'A'], ['4', 'B'], ['5', 'B']])
    const predicted = new Map<string, string | null>([['1', 'x'], ['2', 'x'], ['3', 'y'], ['4', 'y'], ['5', null]])
    const s = scoreClustering(truth, predicted)
    // Predicted pairs: (1,2) correct, (3,4) wrong -> precision 1/2. True pairs: 3 + 1 = 4 -> recall 1/4.
    expect(s.pairwisePrecision).toBeCloseTo(0.5)
    expect(s.pairwiseRecall).toBeCloseTo(0.25)
    // BCubed precision: 1, 1, 1/2, 1/2, 1 -> 0.8. Recall: 2/3, 2/3, 1/3, 1/2, 1/2 -> 0.5333.
    expect(s.bcubedPrecision).toBeCloseTo(0.8)
    expect(s.bcubedRecall).toBeCloseTo(8 / 15)
    expect(s.bcubedF1).toBeCloseTo((2 * 0.8 * (8 / 15)) / (0.8 + 8 / 15))
  })

  it('treats all-unassigned as perfect precision, zero pair recall', () => {
    const truth = new Map([['1', 'A'], ['2', 'A']])
    const s = scoreClustering(truth, new Map([['1', null], ['2', null]]))
    expect(s.pairwisePrecision).toBe(1)
    expect(s.pairwiseRecall).toBe(0)
  })

  it('fails clearly when a face has no prediction', () => {
    expect(() => scoreClustering(new Map([['1', 'A']]), new Map())).toThrow(/No prediction/)
  })
})
