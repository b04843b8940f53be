// The Trash: photos moved out of the library, newest trashed first, each with the days it has left.
// Restore (the selection, or everything) is an undoable step. Emptying removes photos from the
// library only (their files stay where they are); "Delete the files too" is a separate action with
// its own, plainer confirmation that moves the original files to the system's trash.
import { useMemo, useState } from 'react'
import type { TrashItem } from '../../../shared/trash'
import { TRASH_RETENTION_DAYS } from '../../../shared/trash'
import { useNavigation } from '../app/navigation'
import { errorText, useNotify } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { outcomeLabel } from '../lib/batch-actions'
import { formatCount } from '../lib/format'
import { PhotoList } from '../library'
import { useListSelection, useSelectionKeys } from '../selection'
import { useEmptyTrash, useRestore, useTrash } from './trash-hooks'

const PAGE = 300

type Confirming = { deleteFiles: boolean } | null

const photos = (n: number) => (n === 1 ? '1 photo' : `${formatCount(n)} photos`)
const daysLeftText = (days: number) => (days === 0 ? 'leaves at next start' : days === 1 ? '1 day left' : `${days} days left`)

export function TrashScreen() {
  const [limit, setLimit] = useState(PAGE)
  const trash = useTrash(limit)
  const restore = useRestore()
  const empty = useEmptyTrash()
  const notify = useNotify()
  const offerSteps = useOfferSteps()
  const { openPhotos } = useNavigation()
  const [confirming, setConfirming] = useState<Confirming>(null)
  const items = useMemo(() => trash.data?.items ?? [], [trash.data])
  const assets = useMemo(() => items.map((i) => i.asset), [items])
  const selection = useListSelection(assets, (index) => openPhotos(assets, index))
  useSelectionKeys(selection)
  const total = trash.data?.total ?? 0
  const selected = selection.count
  const busy = restore.isPending || empty.isPending
  // Actions apply to the selection, or to the whole trash when nothing is selected.
  const target = selected > 0 ? photos(selected) : `all ${photos(total)}`

  async function restoreTarget() {
    try {
      const outcome = await restore.mutateAsync(selected > 0 ? selection.ids() : null)
      selection.clear()
      offerSteps(outcomeLabel(outcome), outcome.steps)
    } catch (error) {
      notify('error', `Could not restore: ${errorText(error)}`)
    }
  }

  async function emptyTarget(deleteFiles: boolean) {
    setConfirming(null)
    try {
      const result = await empty.mutateAsync({ ids: selected > 0 ? selection.ids() : null, deleteFiles })
      selection.clear()
      const files = deleteFiles ? ` · ${result.filesTrashed === 1 ? '1 file' : `${formatCount(result.filesTrashed)} files`} moved to the system trash` : ''
      notify('info', `Removed ${photos(result.removed)} from the library${files}`)
      if (result.failures.length > 0) {
        const first = result.failures[0]!
        const more = result.failures.length > 1 ? ` (and ${result.failures.length - 1} more)` : ''
        notify('error', `Could not move ${first.path} to the system trash: ${first.reason}${more}. Its photo stays in the trash.`)
      }
    } catch (error) {
      notify('error', `Could not empty the trash: ${errorText(error)}`)
    }
  }

  return (
    <div className="page" data-testid="trash-screen">
      <header className="page-header trash-header">
        <h1>Trash</h1>
        <span className="muted small" data-testid="trash-count">
          {trash.data ? photos(total) : ''}
        </span>
        <div className="toolbar-spacer" />
        {total > 0 ? (
          <div className="button-group">
            <button type="button" className="button" data-testid="trash-restore" disabled={busy} onClick={() => void restoreTarget()}>
              {selected > 0 ? `Restore ${photos(selected)}` : 'Restore all'}
            </button>
            <button type="button" className="button" data-testid="trash-empty" disabled={busy} onClick={() => setConfirming({ deleteFiles: false })}>
              {selected > 0 ? `Remove ${photos(selected)}…` : 'Empty trash…'}
            </button>
            <button type="button" className="button danger" data-testid="trash-delete-files" disabled={busy} onClick={() => setConfirming({ deleteFiles: true })}>
              Delete the files too…
            </button>
          </div>
        ) : null}
      </header>
      <p className="muted small trash-note">
        Photos stay here {TRASH_RETENTION_DAYS} days, then leave the library. Their files stay where they are unless you choose “Delete the files too”.
      </p>
      {trash.isError ? <p className="error-text">Could not load the trash: {errorText(trash.error)}</p> : null}
      {trash.data && total === 0 ? (
        <div className="center muted" data-testid="trash-empty-state">
          The trash is empty.
        </div>
      ) : null}
      {items.length > 0 ? (
        <PhotoList
          items={items}
          assetOf={(item: TrashItem) => item.asset}
          testId="trash-grid"
          tileTestId="trash-tile"
          selection={selection}
          overlay={(item: TrashItem) => (
            <span className="tile-badges">
              <span className="tile-badge" data-testid="trash-days-left" title={`Trashed ${new Date(item.trashedAt).toLocaleString()}`}>
                {daysLeftText(item.daysLeft)}
              </span>
            </span>
          )}
          onOpen={(index) => openPhotos(assets, index)}
        />
      ) : null}
      {items.length < total ? (
        <div className="center">
          <button type="button" className="button" data-testid="trash-more" onClick={() => setLimit((n) => n + PAGE)}>
            Show more
          </button>
        </div>
      ) : null}
      {confirming ? <ConfirmEmpty deleteFiles={confirming.deleteFiles} target={target} onConfirm={() => void emptyTarget(confirming.deleteFiles)} onCancel={() => setConfirming(null)} /> : null}
    </div>
  )
}

function ConfirmEmpty({ deleteFiles, target, onConfirm, onCancel }: { deleteFiles: boolean; target: string; onConfirm(): void; onCancel(): void }) {
  const title = deleteFiles ? 'Delete the files too?' : 'Remove from the library?'
  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} data-testid="trash-confirm-dialog">
        <h2>{title}</h2>
        {deleteFiles ? (
          <p>
            The original files of {target} will be moved to the system&apos;s trash, and the photos removed from PhotoHouse with their people,
            albums and edits. You can get the files back from the system&apos;s trash until it is emptied.
          </p>
        ) : (
          <p>
            {target[0]!.toUpperCase() + target.slice(1)} will leave PhotoHouse with their people, albums and edits. This cannot be undone.
            Their files stay where they are on disk, and PhotoHouse will not import them again.
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="button" data-testid="trash-cancel" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button danger" data-testid="trash-confirm" autoFocus onClick={onConfirm}>
            {deleteFiles ? 'Move files to the system trash' : 'Remove'}
          </button>
        </div>
      </div>
    </div>
  )
}
