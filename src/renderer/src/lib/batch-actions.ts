// A batch action over a selection: the contract takes at most MAX_BATCH_IDS ids a call, so a larger
// selection goes in several calls, each its own undo step; the toast then sums them up.
import type { BatchResult, UndoStep } from '../../../shared/domain'
import { chunkIds } from './selection'

/** Photos a batch call takes at most (AssetIds in the contract). */
export const MAX_BATCH_IDS = 100_000

/** What a batch action did over all its calls: photos changed and the undo steps, oldest first. */
export interface BatchOutcome {
  changed: number
  steps: UndoStep[]
}

/** Runs `call` over `ids` in chunks the contract accepts, one after the other, collecting the steps. */
export async function runInChunks(ids: readonly number[], call: (chunk: number[]) => Promise<BatchResult>, max = MAX_BATCH_IDS): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { changed: 0, steps: [] }
  for (const chunk of chunkIds(ids, max)) {
    const result = await call(chunk)
    outcome.changed += result.changed
    if (result.undo) outcome.steps.push(result.undo)
  }
  return outcome
}

/** What happened, as the toast says it: the step's own label, or a sum over several steps. */
export function outcomeLabel(outcome: BatchOutcome): string {
  const last = outcome.steps[outcome.steps.length - 1]
  if (!last) return 'Nothing changed'
  if (outcome.steps.length === 1) return last.label
  return `${outcome.changed === 1 ? '1 photo' : `${outcome.changed.toLocaleString('en-US')} photos`} changed in ${outcome.steps.length} steps`
}
