// Sidebar list of library folders. Removing a folder only forgets it (files on disk are untouched),
// but it drops all its photos from the library, so it asks for a second click.
import { useState } from 'react'
import type { LibraryRoot } from '../../../shared/domain'
import { useAppInfo, useRemoveRoot, useRoots } from '../api'
import { errorText, useNotify } from '../app/notices'
import { formatCount, pluralize } from '../lib/format'
import { folderName } from '../lib/typed-path'

interface RootsPanelProps {
  photoCount: number | null
  onAddFolder(): void
}

export function RootsPanel({ photoCount, onAddFolder }: RootsPanelProps) {
  const roots = useRoots()
  const info = useAppInfo()
  return (
    <nav className="sidebar" data-testid="roots-panel" aria-label="Library folders">
      <div className="sidebar-section">
        <div className="sidebar-item active">
          <span>All photos</span>
          <span className="muted">{photoCount === null ? '' : formatCount(photoCount)}</span>
        </div>
      </div>
      <div className="sidebar-section">
        <div className="section-title">
          <h3>Folders</h3>
          <button type="button" className="icon-button" aria-label="Add folder" title="Add folder" onClick={onAddFolder}>
            +
          </button>
        </div>
        {roots.isError ? <p className="error-text small">{errorText(roots.error)}</p> : null}
        {roots.data?.length === 0 ? <p className="muted small">No folders yet.</p> : null}
        <ul className="root-list">
          {roots.data?.map((root) => (
            <RootItem key={root.id} root={root} />
          ))}
        </ul>
      </div>
      {info.data ? (
        <div className="sidebar-footer muted small" title={info.data.libraryDir}>
          PhotoHouse {info.data.version} · {info.data.mode}
        </div>
      ) : null}
    </nav>
  )
}

function RootItem({ root }: { root: LibraryRoot }) {
  const remove = useRemoveRoot()
  const notify = useNotify()
  const [confirming, setConfirming] = useState(false)

  async function confirmRemove() {
    try {
      await remove.mutateAsync(root.id)
      notify('info', `Removed “${folderName(root.path)}” from the library (files on disk are untouched)`)
    } catch (error) {
      notify('error', `Could not remove the folder: ${errorText(error)}`)
      setConfirming(false)
    }
  }

  return (
    <li className="root-item" data-testid="root-item" data-root-id={root.id} title={root.path}>
      <div className="root-text">
        <span className="root-name">{folderName(root.path)}</span>
        {/* rtl + <bdi> ellipsizes the start of a long path while keeping its characters in order. */}
        <span className="root-path">
          <bdi>{root.path}</bdi>
        </span>
        <span className="root-count" data-testid="root-file-count">
          {pluralize(root.fileCount, 'file', 'files')}
        </span>
      </div>
      {confirming ? (
        <div className="root-confirm">
          <button type="button" className="button small danger" data-testid="root-remove-confirm" disabled={remove.isPending} onClick={confirmRemove}>
            Remove
          </button>
          <button type="button" className="button small" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <button type="button" className="icon-button root-remove" data-testid="root-remove" aria-label={`Remove ${root.path} from the library`} onClick={() => setConfirming(true)}>
          ×
        </button>
      )}
    </li>
  )
}
