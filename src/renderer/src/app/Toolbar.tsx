import type { ReactNode } from 'react'
import { formatCount } from '../lib/format'
import { useNavigation } from './navigation'

interface ToolbarProps {
  /** The search field, between the title and the actions. */
  search: ReactNode
  photoCount: number | null
  failures: number
  activityOpen: boolean
  addingFolder: boolean
  progress: ReactNode
  /** Which photos the library shows (favourites, hidden). */
  views?: ReactNode
  onAddFolder(): void
  onToggleActivity(): void
}

export function Toolbar({ search, photoCount, failures, activityOpen, addingFolder, progress, views, onAddFolder, onToggleActivity }: ToolbarProps) {
  return (
    <header className="toolbar" data-testid="toolbar">
      <div className="brand">
        <svg viewBox="0 0 24 24" aria-hidden="true" className="brand-mark">
          <path d="M3 11 L12 4 L21 11 V20 H3 Z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
          <circle cx="12" cy="14" r="3" fill="currentColor" />
        </svg>
        <span>PhotoHouse</span>
      </div>
      <span className="muted photo-count" data-testid="photo-count">
        {photoCount === null ? '' : `${formatCount(photoCount)} ${photoCount === 1 ? 'photo' : 'photos'}`}
      </span>
      <div className="toolbar-search">{search}</div>
      {progress}
      {views}
      <DuplicatesButton />
      <TrashButton />
      <button type="button" className="button primary" data-testid="add-folder" disabled={addingFolder} onClick={onAddFolder}>
        Add folder
      </button>
      <button
        type="button"
        className={activityOpen ? 'button toggled' : 'button'}
        data-testid="activity-toggle"
        aria-pressed={activityOpen}
        onClick={onToggleActivity}
      >
        Activity
        {failures > 0 ? (
          <span className="badge state-dead" data-testid="failure-badge">
            {formatCount(failures)}
          </span>
        ) : null}
      </button>
    </header>
  )
}

/** Opens the Trash (photos moved out of the library, restorable for 30 days). */
function TrashButton() {
  const { route, navigate } = useNavigation()
  const active = route.name === 'trash'
  return (
    <button type="button" className={active ? 'button toggled' : 'button'} data-testid="trash-nav" aria-pressed={active} onClick={() => navigate({ name: 'trash' })}>
      Trash
    </button>
  )
}

/** Opens the duplicate review. */
function DuplicatesButton() {
  const { route, navigate } = useNavigation()
  const active = route.name === 'duplicates'
  return (
    <button
      type="button"
      className={active ? 'button toggled' : 'button'}
      data-testid="duplicates-nav"
      aria-pressed={active}
      onClick={() => navigate({ name: 'duplicates' })}
    >
      Duplicates
    </button>
  )
}
