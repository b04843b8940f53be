// Every way of adding a library folder ends in roots.add: the native picker (Electron), a drop with
// resolvable paths (Electron with photohouseShell.pathForFile), or the typed-path dialog (browser).
import { useCallback, useState } from 'react'
import { canResolveDroppedPaths, pathForDroppedFile, useAddRoots, usePickFolders } from '../api'
import { errorText, useNotify } from '../app/notices'
import { folderName } from '../lib/typed-path'

export interface PathDialogState {
  /** Why the dialog opened, e.g. the name of a folder dropped in a browser (which hides its path). */
  hint: string | null
}

export function useAddFolder() {
  const notify = useNotify()
  const pickFolders = usePickFolders()
  const addRoots = useAddRoots()
  // mutateAsync is stable across renders (the mutation objects are not), so callbacks stay stable.
  const { mutateAsync: pickFoldersAsync } = pickFolders
  const { mutateAsync: addRootsAsync } = addRoots
  const [dialog, setDialog] = useState<PathDialogState | null>(null)

  const addPaths = useCallback(
    async (paths: string[]): Promise<boolean> => {
      try {
        await addRootsAsync(paths)
        const label = paths.length === 1 ? `“${folderName(paths[0] ?? '')}”` : `${paths.length} folders`
        notify('info', `Added ${label}. Importing photos…`)
        return true
      } catch (error) {
        notify('error', `Could not add ${paths.length === 1 ? 'the folder' : 'the folders'}: ${errorText(error)}`)
        return false
      }
    },
    [addRootsAsync, notify],
  )

  /** Toolbar / empty-state button: native picker when there is one, else the path dialog. */
  const chooseFolder = useCallback(async () => {
    let picked: { supported: boolean; paths: string[] }
    try {
      picked = await pickFoldersAsync()
    } catch {
      picked = { supported: false, paths: [] }
    }
    if (!picked.supported) setDialog({ hint: null })
    else if (picked.paths.length > 0) await addPaths(picked.paths)
  }, [pickFoldersAsync, addPaths])

  const dropFiles = useCallback(
    async (files: File[]) => {
      if (files.length === 0) return
      if (canResolveDroppedPaths()) {
        const paths = files.map(pathForDroppedFile).filter((p): p is string => p !== null)
        if (paths.length > 0) {
          await addPaths(paths)
          return
        }
      }
      const names = files.map((f) => f.name).filter(Boolean)
      setDialog({
        hint:
          names.length > 0
            ? `You dropped “${names.slice(0, 3).join('”, “')}”${names.length > 3 ? '…' : ''}. Browsers do not reveal where a dropped folder lives, so please type its full path.`
            : null,
      })
    },
    [addPaths],
  )

  return {
    chooseFolder,
    dropFiles,
    dialog,
    closeDialog: useCallback(() => setDialog(null), []),
    busy: pickFolders.isPending || addRoots.isPending,
  }
}
