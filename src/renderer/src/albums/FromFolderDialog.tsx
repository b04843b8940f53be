// "Albums from folders": one album per chosen folder (inside a library folder), named after it.
// Kept in sync, an album always shows the photos in its folder (new imports appear); otherwise it
// takes the photos there now and is an ordinary album from then on.
import { useId, useState } from 'react'
import { usePickFolders } from '../api'
import { errorText } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { normalizeTypedPath } from '../lib/typed-path'
import { useCreateAlbumsFromFolders } from './hooks'
import { ModalActions, ModalForm } from '../app/ModalForm'

export function FromFolderDialog({ folderId, onClose }: { folderId: number | null; onClose(): void }) {
  const create = useCreateAlbumsFromFolders()
  const pick = usePickFolders()
  const offerSteps = useOfferSteps()
  const [text, setText] = useState('')
  const [sync, setSync] = useState(true)
  const [canPick, setCanPick] = useState(true)
  const id = useId()
  const paths = text
    .split('\n')
    .map((line) => normalizeTypedPath(line))
    .filter((p): p is string => Boolean(p))

  async function choose() {
    const picked = await pick.mutateAsync()
    if (!picked.supported) setCanPick(false)
    else if (picked.paths.length > 0) setText((old) => [...old.split('\n').filter((l) => l.trim()), ...picked.paths].join('\n'))
  }

  async function submit() {
    try {
      const result = await create.mutateAsync({ paths, sync, folderId })
      if (result.undo) offerSteps(result.undo.label, [result.undo])
      onClose()
    } catch {
      // Shown below the field; the dialog stays open so a path can be corrected.
    }
  }

  return (
    <ModalForm
      titleId={`${id}-title`}
      title="Albums from folders"
      testId="album-from-folder-dialog"
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <p className="muted">One album per folder, named after it. The folders must be in the library (a library folder or a folder inside one).</p>
      <label htmlFor={id} className="field-label">
        Folder paths, one per line
      </label>
      <textarea
        id={id}
        autoFocus
        className="text-input textarea"
        data-testid="album-from-folder-paths"
        rows={4}
        spellCheck={false}
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          if (create.isError) create.reset()
        }}
      />
      {canPick ? (
        <button type="button" className="link-button" onClick={() => void choose()}>
          Choose folders…
        </button>
      ) : null}
      <label className="checkbox">
        <input type="checkbox" data-testid="album-from-folder-sync" checked={sync} onChange={(event) => setSync(event.target.checked)} />
        Keep in sync with the folder (new photos there appear in the album)
      </label>
      {create.isError ? (
        <p className="error-text" role="alert" data-testid="album-from-folder-error">
          {errorText(create.error)}
        </p>
      ) : null}
      <ModalActions onCancel={onClose} submitTestId="album-from-folder-submit" disabled={paths.length === 0 || create.isPending} submitLabel={paths.length > 1 ? `Create ${paths.length} albums` : 'Create album'} />
    </ModalForm>
  )
}
