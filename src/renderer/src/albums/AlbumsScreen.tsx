// Albums and album folders, one folder level at a time (breadcrumb above). Cards open an album or a
// folder; an album card dropped on a folder card moves it there. Every change offers Undo.
import { useState, type DragEvent } from 'react'
import { folderPath, type AlbumFolder, type AlbumSummary } from '../../../shared/albums'
import type { BatchResult } from '../../../shared/domain'
import { useNavigation } from '../app/navigation'
import { errorText, useNotify } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { formatCount, pluralize } from '../lib/format'
import { AlbumCover } from './AlbumCover'
import { FromFolderDialog } from './FromFolderDialog'
import { useAlbumTree, useCreateAlbum, useCreateAlbumFolder, useDeleteAlbumFolder, useMoveAlbums, useRenameAlbumFolder } from './hooks'
import { formatDayRange } from './album-dates'
import { ThemesSection } from '../themes'
import { SmartAlbumDialog } from '../smart-albums'

type Naming = { kind: 'album' } | { kind: 'folder' } | { kind: 'rename-folder'; folder: AlbumFolder } | null

const DRAG_TYPE = 'application/x-photohouse-album'

export function AlbumsScreen({ folderId = null }: { folderId?: number | null }) {
  const tree = useAlbumTree()
  const { navigate } = useNavigation()
  const notify = useNotify()
  const offerSteps = useOfferSteps()
  const createAlbum = useCreateAlbum()
  const createFolder = useCreateAlbumFolder()
  const renameFolder = useRenameAlbumFolder()
  const deleteFolder = useDeleteAlbumFolder()
  const move = useMoveAlbums()
  const [naming, setNaming] = useState<Naming>(null)
  const [name, setName] = useState('')
  const [fromFolder, setFromFolder] = useState(false)
  const [newSmart, setNewSmart] = useState(false)

  const folders = tree.data?.folders ?? []
  // A folder deleted meanwhile (an undo, another window): show the top level.
  const here = folderId !== null && folders.some((f) => f.id === folderId) ? folderId : null
  const trail = folderPath(folders, here)
  const subfolders = folders.filter((f) => f.parentId === here)
  const albums = (tree.data?.albums ?? []).filter((a) => a.folderId === here)
  const open = (id: number | null) => navigate(id === null ? { name: 'albums' } : { name: 'albums', folderId: id })

  async function run<T extends BatchResult>(action: () => Promise<T>, failure: string): Promise<T | null> {
    try {
      const result = await action()
      if (result.undo) offerSteps(result.undo.label, [result.undo])
      return result
    } catch (error) {
      notify('error', `${failure}: ${errorText(error)}`)
      return null
    }
  }

  async function submitName() {
    const trimmed = name.trim()
    if (!trimmed || !naming) return
    if (naming.kind === 'album') {
      const made = await run(() => createAlbum.mutateAsync({ name: trimmed, folderId: here }), 'Could not create the album')
      if (made) navigate({ name: 'album', albumId: made.album.id })
    } else if (naming.kind === 'folder') {
      await run(() => createFolder.mutateAsync({ name: trimmed, parentId: here }), 'Could not create the folder')
    } else {
      await run(() => renameFolder.mutateAsync({ folderId: naming.folder.id, name: trimmed }), 'Could not rename the folder')
    }
    setNaming(null)
    setName('')
  }

  function onDrop(event: DragEvent, into: number | null) {
    const albumId = Number(event.dataTransfer.getData(DRAG_TYPE))
    if (!albumId) return
    event.preventDefault()
    void run(() => move.mutateAsync({ albumIds: [albumId], into }), 'Could not move the album')
  }
  const acceptDrop = (event: DragEvent) => {
    if (event.dataTransfer.types.includes(DRAG_TYPE)) event.preventDefault()
  }

  const current = trail.at(-1)
  return (
    <div className="page" data-testid="albums-screen">
      <header className="page-header">
        <nav className="album-breadcrumb" aria-label="Album folders">
          {trail.length === 0 ? (
            <h1>Albums</h1>
          ) : (
            <>
              <button type="button" className="link-button" data-testid="albums-top" onClick={() => open(null)} onDragOver={acceptDrop} onDrop={(e) => onDrop(e, null)}>
                Albums
              </button>
              {trail.map((f) => (
                <span key={f.id}>
                  {' / '}
                  {f.id === here ? (
                    <strong data-testid="album-folder-current">{f.name}</strong>
                  ) : (
                    <button type="button" className="link-button" onClick={() => open(f.id)} onDragOver={acceptDrop} onDrop={(e) => onDrop(e, f.id)}>
                      {f.name}
                    </button>
                  )}
                </span>
              ))}
            </>
          )}
        </nav>
        <span className="muted">{tree.data ? formatCount(albums.length + subfolders.length) : ''}</span>
        <div className="toolbar-spacer" />
        <button type="button" className="button small primary" data-testid="album-create" onClick={() => setNaming({ kind: 'album' })}>
          New album
        </button>
        <button type="button" className="button small" data-testid="smart-album-create" onClick={() => setNewSmart(true)}>
          New smart album
        </button>
        <button type="button" className="button small" data-testid="album-folder-create" onClick={() => setNaming({ kind: 'folder' })}>
          New folder
        </button>
        <button type="button" className="button small" data-testid="album-from-folder" onClick={() => setFromFolder(true)}>
          Albums from folders…
        </button>
        {current ? (
          <>
            <button
              type="button"
              className="button small"
              data-testid="album-folder-rename"
              onClick={() => {
                setName(current.name)
                setNaming({ kind: 'rename-folder', folder: current })
              }}
            >
              Rename folder
            </button>
            <button
              type="button"
              className="button small"
              data-testid="album-folder-delete"
              title="Its albums and folders move up a level; no album is deleted"
              onClick={() =>
                void run(() => deleteFolder.mutateAsync({ folderId: current.id }), 'Could not delete the folder').then((done) => done && open(current.parentId))
              }
            >
              Delete folder
            </button>
          </>
        ) : null}
      </header>

      {naming ? (
        <form
          className="inline-form page-message"
          onSubmit={(event) => {
            event.preventDefault()
            void submitName()
          }}
        >
          <input
            autoFocus
            className="text-input"
            data-testid="album-name-input"
            placeholder={naming.kind === 'album' ? 'Album name' : 'Folder name'}
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && setNaming(null)}
          />
          <button type="submit" className="button primary small" data-testid="album-name-save" disabled={!name.trim()}>
            {naming.kind === 'rename-folder' ? 'Rename' : 'Create'}
          </button>
          <button type="button" className="button small" onClick={() => setNaming(null)}>
            Cancel
          </button>
        </form>
      ) : null}

      {tree.isError ? <p className="error-text page-message">Could not load albums: {errorText(tree.error)}</p> : null}
      {tree.isPending ? <p className="muted page-message">Loading albums…</p> : null}
      {tree.data && albums.length === 0 && subfolders.length === 0 ? (
        <div className="page-message" data-testid="albums-empty">
          <p>{here === null ? 'No albums yet.' : 'This folder is empty.'}</p>
          <p className="muted small">Make an album here, select photos anywhere and choose “Add to album”, or make albums from library folders.</p>
        </div>
      ) : null}

      <div className="album-grid page-section">
        {subfolders.map((f) => (
          <button
            key={`f${f.id}`}
            type="button"
            className="album-card album-folder-card"
            data-testid="album-folder-card"
            data-folder-id={f.id}
            onClick={() => open(f.id)}
            onDragOver={acceptDrop}
            onDrop={(event) => onDrop(event, f.id)}
          >
            <span className="album-cover album-cover-large" aria-hidden="true">
              <svg viewBox="0 0 24 24" width="56" height="56">
                <path d="M3 6.5 A1.5 1.5 0 0 1 4.5 5 H9.5 L11.5 7 H19.5 A1.5 1.5 0 0 1 21 8.5 V17.5 A1.5 1.5 0 0 1 19.5 19 H4.5 A1.5 1.5 0 0 1 3 17.5 Z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
              </svg>
            </span>
            <span className="album-card-name">{f.name}</span>
            <span className="muted small">{folderContents(f, folders, tree.data?.albums ?? [])}</span>
          </button>
        ))}
        {albums.map((a) => (
          <button
            key={a.id}
            type="button"
            className="album-card"
            data-testid="album-card"
            data-album-id={a.id}
            draggable
            onDragStart={(event) => event.dataTransfer.setData(DRAG_TYPE, String(a.id))}
            onClick={() => navigate({ name: 'album', albumId: a.id })}
          >
            <AlbumCover album={a} size="large" />
            <span className="album-card-name" data-testid="album-card-name">
              {a.name}
            </span>
            <span className="muted small" data-testid="album-card-count" data-count={a.count}>
              {pluralize(a.count, 'photo', 'photos')}
              {a.source?.synced ? ' · follows its folder' : ''}
              {a.smart ? ' · smart' : ''}
            </span>
            {a.dates ? (
              <span className="muted small" data-testid="album-card-dates">
                {formatDayRange(a.dates.first, a.dates.last)}
              </span>
            ) : null}
          </button>
        ))}
      </div>
      {/* Suggestions for smart albums, at the top level only. */}
      {here === null ? <ThemesSection /> : null}
      {fromFolder ? <FromFolderDialog folderId={here} onClose={() => setFromFolder(false)} /> : null}
      {newSmart ? <SmartAlbumDialog folderId={here} onClose={() => setNewSmart(false)} onSaved={(albumId) => navigate({ name: 'album', albumId })} /> : null}
    </div>
  )
}

function folderContents(folder: AlbumFolder, folders: readonly AlbumFolder[], albums: readonly AlbumSummary[]): string {
  const inner = folders.filter((f) => f.parentId === folder.id).length
  const count = albums.filter((a) => a.folderId === folder.id).length
  const parts = [pluralize(count, 'album', 'albums')]
  if (inner > 0) parts.push(pluralize(inner, 'folder', 'folders'))
  return parts.join(', ')
}
