import { useState } from 'react'
import type { TaskStats } from '../../../shared/domain'
import { batchProgress, nextBaseline, type BatchProgress } from '../lib/batch-progress'

/** Progress of the current batch of work, measured from when the queue was last idle. */
export function useBatchProgress(stats: TaskStats | undefined): BatchProgress | null {
  const [baseline, setBaseline] = useState<number | null>(null)
  if (!stats) return null
  const next = nextBaseline(baseline, stats)
  // Adjusting state while rendering (React's documented pattern for deriving from changing input).
  if (next !== baseline) setBaseline(next)
  return batchProgress(next, stats)
}
