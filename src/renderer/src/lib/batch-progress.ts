// The queue's totals count every task ever run, so "12 / 300" must be measured from the moment the
// queue was last idle (or first seen in this window), not from the beginning of the library.
import type { TaskStats } from '../../../shared/domain'

export interface BatchProgress {
  /** Tasks still to do (pending + running). */
  outstanding: number
  /** Tasks of this batch that finished (done, failed, dead or cancelled). */
  finished: number
  /** finished + outstanding. */
  total: number
  /** 0..1 */
  fraction: number
}

function finishedCount(stats: TaskStats): number {
  const t = stats.totals
  return t.done + t.failed + t.dead + t.cancelled
}

function outstandingCount(stats: TaskStats): number {
  return stats.totals.pending + stats.totals.running
}

/**
 * The baseline (finished count when the current batch began) after seeing `stats`. Keep it while
 * work is outstanding; move it to "now" whenever the queue is idle, or when first seen, or when the
 * counts went down (tasks pruned), so progress never goes negative.
 */
export function nextBaseline(previous: number | null, stats: TaskStats): number {
  const finished = finishedCount(stats)
  if (previous === null || outstandingCount(stats) === 0 || finished < previous) return finished
  return previous
}

export function batchProgress(baseline: number, stats: TaskStats): BatchProgress {
  const outstanding = outstandingCount(stats)
  const finished = Math.max(0, finishedCount(stats) - baseline)
  const total = finished + outstanding
  return { outstanding, finished, total, fraction: total === 0 ? 1 : finished / total }
}
