// Settings → Backups: the catalog's backups (date, kind, version, size), "Back up now", where they go
// and how many are kept, and "Restore…" with a confirmation that says what a restore does.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState, type FormEvent } from 'react'
import type { BackupInfo, BackupKind, BackupSettings } from '../../../shared/backup'
import type { CallInput } from '../../../shared/contract'
import { useApi, usePickFolders } from '../api'
import { errorText, useNotify } from '../app/notices'
import { formatFileSize } from '../lib/format'

const BACKUPS_KEY = ['backups'] as const

const KIND_LABELS: Record<BackupKind, string> = {
  manual: 'Backed up by hand',
  daily: 'Daily',
  'pre-migration': 'Before an upgrade',
  'restore-point': 'Restore point',
}

function useBackups() {
  const api = useApi()
  return useQuery({ queryKey: BACKUPS_KEY, queryFn: () => api.invoke('backup.list', {}) })
}

function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

export function BackupSection() {
  const api = useApi()
  const client = useQueryClient()
  const notify = useNotify()
  const backups = useBackups()
  const [confirming, setConfirming] = useState<BackupInfo | null>(null)

  const create = useMutation({
    mutationFn: () => api.invoke('backup.create', {}),
    onSuccess: (made) => notify('info', `Backed up (${formatFileSize(made.bytes) ?? `${made.bytes} bytes`})`),
    onSettled: () => client.invalidateQueries({ queryKey: BACKUPS_KEY }),
  })
  const restore = useMutation({
    mutationFn: (path: string) => api.invoke('backup.restore', { path, confirm: true }),
    onSuccess: (result) => {
      notify('info', `Restored the backup of ${formatWhen(result.restored.createdAt)}; the catalog it replaced is kept as a restore point`)
      // Everything shown came from the catalog that was replaced.
      void client.invalidateQueries()
    },
    onSettled: () => client.invalidateQueries({ queryKey: BACKUPS_KEY }),
  })

  const list = backups.data?.backups ?? []
  return (
    <section className="page-section" data-testid="backup-section">
      <div className="section-title">
        <h3>Backups</h3>
      </div>
      <p className="muted small">
        Copies of the catalog: your albums, people and their names, ratings, edits and everything else PhotoHouse knows about your photos. One is
        made every day and before every upgrade; thumbnails and search indexes are not backed up (they are rebuilt). Your photo files are never
        part of a backup, and a restore never touches them.
      </p>
      <div className="modal-actions backup-actions">
        <button type="button" className="button primary" data-testid="backup-now" disabled={create.isPending || restore.isPending} onClick={() => create.mutate()}>
          {create.isPending ? 'Backing up…' : 'Back up now'}
        </button>
        {backups.data ? <span className="muted small" data-testid="backup-folder">In {backups.data.folder}</span> : null}
      </div>
      {create.isError ? (
        <p className="error-text" role="alert" data-testid="backup-error">
          {errorText(create.error)}
        </p>
      ) : null}
      {restore.isError ? (
        <p className="error-text" role="alert" data-testid="backup-restore-error">
          {errorText(restore.error)}
        </p>
      ) : null}
      {backups.isError ? <p className="error-text">Could not list the backups: {errorText(backups.error)}</p> : null}
      {backups.data && list.length === 0 ? <p className="muted small">No backups yet.</p> : null}
      {list.length > 0 ? (
        <table className="data-table" data-testid="backup-table">
          <thead>
            <tr>
              <th>Date</th>
              <th>Kind</th>
              <th className="num">Catalog version</th>
              <th className="num">Size</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={b.path} data-testid="backup-row" data-kind={b.kind} title={b.path}>
                <td className="nowrap">{formatWhen(b.createdAt)}</td>
                <td className="nowrap" data-testid="backup-kind">
                  {KIND_LABELS[b.kind]}
                </td>
                <td className="num">{b.schemaVersion}</td>
                <td className="num">{formatFileSize(b.bytes)}</td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button"
                      data-testid="backup-restore"
                      disabled={restore.isPending || create.isPending || (backups.data !== undefined && b.schemaVersion > backups.data.schemaVersion)}
                      onClick={() => setConfirming(b)}
                    >
                      {restore.isPending && restore.variables === b.path ? 'Restoring…' : 'Restore…'}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {backups.data ? <BackupSettingsForm key={JSON.stringify(backups.data.settings)} saved={backups.data.settings} /> : null}
      {confirming ? (
        <ConfirmRestore
          backup={confirming}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null)
            restore.mutate(confirming.path)
          }}
        />
      ) : null}
    </section>
  )
}

function ConfirmRestore({ backup, onConfirm, onCancel }: { backup: BackupInfo; onConfirm(): void; onCancel(): void }) {
  const title = `Restore the backup of ${formatWhen(backup.createdAt)}?`
  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} data-testid="backup-confirm-dialog">
        <h2>{title}</h2>
        <p>
          PhotoHouse goes back to the catalog as it was then: albums, names, ratings, edits and imports made since are replaced by the backup&apos;s.
          First the catalog as it is now is kept as a restore point (listed here, to go back with another restore). Your photo files are not
          touched; photos added or changed on disk since are found again, and search indexes and thumbnails are rebuilt where needed.
        </p>
        <div className="modal-actions">
          <button type="button" className="button" data-testid="backup-cancel" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button danger" data-testid="backup-confirm" autoFocus onClick={onConfirm}>
            Restore
          </button>
        </div>
      </div>
    </div>
  )
}

function BackupSettingsForm({ saved }: { saved: BackupSettings }) {
  const api = useApi()
  const client = useQueryClient()
  const notify = useNotify()
  const pick = usePickFolders()
  const id = useId()
  const [folder, setFolder] = useState(saved.folder ?? '')
  const [keep, setKeep] = useState(String(saved.keep))
  const keepNumber = Number(keep)
  const keepValid = Number.isInteger(keepNumber) && keepNumber >= 1 && keepNumber <= 1000
  const draftFolder = folder.trim() === '' ? null : folder.trim()
  const dirty = draftFolder !== saved.folder || keepNumber !== saved.keep
  const save = useMutation({
    mutationFn: (change: CallInput<'backup.setSettings'>) => api.invoke('backup.setSettings', change),
    onSuccess: () => notify('info', 'Backup settings saved'),
    onSettled: () => client.invalidateQueries({ queryKey: BACKUPS_KEY }),
  })

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!keepValid) return
    try {
      await save.mutateAsync({ folder: draftFolder, keep: keepNumber })
    } catch {
      // Shown under the form.
    }
  }

  async function choose() {
    const picked = await pick.mutateAsync()
    if (picked.supported && picked.paths[0]) setFolder(picked.paths[0])
  }

  return (
    <form className="settings-form" data-testid="backup-settings-form" onSubmit={(e) => void submit(e)}>
      <div className="weight-row setting-number-row">
        <label htmlFor={`${id}-keep`}>Backups kept (the oldest are deleted)</label>
        <input id={`${id}-keep`} type="number" className="text-input weight-number" data-testid="backup-keep" min={1} max={1000} step={1} value={keep} onChange={(e) => setKeep(e.target.value)} />
      </div>
      <label htmlFor={`${id}-folder`}>Folder (another drive keeps them safe from this one failing; empty: the library folder&apos;s backups)</label>
      <div className="backup-folder-row">
        <input id={`${id}-folder`} type="text" className="text-input" data-testid="backup-folder-input" placeholder="The library folder's backups" value={folder} onChange={(e) => setFolder(e.target.value)} />
        <button type="button" className="button" data-testid="backup-folder-choose" onClick={() => void choose().catch(() => undefined)}>
          Choose…
        </button>
      </div>
      {pick.data && !pick.data.supported ? <p className="muted small">The browser cannot open a folder picker: type the folder&apos;s path.</p> : null}
      <div className="modal-actions">
        <button type="submit" className="button primary" data-testid="backup-settings-save" disabled={!dirty || !keepValid || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        {!keepValid ? <span className="error-text small">Keep between 1 and 1000 backups</span> : dirty ? <span className="muted small">Unsaved changes</span> : null}
      </div>
      {save.isError ? (
        <p className="error-text" role="alert" data-testid="backup-settings-error">
          {errorText(save.error)}
        </p>
      ) : null}
    </form>
  )
}
