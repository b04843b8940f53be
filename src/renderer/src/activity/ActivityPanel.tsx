// Everything about background work: live queue totals, per-type timings, tasks that failed (with
// retry), files that could not be read, and a way to stop pending work.
import type { TaskRow, TaskState, TaskStats } from '../../../shared/domain'
import { useBrokenFiles, useCancelTasks, useRetryTasks, useTaskList } from '../api'
import { errorText, useNotify } from '../app/notices'
import type { BatchProgress } from '../lib/batch-progress'
import { formatCount, formatDuration, pluralize } from '../lib/format'

interface ActivityPanelProps {
  stats: TaskStats | undefined
  progress: BatchProgress | null
  onClose(): void
}

const SHOWN_STATES: TaskState[] = ['pending', 'running', 'done', 'failed', 'dead']
const FAILED_STATES: TaskState[] = ['dead', 'failed']

export function ActivityPanel({ stats, progress, onClose }: ActivityPanelProps) {
  const notify = useNotify()
  const failedTasks = useTaskList(FAILED_STATES, 200)
  const broken = useBrokenFiles()
  const retry = useRetryTasks()
  const cancel = useCancelTasks()

  async function retryTasks(taskId?: number) {
    try {
      const { requeued } = await retry.mutateAsync(taskId)
      notify('info', requeued > 0 ? `Requeued ${pluralize(requeued, 'task', 'tasks')}` : 'Nothing to retry')
    } catch (error) {
      notify('error', `Retry failed: ${errorText(error)}`)
    }
  }

  async function cancelPending() {
    try {
      const { cancelled } = await cancel.mutateAsync(undefined)
      notify('info', `Cancelled ${pluralize(cancelled, 'pending task', 'pending tasks')}`)
    } catch (error) {
      notify('error', `Cancel failed: ${errorText(error)}`)
    }
  }

  const totals = stats?.totals
  const deadCount = totals?.dead ?? 0
  const busy = progress !== null && progress.outstanding > 0

  return (
    <aside className="activity-panel" data-testid="activity-panel" aria-label="Activity">
      <header className="panel-header">
        <h2>Activity</h2>
        <button type="button" className="icon-button" aria-label="Close activity" data-testid="activity-close" onClick={onClose}>
          ×
        </button>
      </header>

      <section className="panel-section">
        <div className="progress-summary" data-testid="activity-summary">
          {!stats ? 'Loading…' : busy && progress ? `Working: ${formatCount(progress.finished)} of ${formatCount(progress.total)} tasks done` : 'All caught up'}
        </div>
        <div
          className="progress-bar"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round((progress?.fraction ?? 1) * 100)}
          data-testid="activity-progress-bar"
        >
          <span style={{ width: `${Math.round((progress?.fraction ?? 1) * 100)}%` }} className={busy ? 'busy' : ''} />
        </div>
        {totals ? (
          <div className="totals">
            {SHOWN_STATES.map((state) => (
              <div key={state} className={`total total-${state}`} data-testid={`total-${state}`}>
                <span className="total-value">{formatCount(totals[state])}</span>
                <span className="total-label">{state}</span>
              </div>
            ))}
          </div>
        ) : null}
        {stats ? (
          <p className="muted small">
            Photos: {formatCount(stats.assets.ready)} ready · {formatCount(stats.assets.pending)} waiting · {formatCount(stats.assets.error)} unreadable
          </p>
        ) : null}
        <div className="button-row">
          <button type="button" className="button" data-testid="cancel-pending" disabled={!totals || totals.pending === 0 || cancel.isPending} onClick={cancelPending}>
            Cancel pending
          </button>
        </div>
      </section>

      {stats && stats.byType.length > 0 ? (
        <section className="panel-section">
          <h3>By task type</h3>
          <table className="task-types" data-testid="task-types">
            <thead>
              <tr>
                <th>Type</th>
                <th title="pending / running">Queue</th>
                <th>Done</th>
                <th>Failed</th>
                <th title="median duration">p50</th>
                <th title="95th percentile duration">p95</th>
              </tr>
            </thead>
            <tbody>
              {stats.byType.map((t) => (
                <tr key={t.type} data-testid="task-type-row" data-type={t.type}>
                  <td className="mono">{t.type}</td>
                  <td>
                    {formatCount(t.counts.pending)} / {formatCount(t.counts.running)}
                  </td>
                  <td>{formatCount(t.counts.done)}</td>
                  <td className={t.counts.failed + t.counts.dead > 0 ? 'error-text' : ''}>{formatCount(t.counts.failed + t.counts.dead)}</td>
                  <td>{formatDuration(t.p50Ms)}</td>
                  <td>{formatDuration(t.p95Ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section className="panel-section" data-testid="dead-letter">
        <div className="section-title">
          <h3>Failed tasks{failedTasks.data && failedTasks.data.length > 0 ? ` (${formatCount(failedTasks.data.length)})` : ''}</h3>
          <button type="button" className="button small" data-testid="retry-all" disabled={deadCount === 0 || retry.isPending} onClick={() => retryTasks()}>
            Retry all
          </button>
        </div>
        {failedTasks.isError ? <p className="error-text">{errorText(failedTasks.error)}</p> : null}
        {failedTasks.data?.length === 0 ? <p className="muted small">No failed tasks.</p> : null}
        <ul className="item-list">
          {failedTasks.data?.map((task) => (
            <FailedTask key={task.id} task={task} retrying={retry.isPending} onRetry={() => retryTasks(task.id)} />
          ))}
        </ul>
      </section>

      <section className="panel-section" data-testid="broken-files">
        <h3>Unreadable files{broken.data && broken.data.length > 0 ? ` (${formatCount(broken.data.length)})` : ''}</h3>
        {broken.isError ? <p className="error-text">{errorText(broken.error)}</p> : null}
        {broken.data?.length === 0 ? <p className="muted small">Every file could be read.</p> : null}
        <ul className="item-list">
          {broken.data?.map((file) => (
            <li key={`${file.assetId}:${file.path}`} className="item" data-testid="broken-file" data-asset-id={file.assetId}>
              <div className="path" title={file.path}>
                {file.path}
              </div>
              <div className="error-text small">{file.error}</div>
            </li>
          ))}
        </ul>
      </section>
    </aside>
  )
}

function FailedTask({ task, retrying, onRetry }: { task: TaskRow; retrying: boolean; onRetry(): void }) {
  return (
    <li className="item" data-testid="dead-task" data-task-id={task.id} data-state={task.state}>
      <div className="item-head">
        <span className="badge mono">{task.type}</span>
        <span className={`badge state-${task.state}`}>{task.state}</span>
        <span className="muted small">
          attempt {task.attempts}/{task.maxAttempts}
        </span>
        <button type="button" className="button small push-right" data-testid="task-retry" disabled={retrying} onClick={onRetry}>
          Retry
        </button>
      </div>
      <div className="path" title={task.subject}>
        {task.subject}
      </div>
      {task.errorMessage || task.errorCode ? (
        <div className="error-text small">
          {/* Node messages often start with their code already ("ENOENT: no such file…"). */}
          {task.errorCode && !task.errorMessage?.startsWith(task.errorCode) ? (
            <span className="mono">{task.errorCode}: </span>
          ) : null}
          {task.errorMessage}
        </div>
      ) : null}
    </li>
  )
}
