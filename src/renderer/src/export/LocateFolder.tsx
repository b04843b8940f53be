// "Locate folder…" on a library folder that cannot be reached (a drive letter or mount point that
// changed, a folder moved): the user points at where it is now; its photos are found there by
// relative path and content and keep everything (ids, faces, albums, names). What was not found is
// listed; a folder that holds none of its photos is refused (the reason shows in the dialog).
import { useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { LibraryRoot } from '../../../shared/domain'
import type { RelinkResult } from '../../../shared/export'
import { queryKeys, useApi, usePickFolders } from '../api'
import { errorText } from '../app/notices'
import { formatCount, pluralize } from '../lib/format'
import { normalizeTypedPath } from '../lib/typed-path'
import { ModalActions, ModalForm } from '../app/ModalForm'

/** Missing files the dialog lists by name (the count says how many there are). */
const LISTED = 100

/** Shown while the folder is unreachable; its dialog stays open (with the result) once it is relinked. */
export function LocateFolderButton({ root }: { root: LibraryRoot }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      {root.unreachable ? (
        <button type="button" className="link-button small" data-testid="root-locate" onClick={() => setOpen(true)}>
          Locate folder…
        </button>
      ) : null}
      {open ? <LocateFolderDialog root={root} onClose={() => setOpen(false)} /> : null}
    </>
  )
}

function LocateFolderDialog({ root, onClose }: { root: LibraryRoot; onClose(): void }) {
  const api = useApi()
  const client = useQueryClient()
  const pick = usePickFolders()
  const [text, setText] = useState('')
  const [canPick, setCanPick] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [working, setWorking] = useState(false)
  const [result, setResult] = useState<RelinkResult | null>(null)
  const id = useId()
  const path = normalizeTypedPath(text)

  async function choose() {
    const picked = await pick.mutateAsync()
    if (!picked.supported) setCanPick(false)
    else if (picked.paths[0]) setText(picked.paths[0])
  }

  async function submit() {
    setWorking(true)
    setError(null)
    try {
      setResult(await api.invoke('roots.relink', { rootId: root.id, newPath: path }))
      await client.invalidateQueries({ queryKey: queryKeys.library() })
    } catch (e) {
      setError(errorText(e))
    } finally {
      setWorking(false)
    }
  }

  return (
    <ModalForm
      titleId={`${id}-title`}
      title="Locate folder"
      testId="locate-folder-dialog"
      onClose={onClose}
      onSubmit={() => {
        if (result) onClose()
        else void submit()
      }}
    >
      {result ? (
        <>
          <p data-testid="locate-folder-result">
            Found {pluralize(result.relinked, 'file', 'files')} of “{root.path}” in {result.newPath} ({formatCount(result.hashed)} checked by content).
            {result.missing.length === 0 ? ' Nothing is missing.' : ` ${pluralize(result.missing.length, 'file was', 'files were')} not found there and stay missing:`}
          </p>
          {result.missing.length > 0 ? (
            <ul className="locate-missing small" data-testid="locate-folder-missing">
              {result.missing.slice(0, LISTED).map((m) => (
                <li key={m.path} title={m.reason}>
                  <bdi>{m.path}</bdi> — {m.reason}
                </li>
              ))}
              {result.missing.length > LISTED ? <li className="muted">and {formatCount(result.missing.length - LISTED)} more</li> : null}
            </ul>
          ) : null}
          <div className="modal-actions">
            <button type="submit" className="button primary" autoFocus>
              Done
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="muted">
            “{root.path}” cannot be reached{root.unreachable ? ` (${root.unreachable.reason})` : ''}. If it moved (another drive letter, another mount point, copied to a
            new disk), give its new place: each photo is looked for at the same path inside it and checked, and keeps its people, albums and names.
          </p>
          <label htmlFor={`${id}-path`} className="field-label">
            The folder now
          </label>
          <input
            id={`${id}-path`}
            autoFocus
            className="text-input"
            data-testid="locate-folder-path"
            spellCheck={false}
            value={text}
            onChange={(event) => {
              setText(event.target.value)
              setError(null)
            }}
          />
          {canPick ? (
            <button type="button" className="link-button" onClick={() => void choose()}>
              Choose folder…
            </button>
          ) : null}
          {error ? (
            <p className="error-text" role="alert" data-testid="locate-folder-error">
              {error}
            </p>
          ) : null}
          <ModalActions onCancel={onClose} submitTestId="locate-folder-submit" disabled={!path || working} submitLabel={working ? 'Checking…' : 'Relink'} />
        </>
      )}
    </ModalForm>
  )
}
