// Events: the library cut by time and place, as cards grouped by year (newest first). A card shows
// the cover, title, dates, count and the faces of the event's people, and opens the event's page.
import { summaryDates } from '../../../shared/photo-events'
import { useNavigation } from '../app/navigation'
import { errorText } from '../app/notices'
import { formatCount, pluralize } from '../lib/format'
import { EventCover } from './EventCover'
import { EventPeople } from './EventPeople'
import { groupByYear } from './group-by-year'
import { useEventList } from './hooks'

export function EventsScreen() {
  const events = useEventList()
  const { navigate } = useNavigation()
  const years = groupByYear(events.data ?? [])
  return (
    <div className="page" data-testid="events-screen">
      <header className="page-header">
        <h1>Events</h1>
        <span className="muted">{events.data ? formatCount(events.data.length) : ''}</span>
      </header>
      {events.isError ? <p className="error-text page-message">Could not load events: {errorText(events.error)}</p> : null}
      {events.isPending ? <p className="muted page-message">Loading events…</p> : null}
      {events.data && events.data.length === 0 ? (
        <div className="page-message" data-testid="events-empty">
          <p>No events yet.</p>
          <p className="muted small">Events appear as photos are imported: photos taken close together in time and place make one.</p>
        </div>
      ) : null}
      {years.map((group) => (
        <section key={group.year} className="page-section" data-testid="events-year" data-year={group.year}>
          <h2 className="events-year">{group.year}</h2>
          <div className="album-grid">
            {group.events.map((e) => (
              <button
                key={e.id}
                type="button"
                className="album-card event-card"
                data-testid="event-card"
                data-event-id={e.id}
                onClick={() => navigate({ name: 'event', eventId: e.id })}
              >
                <EventCover event={e} />
                <span className="album-card-name" data-testid="event-card-title">
                  {e.title}
                </span>
                <span className="muted small">
                  {e.named ? `${summaryDates(e)} · ` : ''}
                  <span data-testid="event-card-count" data-count={e.count}>
                    {pluralize(e.count, 'photo', 'photos')}
                  </span>
                </span>
                <EventPeople people={e.people} />
              </button>
            ))}
          </div>
        </section>
      ))}
    </div>
  )
}
