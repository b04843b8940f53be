// The export toast: one line per export job, from its progress events (any window's jobs: Cancel
// works from each), with a bar and Cancel while it runs, and its outcome until dismissed.
import { useEffect, useState } from 'react'
import type { ExportProgress } from '../../../shared/export'
import { useApi } from '../api'
import { errorText, useNotify } from '../app/notices'
import { progressText } from './export-form'

export function ExportToasts() {
  const api = useApi()
  const notify = useNotify()
  const [jobs, setJobs] = useState<ExportProgress[]>([])

  useEffect(
    () =>
      api.on('export.progress', (p) =>
        setJobs((list) => {
          const i = list.findIndex((j) => j.jobId === p.jobId)
          if (i < 0) return [...list, p]
          // A late 'running' (throttled) never replaces the job's end.
          if (list[i]!.state !== 'running') return list
          return list.map((j) => (j.jobId === p.jobId ? p : j))
        }),
      ),
    [api],
  )

  if (jobs.length === 0) return null
  const dismiss = (jobId: string) => setJobs((list) => list.filter((j) => j.jobId !== jobId))
  async function cancel(jobId: string) {
    try {
      await api.invoke('export.cancel', { jobId })
    } catch (e) {
      notify('error', `Could not cancel the export: ${errorText(e)}`)
    }
  }

  return (
    <div className="export-toasts" aria-live="polite">
      {jobs.map((job) => (
        <div key={job.jobId} className="export-toast" data-testid="export-toast" data-state={job.state} role={job.state === 'failed' ? 'alert' : 'status'}>
          <div className="export-toast-text">
            <span data-testid="export-toast-text">{progressText(job)}</span>
            {job.state === 'running' ? (
              <div className="progress-bar" aria-hidden="true">
                <span className="busy" style={{ width: `${job.total === 0 ? 0 : Math.round((job.done / job.total) * 100)}%` }} />
              </div>
            ) : null}
          </div>
          {job.state === 'running' ? (
            <button type="button" className="button small" data-testid="export-cancel" onClick={() => void cancel(job.jobId)}>
              Cancel
            </button>
          ) : (
            <button type="button" className="icon-button" aria-label="Dismiss" data-testid="export-dismiss" onClick={() => dismiss(job.jobId)}>
              ×
            </button>
          )}
        </div>
      ))}
    </div>
  )
}
