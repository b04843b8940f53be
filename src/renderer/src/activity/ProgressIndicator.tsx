import type { BatchProgress } from '../lib/batch-progress'
import { formatCount } from '../lib/format'

/** Compact toolbar indicator shown while work is outstanding; clicking it opens the activity panel. */
export function ProgressIndicator({ progress, onClick }: { progress: BatchProgress | null; onClick(): void }) {
  if (!progress || progress.outstanding === 0) return null
  return (
    <button type="button" className="progress-indicator" data-testid="progress-indicator" onClick={onClick} title="Show activity">
      <span className="spinner" aria-hidden="true" />
      <span>
        Importing {formatCount(progress.finished)} / {formatCount(progress.total)}
      </span>
      <span className="mini-bar" aria-hidden="true">
        <span style={{ width: `${Math.round(progress.fraction * 100)}%` }} />
      </span>
    </button>
  )
}
