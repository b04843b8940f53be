// Sidebar list of library folders. Removing a folder only forgets it (files on disk are untouched),
// but it drops all its photos from the library, so it asks for a second click.
import { useState } from 'react'
import type { LibraryRoot } from '../../../shared/domain'
import { useAppInfo, usePeople, useRemoveRoot, useRoots } from '../api'
import { useAlbumTree } from '../albums'
import type { Route } from '../app/navigation'
import { errorText, useNotify } from '../app/notices'
import { formatCount, pluralize } from '../lib/format'
import { folderName } from '../lib/typed-path'
import { LocateFolderButton } from '../export'

interface RootsPanelProps {
  photoCount: number | null
  route: Route
  /** True while search results replace the library grid. */
  searching: boolean
  onNavigate(route: Route): void
  onAddFolder(): void
}

type Section = 'library' | 'people' | 'albums' | 'events' | 'map' | 'models' | 'settings'

function sectionOf(route: Route): Section {
  if (route.name === 'people' || route.name === 'person') return 'people'
  if (route.name === 'albums' || route.name === 'album') return 'albums'
  if (route.name === 'events' || route.name === 'event') return 'events'
  if (route.name === 'map') return 'map'
  if (route.name === 'models') return 'models'
  if (route.name === 'settings') return 'settings'
  return 'library'
}

export function RootsPanel({ photoCount, route, searching, onNavigate, onAddFolder }: RootsPanelProps) {
  const roots = useRoots()
  const info = useAppInfo()
  const people = usePeople(false)
  const albumCount = useAlbumTree().data?.albums.length ?? 0
  const current = searching ? null : sectionOf(route)
  const item = (section: Section) => (current === section ? 'sidebar-item active' : 'sidebar-item')
  return (
    <nav className="sidebar" data-testid="roots-panel" aria-label="Library">
      <div className="sidebar-section">
        <button
          type="button"
          className={item('library')}
          data-testid="nav-library"
          aria-current={current === 'library' ? 'page' : undefined}
          onClick={() => onNavigate({ name: 'library' })}
        >
          <span>All photos</span>
          <span className="muted">{photoCount === null ? '' : formatCount(photoCount)}</span>
        </button>
        <button
          type="button"
          className={item('people')}
          data-testid="nav-people"
          aria-current={current === 'people' ? 'page' : undefined}
          onClick={() => onNavigate({ name: 'people' })}
        >
          <span>People</span>
          <span className="muted">{people.data && people.data.length > 0 ? formatCount(people.data.length) : ''}</span>
        </button>
        <button
          type="button"
          className={item('albums')}
          data-testid="nav-albums"
          aria-current={current === 'albums' ? 'page' : undefined}
          onClick={() => onNavigate({ name: 'albums' })}
        >
          <span>Albums</span>
          <span className="muted">{albumCount > 0 ? formatCount(albumCount) : ''}</span>
        </button>
        <button
          type="button"
          className={item('events')}
          data-testid="nav-events"
          aria-current={current === 'events' ? 'page' : undefined}
          onClick={() => onNavigate({ name: 'events' })}
        >
          <span>Events</span>
        </button>
        <button
          type="button"
          className={item('map')}
          data-testid="nav-map"
          aria-current={current === 'map' ? 'page' : undefined}
          onClick={() => onNavigate({ name: 'map' })}
        >
          <span>Map</span>
        </button>
        <button
          type="button"
          className={item('models')}
          data-testid="nav-models"
          aria-current={current === 'models' ? 'page' : undefined}
          onClick={() => onNavigate({ name: 'models' })}
        >
          <span>Models</span>
        </button>
        <button
          type="button"
          className={item('settings')}
          data-testid="nav-settings"
          aria-current={current === 'settings' ? 'page' : undefined}
          onClick={() => onNavigate({ name: 'settings' })}
        >
          <span>Settings</span>
        </button>
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
        {root.unreachable ? (
          // Its photos are kept as they were; the user should know why nothing new shows up.
          <span className="root-unreachable" data-testid="root-unreachable" title={`Since ${root.unreachable.since}`}>
            Unreachable: {root.unreachable.reason}
          </span>
        ) : null}
        <LocateFolderButton root={root} />
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
