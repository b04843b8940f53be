// Settings → Check library: does the catalog still match the disk and the caches? Repairs what can be.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { IntegrityReport } from '../../../shared/integrity'
import { useApi } from '../api'
import { errorText } from '../app/notices'

function Line({ testId, count, label, items }: { testId: string; count: number; label: string; items?: string[] }) {
  return (
    <li data-testid={testId} data-count={count}>
      {label}: {count}
      {items && items.length > 0 ? (
        <ul className="muted small">
          {items.slice(0, 20).map((path) => (
            <li key={path}>{path}</li>
          ))}
          {count > 20 ? <li>and {count - 20} more</li> : null}
        </ul>
      ) : null}
    </li>
  )
}

export function IntegritySection() {
  const api = useApi()
  const client = useQueryClient()
  const check = useMutation({
    mutationFn: (repair: boolean) => api.invoke('library.check', { repair }),
    // A repair queues work: the activity and the library refresh as it runs.
    onSuccess: (report) => (report.repaired ? client.invalidateQueries() : undefined),
  })
  const report: IntegrityReport | undefined = check.data
  const repairable = report ? report.counts.changedFiles + report.counts.missingThumbnails + report.counts.missingVectors + (report.sidecars?.count ?? 0) : 0
  return (
    <section className="page-section" data-testid="integrity-section">
      <div className="section-title">
        <h3>Check library</h3>
      </div>
      <p className="muted small">
        Looks for photo files that are missing or changed since they were imported, thumbnails gone from the cache and photos missing from
        similarity search. A repair re-imports changed files and remakes what is missing; it never changes your files.
      </p>
      <div className="modal-actions backup-actions">
        <button type="button" className="button" data-testid="integrity-check" disabled={check.isPending} onClick={() => check.mutate(false)}>
          {check.isPending && check.variables === false ? 'Checking…' : 'Check library'}
        </button>
        {report && !report.repaired && repairable > 0 ? (
          <button type="button" className="button primary" data-testid="integrity-repair" disabled={check.isPending} onClick={() => check.mutate(true)}>
            {check.isPending ? 'Repairing…' : 'Repair'}
          </button>
        ) : null}
      </div>
      {check.isError ? (
        <p className="error-text" role="alert">
          {errorText(check.error)}
        </p>
      ) : null}
      {report ? (
        <div data-testid="integrity-report">
          <p className="small">
            Checked {report.files} files of {report.assets} photos.
            {report.counts.missingFiles + repairable === 0 ? <span data-testid="integrity-ok"> Everything matches.</span> : null}
          </p>
          <ul className="small">
            {report.unreachableFolders.map((f) => (
              <li key={f}>Not reachable (not checked): {f}</li>
            ))}
            <Line testId="integrity-missing" count={report.counts.missingFiles} label="Files missing" items={report.missingFiles.map((f) => f.path)} />
            <Line testId="integrity-changed" count={report.counts.changedFiles} label="Files changed since import" items={report.changedFiles.map((f) => f.path)} />
            <Line testId="integrity-thumbnails" count={report.counts.missingThumbnails} label="Thumbnails missing" />
            <Line testId="integrity-vectors" count={report.counts.missingVectors} label="Photos missing from similarity search" />
            {report.sidecars ? (
              <Line testId="integrity-sidecars" count={report.sidecars.count} label="XMP sidecars out of date" items={report.sidecars.outOfDate.map((f) => f.path)} />
            ) : null}
          </ul>
          {report.repaired ? (
            <p className="small" data-testid="integrity-repaired">
              Queued: {report.repaired.reimport} re-imports, {report.repaired.thumbnails} thumbnails, {report.repaired.vectors} analyses
              {report.repaired.rescannedFolders > 0 ? `; ${report.repaired.rescannedFolders} folders rescanned (missing photos are kept 30 days in case their files come back)` : ''}
              {report.sidecars?.repaired ? `; ${report.sidecars.repaired} photos' sidecars to write again` : ''}.
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}
