// "Add to album": pick an album (filtered as you type) or make a new one. Used by the selection's
// action bar and the viewer.
import { useEffect, useMemo, useRef, useState } from 'react'
import { folderPath, type AlbumCreated, type AlbumSummary } from '../../../shared/albums'
import { errorText } from '../app/notices'
import { pluralize } from '../lib/format'
import { AlbumCover } from './AlbumCover'
import { useAlbumTree, useCreateAlbum } from './hooks'

export interface AlbumPickerProps {
  title?: string
  /**
   * The photos being added, if any: "New album…" then creates the album WITH them, in one undoable
   * step, and `onPick` receives that step as `created` (the caller must not add them again).
   */
  assetIds?: readonly number[]
  /** Albums not offered (e.g. the one being viewed). */
  excludeIds?: readonly number[]
  /**
   * The album chosen. `created` is set when the picker made it ("New album…"): it already holds
   * `assetIds`, and `created.undo` takes the whole thing back.
   */
  onPick(albumId: number, created?: AlbumCreated): void
  onClose(): void
}

const normalize = (text: string) => text.trim().toLocaleLowerCase()

export function AlbumPicker({ title = 'Add to album', assetIds, excludeIds = [], onPick, onClose }: AlbumPickerProps) {
  const tree = useAlbumTree()
  const create = useCreateAlbum()
  const [filter, setFilter] = useState('')
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    inputRef.current?.focus()
    function onKey(event: KeyboardEvent) {
      if (event.key === 'Escape') {
        event.preventDefault()
        onClose()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose, naming])

  const options = useMemo(() => {
    const folders = tree.data?.folders ?? []
    const label = (a: AlbumSummary) => [...folderPath(folders, a.folderId).map((f) => f.name), a.name].join(' / ')
    const key = normalize(filter)
    return (tree.data?.albums ?? [])
      .filter((a) => !excludeIds.includes(a.id))
      .map((album) => ({ album, label: label(album) }))
      .filter((o) => !key || normalize(o.label).includes(key))
      .sort((a, b) => a.label.localeCompare(b.label))
  }, [tree.data, excludeIds, filter])

  async function createAlbum() {
    const trimmed = name.trim()
    if (!trimmed) return
    setError(null)
    try {
      const created = await create.mutateAsync({ name: trimmed, ...(assetIds && assetIds.length > 0 ? { assetIds: [...assetIds] } : {}) })
      onPick(created.album.id, created)
    } catch (e) {
      setError(`Could not create the album: ${errorText(e)}`)
    }
  }

  const pickable = (a: AlbumSummary) => !(assetIds && a.source?.synced)

  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="modal picker" role="dialog" aria-modal="true" aria-label={title} data-testid="album-picker">
        <h2>{title}</h2>
        {naming ? (
          <form
            className="album-picker-new"
            onSubmit={(event) => {
              event.preventDefault()
              void createAlbum()
            }}
          >
            <input
              ref={inputRef}
              className="text-input plain"
              data-testid="album-name-input"
              placeholder="Album name"
              maxLength={200}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
            <button type="submit" className="button primary" data-testid="album-create" disabled={!name.trim() || create.isPending}>
              Create
            </button>
          </form>
        ) : (
          <>
            <input
              ref={inputRef}
              className="text-input plain"
              data-testid="album-picker-filter"
              placeholder="Filter albums"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
              onKeyDown={(event) => {
                const first = options.find((o) => pickable(o.album))
                if (event.key === 'Enter' && first) onPick(first.album.id)
              }}
            />
            <ul className="picker-list">
              <li>
                <button
                  type="button"
                  className="picker-option"
                  data-testid="album-picker-new"
                  onClick={() => {
                    setName(filter.trim())
                    setNaming(true)
                  }}
                >
                  <span className="album-cover album-cover-small album-cover-new" aria-hidden="true">
                    +
                  </span>
                  <span>New album…</span>
                </button>
              </li>
              {options.map(({ album, label }) => (
                <li key={album.id}>
                  <button
                    type="button"
                    className="picker-option"
                    data-testid="album-picker-item"
                    data-album-id={album.id}
                    disabled={!pickable(album)}
                    title={pickable(album) ? undefined : `Follows the folder ${album.source?.path ?? ''}`}
                    onClick={() => onPick(album.id)}
                  >
                    <AlbumCover album={album} size="small" />
                    <span>{label}</span>
                    <span className="muted small push-right">{album.source?.synced ? 'follows its folder' : pluralize(album.count, 'photo', 'photos')}</span>
                  </button>
                </li>
              ))}
              {tree.data && options.length === 0 ? (
                <li className="muted small">{filter.trim() ? 'No album matches.' : 'No albums yet.'}</li>
              ) : null}
            </ul>
          </>
        )}
        {tree.isError ? <p className="error-text small">Could not load albums: {errorText(tree.error)}</p> : null}
        {error ? <p className="error-text small">{error}</p> : null}
        <div className="modal-actions">
          <button type="button" className="button" onClick={naming ? () => setNaming(false) : onClose}>
            {naming ? 'Back' : 'Cancel'}
          </button>
        </div>
      </div>
    </div>
  )
}
