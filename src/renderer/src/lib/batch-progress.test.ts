import { describe, expect, it } from 'vitest'
import type { TaskState, TaskStats } from '../../../shared/domain'
import { batchProgress, nextBaseline } from './batch-progress'

function stats(totals: Partial<Record<TaskState, number>>): TaskStats {
  return {
    byType: [],
    totals: { pending: 0, running: 0, done: 0, failed: 0, dead: 0, cancelled: 0, ...totals },
    assets: { pending: 0, ready: 0, error: 0 },
  }
}

describe('batch progress', () => {
  it('counts from when the queue was last idle, not from the start of the library', () => {
    let baseline = nextBaseline(null, stats({ done: 500 }))
    expect(baseline).toBe(500)
    const busy = stats({ done: 512, dead: 1, pending: 280, running: 7 })
    baseline = nextBaseline(baseline, busy)
    expect(batchProgress(baseline, busy)).toMatchObject({ finished: 13, outstanding: 287, total: 300 })
  })
  it('starts from the first snapshot when the window opens mid-import', () => {
    const first = stats({ done: 40, pending: 60 })
    const baseline = nextBaseline(null, first)
    expect(batchProgress(baseline, first)).toMatchObject({ finished: 0, total: 60, fraction: 0 })
    const later = stats({ done: 70, pending: 30 })
    expect(batchProgress(nextBaseline(baseline, later), later)).toMatchObject({ finished: 30, total: 60, fraction: 0.5 })
  })
  it('resets when counts go down (pruned history) and reports done when idle', () => {
    expect(nextBaseline(900, stats({ done: 10, pending: 5 }))).toBe(10)
    const idle = stats({ done: 10 })
    expect(batchProgress(nextBaseline(3, idle), idle)).toMatchObject({ outstanding: 0, total: 0, fraction: 1 })
  })
})
