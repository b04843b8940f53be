// Toolbar toggles for which photos the library shows: everything (hidden ones left out), only the
// favourites, or only the hidden photos. A pressed toggle pressed again returns to all photos.
import type { TimelineView } from '../api'

interface ViewTogglesProps {
  view: TimelineView
  onChange(view: TimelineView): void
}

const TOGGLES: { view: Exclude<TimelineView, 'all'>; label: string; title: string; testId: string }[] = [
  { view: 'favorites', label: '♥ Favourites', title: 'Only the favourites', testId: 'view-favorites' },
  { view: 'hidden', label: 'Hidden', title: 'Only the hidden photos (they are left out everywhere else)', testId: 'view-hidden' },
]

export function ViewToggles({ view, onChange }: ViewTogglesProps) {
  return (
    <div className="view-toggles" role="group" aria-label="Which photos">
      {TOGGLES.map((toggle) => (
        <button
          key={toggle.view}
          type="button"
          className={view === toggle.view ? 'button toggled' : 'button'}
          data-testid={toggle.testId}
          aria-pressed={view === toggle.view}
          title={toggle.title}
          onClick={() => onChange(view === toggle.view ? 'all' : toggle.view)}
        >
          {toggle.label}
        </button>
      ))}
    </div>
  )
}
