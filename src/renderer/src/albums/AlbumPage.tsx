// One album: its name and description (edited in place), count, folder, and its photos in the
// album's order, in a virtualized grid that loads the pages it shows (an album of any size). Photos
// are reordered by dragging their handle (a selected one takes the selection along), by moving the
// selection earlier or later, or all at once by date taken; selected photos can be removed or made
// the cover. Every change offers Undo. The viewer opened here walks the album's order.
import { useCallback, useRef, useState, type DragEvent, type ReactNode } from 'react'
import { folderPath, isAlbumError, type AlbumSummary } from '../../../shared/albums'
import type { AssetSummary, BatchResult } from '../../../shared/domain'
import { useNavigation } from '../app/navigation'
import { errorText, useNotify } from '../app/notices'
import { useOfferSteps } from '../app/undo'
import { pluralize } from '../lib/format'
import { SelectionBar, useAssetSelection, useSelectionKeys } from '../selection'
import { formatDayRange } from './album-dates'
import { placeBefore } from './album-order'
import { ExportButton } from '../export'
import { AlbumGrid, type AlbumGridHandle } from './AlbumGrid'
import { AlbumViewer } from './AlbumViewer'
import { SmartAlbumDialog } from '../smart-albums'
import {
  useAlbum,
  useAlbumIds,
  useAlbumTree,
  useDeleteAlbum,
  useDescribeAlbum,
  useMoveAlbums,
  useRemoveFromAlbum,
  useRenameAlbum,
  useReorderAlbum,
  useSetAlbumCover,
  useSortAlbumByDate,
} from './hooks'

const DRAG_TYPE = 'application/x-photohouse-album-photos'

export function AlbumPage({ albumId }: { albumId: number }) {
  const album = useAlbum(albumId)
  const { navigate } = useNavigation()
  if (album.isPending) return <div className="center muted">Loading…</div>
  if (album.isError) return <div className="center error-text">Could not load this album: {errorText(album.error)}</div>
  if (!album.data)
    return (
      <div className="center" data-testid="album-gone">
        <p>This album no longer exists.</p>
        <button type="button" className="button" onClick={() => navigate({ name: 'albums' })}>
          Back to Albums
        </button>
      </div>
    )
  return <AlbumView album={album.data} />
}

type Editing = 'name' | 'description' | null

function AlbumView({ album }: { album: AlbumSummary }) {
  const { navigate } = useNavigation()
  const notify = useNotify()
  const offerSteps = useOfferSteps()
  const tree = useAlbumTree()
  const [showHidden, setShowHidden] = useState(false)
  const total = showHidden ? album.count + album.hiddenCount : album.count
  const grid = useRef<AlbumGridHandle>(null)
  const { idAt, idsIn } = useAlbumIds(album.id, showHidden)
  // The viewer walks album positions (not a list in hand): it sits here, over the album's pages.
  const [viewing, setViewing] = useState<number | null>(null)
  const rename = useRenameAlbum()
  const describe = useDescribeAlbum()
  const del = useDeleteAlbum()
  const remove = useRemoveFromAlbum()
  const reorder = useReorderAlbum()
  const setCover = useSetAlbumCover()
  const sortByDate = useSortAlbumByDate()
  const move = useMoveAlbums()
  const [editing, setEditing] = useState<Editing>(null)
  const [draft, setDraft] = useState('')
  const [confirmDelete, setConfirmDelete] = useState(false)
  // Where a drag would put the photos: before this photo, or at the end.
  const [dropBefore, setDropBefore] = useState<number | 'end' | null>(null)
  const selection = useAssetSelection({
    total,
    idAt,
    idsIn,
    rows: () => grid.current?.tileRows() ?? [],
    open: setViewing,
    reveal: (position) => grid.current?.scrollToAsset(position),
  })
  useSelectionKeys(selection, editing === null && !confirmDelete && viewing === null)
  // The viewer walking the album brings its photo into view and gives it the grid's focus.
  const { setFocus } = selection
  const walk = useCallback(
    (index: number) => {
      setViewing(index)
      grid.current?.scrollToAsset(index)
      setFocus(index)
    },
    [setFocus],
  )
  const closeViewer = useCallback(() => setViewing(null), [])
  const folders = tree.data?.folders ?? []
  const trail = folderPath(folders, album.folderId)
  const synced = album.source?.synced === true
  // A smart album's photos are its rule's, newest first: nothing is added, removed or ordered by hand.
  const smart = album.smart !== null
  const [editingRule, setEditingRule] = useState(false)

  async function run(action: () => Promise<BatchResult>, failure: string): Promise<boolean> {
    try {
      const result = await action()
      if (result.undo) offerSteps(result.undo.label, [result.undo])
      return true
    } catch (error) {
      // Deleted meanwhile (in another window): its page says so once the album refetches.
      if (isAlbumError(error, 'album-not-found')) notify('error', `${failure}: this album no longer exists`)
      else notify('error', `${failure}: ${errorText(error)}`)
      return false
    }
  }

  /** Every photo id of the album in its order (the ids of pages not loaded are fetched). */
  const albumOrder = () => (total > 0 ? idsIn([[0, total - 1]]) : Promise.resolve([]))

  async function saveEdit() {
    if (editing === 'name' && draft.trim() && draft.trim() !== album.name) {
      await run(() => rename.mutateAsync({ albumId: album.id, name: draft.trim() }), 'Could not rename the album')
    } else if (editing === 'description' && draft !== album.description) {
      await run(() => describe.mutateAsync({ albumId: album.id, description: draft }), 'Could not change the description')
    }
    setEditing(null)
  }

  /** Moves the selected photos one place earlier (-1) or later (+1), keeping their order. */
  function shift(direction: -1 | 1) {
    const ids = new Set(selection.ids())
    void run(async () => {
      const order = await albumOrder()
      const target = placeBefore(order, ids, direction)
      if (target === undefined) return { changed: 0, undo: null }
      const moved = order.filter((id) => ids.has(id))
      return reorder.mutateAsync({ albumId: album.id, ids: moved, before: target })
    }, 'Could not reorder')
  }

  function sortBy(order: 'oldest' | 'newest') {
    void run(() => sortByDate.mutateAsync({ albumId: album.id, order }), 'Could not sort the album')
  }

  /** Dragging a selected photo moves the whole selection (put in album order on the drop); another photo moves alone. */
  function startDrag(event: DragEvent, assetId: number) {
    const selected = selection.ids()
    const ids = selected.includes(assetId) ? selected : [assetId]
    event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(ids))
    event.dataTransfer.effectAllowed = 'move'
  }

  /** The photo the dragged ones would go in front of: the tile under the pointer, or after it past its middle. */
  function dropTarget(event: DragEvent): number | 'end' | null {
    const tile = (event.target as HTMLElement).closest<HTMLElement>('[data-asset-id]')
    if (!tile) return null
    const id = Number(tile.dataset['assetId'])
    const box = tile.getBoundingClientRect()
    if (event.clientX < box.left + box.width / 2) return id
    const index = Number(tile.dataset['index'])
    if (index + 1 >= total) return 'end'
    // The next tile is on screen (or the row below it): its page is loaded.
    return idAt(index + 1) ?? null
  }

  function onDrop(event: DragEvent) {
    const raw = event.dataTransfer.getData(DRAG_TYPE)
    const target = dropTarget(event)
    setDropBefore(null)
    if (!raw || target === null) return
    event.preventDefault()
    const dragged = new Set(JSON.parse(raw) as number[])
    if (typeof target === 'number' && dragged.has(target)) return
    void run(async () => {
      // A selection has no order of its own: the photos keep the album's.
      const ids = dragged.size === 1 ? [...dragged] : (await albumOrder()).filter((id) => dragged.has(id))
      return reorder.mutateAsync({ albumId: album.id, ids, before: target === 'end' ? null : target })
    }, 'Could not reorder')
  }

  const overlay = (asset: AssetSummary, index: number): ReactNode => (
    <>
      {album.cover?.id === asset.id ? (
        <span className="album-photo-badge" data-testid="album-cover-badge">
          Cover
        </span>
      ) : null}
      {dropBefore === asset.id || (dropBefore === 'end' && index === total - 1) ? (
        <span className={dropBefore === 'end' ? 'album-drop-marker end' : 'album-drop-marker'} aria-hidden="true" />
      ) : null}
      {smart ? null : <span
        className="album-drag-handle"
        data-testid="album-drag-handle"
        draggable
        title="Drag to reorder"
        aria-hidden="true"
        // Keeps the grid's rectangle selection from starting on the handle.
        onPointerDown={(event) => event.stopPropagation()}
        onDragStart={(event) => startDrag(event, asset.id)}
        onDragEnd={() => setDropBefore(null)}
      >
        ⠿
      </span>}
    </>
  )

  const selectedIds = selection.count > 0 ? selection.ids() : []
  const extraActions = (
    <div className="button-group">
      {smart ? null : (
        <>
          <button type="button" className="button small" data-testid="album-move-earlier" title="Move earlier in the album" onClick={() => shift(-1)}>
            ← Earlier
          </button>
          <button type="button" className="button small" data-testid="album-move-later" title="Move later in the album" onClick={() => shift(1)}>
            Later →
          </button>
        </>
      )}
      {selectedIds.length === 1 ? (
        <button
          type="button"
          className="button small"
          data-testid="album-set-cover"
          onClick={() => void run(() => setCover.mutateAsync({ albumId: album.id, assetId: selectedIds[0]! }), 'Could not set the cover')}
        >
          Set as cover
        </button>
      ) : null}
      {synced || smart ? null : (
        <button
          type="button"
          className="button small"
          data-testid="album-remove-photos"
          title="The photos stay in the library"
          onClick={() => {
            const ids = selection.ids()
            void run(() => remove.mutateAsync({ albumId: album.id, ids }), 'Could not remove from the album').then((ok) => ok && selection.clear())
          }}
        >
          Remove from album
        </button>
      )}
    </div>
  )

  return (
    <div className="page album-page" data-testid="album-page" data-album-id={album.id}>
      <header className="page-header">
        <nav className="album-breadcrumb" aria-label="Album folders">
          <button type="button" className="link-button" data-testid="album-back" onClick={() => navigate({ name: 'albums' })}>
            Albums
          </button>
          {trail.map((f) => (
            <span key={f.id}>
              {' / '}
              <button type="button" className="link-button" onClick={() => navigate({ name: 'albums', folderId: f.id })}>
                {f.name}
              </button>
            </span>
          ))}
          <span>{' / '}</span>
        </nav>
        {editing === 'name' ? (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault()
              void saveEdit()
            }}
          >
            <input
              autoFocus
              className="text-input"
              data-testid="album-name-input"
              maxLength={200}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => event.key === 'Escape' && setEditing(null)}
            />
            <button type="submit" className="button small primary" data-testid="album-name-save" disabled={!draft.trim()}>
              Save
            </button>
          </form>
        ) : (
          <h1 data-testid="album-title">{album.name}</h1>
        )}
        <span className="muted" data-testid="album-count" data-count={album.count}>
          {pluralize(album.count, 'photo', 'photos')}
        </span>
        {album.dates ? (
          <span className="muted small" data-testid="album-dates">
            {formatDayRange(album.dates.first, album.dates.last)}
          </span>
        ) : null}
        <div className="toolbar-spacer" />
        <ExportButton source={() => ({ albumId: album.id })} what={`album “${album.name}”`} />
        {smart ? null : <label className="checkbox">
          <input
            type="checkbox"
            data-testid="album-show-hidden"
            checked={showHidden}
            onChange={(event) => {
              // Positions mean other photos with or without the hidden ones: start the selection afresh.
              selection.clear()
              setShowHidden(event.target.checked)
            }}
          />
          Show hidden
        </label>}
        {album.count > 1 && !smart ? (
          <label className="small muted">
            Sort{' '}
            <select
              data-testid="album-sort"
              value=""
              onChange={(event) => {
                const order = event.target.value
                if (order === 'oldest' || order === 'newest') sortBy(order)
              }}
            >
              <option value="">by hand</option>
              <option value="oldest">by date, oldest first</option>
              <option value="newest">by date, newest first</option>
            </select>
          </label>
        ) : null}
        <button
          type="button"
          className="button small"
          data-testid="album-rename"
          onClick={() => {
            setDraft(album.name)
            setEditing('name')
          }}
        >
          Rename
        </button>
        <button
          type="button"
          className="button small"
          data-testid="album-describe"
          onClick={() => {
            setDraft(album.description)
            setEditing('description')
          }}
        >
          {album.description ? 'Edit description' : 'Add description'}
        </button>
        <label className="small muted">
          Folder{' '}
          <select
            data-testid="album-folder-select"
            value={album.folderId ?? ''}
            onChange={(event) => {
              const into = event.target.value === '' ? null : Number(event.target.value)
              void run(() => move.mutateAsync({ albumIds: [album.id], into }), 'Could not move the album')
            }}
          >
            <option value="">(top level)</option>
            {folders.map((f) => (
              <option key={f.id} value={f.id}>
                {folderPath(folders, f.id)
                  .map((p) => p.name)
                  .join(' / ')}
              </option>
            ))}
          </select>
        </label>
        {confirmDelete ? (
          <span className="confirm-group">
            <span className="small">Delete this album? Its photos stay in the library.</span>
            <button
              type="button"
              className="button small danger"
              data-testid="album-delete-confirm"
              onClick={() =>
                void run(() => del.mutateAsync({ albumId: album.id }), 'Could not delete the album').then(
                  (ok) => ok && navigate(album.folderId === null ? { name: 'albums' } : { name: 'albums', folderId: album.folderId }),
                )
              }
            >
              Delete
            </button>
            <button type="button" className="button small" onClick={() => setConfirmDelete(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="button small" data-testid="album-delete" onClick={() => setConfirmDelete(true)}>
            Delete album
          </button>
        )}
      </header>

      {editing === 'description' ? (
        <form
          className="page-message"
          onSubmit={(event) => {
            event.preventDefault()
            void saveEdit()
          }}
        >
          <textarea
            autoFocus
            className="text-input textarea album-description"
            data-testid="album-description-input"
            rows={3}
            maxLength={5000}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && setEditing(null)}
          />
          <div className="modal-actions">
            <button type="button" className="button small" onClick={() => setEditing(null)}>
              Cancel
            </button>
            <button type="submit" className="button small primary" data-testid="album-description-save">
              Save
            </button>
          </div>
        </form>
      ) : album.description ? (
        <p className="album-description page-message" data-testid="album-description">
          {album.description}
        </p>
      ) : null}
      {album.smart ? (
        <p className="muted small page-message smart-album-rule">
          Smart album: <code data-testid="album-rule">{album.smart.text || '(every photo)'}</code>{' '}
          <button type="button" className="button small" data-testid="album-edit-rule" onClick={() => setEditingRule(true)}>
            Edit rule
          </button>
        </p>
      ) : null}
      {editingRule ? <SmartAlbumDialog album={album} onClose={() => setEditingRule(false)} /> : null}
      {album.source ? (
        <p className="muted small page-message" data-testid="album-source">
          {synced ? `Follows the folder ${album.source.path}: photos added to it appear here.` : `Made from the folder ${album.source.path}.`}
        </p>
      ) : null}

      <section
        className="album-photos-section"
        data-drop-before={dropBefore ?? undefined}
        onDragOver={(event) => {
          if (!event.dataTransfer.types.includes(DRAG_TYPE)) return
          event.preventDefault()
          setDropBefore(dropTarget(event))
        }}
        onDragLeave={(event) => event.currentTarget === event.target && setDropBefore(null)}
        onDrop={onDrop}
      >
        {total === 0 ? (
          <p className="muted page-message" data-testid="album-empty">
            {smart ? 'No photos match this rule yet.' : synced ? 'No photos in this folder yet.' : 'No photos yet: select photos anywhere and choose “Add to album”.'}
          </p>
        ) : (
          <AlbumGrid ref={grid} albumId={album.id} includeHidden={showHidden} total={total} selection={selection} overlay={overlay} onOpen={setViewing} />
        )}
      </section>
      <SelectionBar selection={selection} extraActions={extraActions} />
      {viewing !== null && viewing < total ? (
        <AlbumViewer albumId={album.id} includeHidden={showHidden} index={viewing} total={total} onNavigate={walk} onClose={closeViewer} />
      ) : null}
    </div>
  )
}
