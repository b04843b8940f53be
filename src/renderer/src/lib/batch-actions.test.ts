import { describe, expect, it } from 'vitest'
import type { BatchResult } from '../../../shared/domain'
import { outcomeLabel, runInChunks } from './batch-actions'

describe('runInChunks', () => {
  it('one call for a selection within the limit, its step kept', async () => {
    const calls: number[][] = []
    const outcome = await runInChunks([5, 6, 7], (chunk) => {
      calls.push(chunk)
      return Promise.resolve({ changed: 2, undo: { stepId: 9, label: 'Added 2 photos to favourites' } })
    })
    expect(calls).toEqual([[5, 6, 7]])
    expect(outcome).toEqual({ changed: 2, steps: [{ stepId: 9, label: 'Added 2 photos to favourites' }] })
    expect(outcomeLabel(outcome)).toBe('Added 2 photos to favourites')
  })

  it('above the limit: calls in order, changes summed, steps oldest first, no step for a call that changed nothing', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => i + 1)
    const sizes: number[] = []
    let step = 0
    const outcome = await runInChunks(
      ids,
      (chunk): Promise<BatchResult> => {
        sizes.push(chunk.length)
        // The second chunk was already like that: no step.
        const changed = sizes.length === 2 ? 0 : chunk.length
        return Promise.resolve({ changed, undo: changed ? { stepId: ++step, label: `step ${step}` } : null })
      },
      10,
    )
    expect(sizes).toEqual([10, 10, 5])
    expect(outcome.changed).toBe(15)
    expect(outcome.steps.map((s) => s.stepId)).toEqual([1, 2])
    expect(outcomeLabel(outcome)).toBe('15 photos changed in 2 steps')
    expect(outcomeLabel({ changed: 0, steps: [] })).toBe('Nothing changed')
  })

  it('a failing call stops the rest (the steps before it stay, undoable one by one)', async () => {
    let calls = 0
    await expect(
      runInChunks([1, 2, 3], () => {
        calls++
        return calls === 2 ? Promise.reject(new Error('disk full')) : Promise.resolve({ changed: 1, undo: { stepId: calls, label: 'x' } })
      }, 1),
    ).rejects.toThrow('disk full')
    expect(calls).toBe(2)
  })
})
