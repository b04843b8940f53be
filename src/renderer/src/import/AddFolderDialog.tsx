import { useEffect, useId, useRef, useState } from 'react'
import { useAddRoots } from '../api'
import { errorText, useNotify } from '../app/notices'
import { folderName, normalizeTypedPath } from '../lib/typed-path'
import { ModalActions, ModalForm } from '../app/ModalForm'

interface AddFolderDialogProps {
  hint: string | null
  onClose(): void
}

/** Browser mode's folder "picker": a path typed or pasted by the user. */
export function AddFolderDialog({ hint, onClose }: AddFolderDialogProps) {
  const addRoots = useAddRoots()
  const notify = useNotify()
  const [value, setValue] = useState('')
  const inputRef = useRef<HTMLInputElement>(null)
  const inputId = useId()

  useEffect(() => {
    inputRef.current?.focus()
  }, [])

  async function submit() {
    const path = normalizeTypedPath(value)
    if (!path) return
    try {
      await addRoots.mutateAsync([path])
      notify('info', `Added “${folderName(path)}”. Importing photos…`)
      onClose()
    } catch {
      // Shown inline below the input; the dialog stays open so the path can be corrected.
    }
  }

  return (
    <ModalForm titleId={`${inputId}-title`} title="Add a folder" testId="add-folder-dialog" onClose={onClose} onSubmit={() => void submit()}>
      <p className="muted">
        {hint ?? 'Type or paste the full path of a folder with photos. PhotoHouse reads it in place and never moves your files.'}
      </p>
      <label htmlFor={inputId} className="field-label">
        Folder path
      </label>
      <input
        id={inputId}
        ref={inputRef}
        className="text-input"
        data-testid="add-folder-input"
        type="text"
        spellCheck={false}
        autoComplete="off"
        placeholder="/home/me/Pictures"
        value={value}
        onChange={(event) => {
          setValue(event.target.value)
          if (addRoots.isError) addRoots.reset()
        }}
      />
      {addRoots.isError ? (
        <p className="error-text" data-testid="add-folder-error" role="alert">
          {errorText(addRoots.error)}
        </p>
      ) : null}
      <ModalActions onCancel={onClose} submitTestId="add-folder-submit" disabled={!normalizeTypedPath(value) || addRoots.isPending} submitLabel={addRoots.isPending ? 'Adding…' : 'Add folder'} />
    </ModalForm>
  )
}
