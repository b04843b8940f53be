import type { PhotoEventPerson } from '../../../shared/photo-events'
import { FaceCrop } from '../people/FaceCrop'

/** The faces of an event's people, most photos first; a name, when known, as the tooltip. */
export function EventPeople({ people, size = 'small' }: { people: PhotoEventPerson[]; size?: 'small' | 'medium' }) {
  if (people.length === 0) return null
  return (
    <span className="event-people" data-testid="event-people">
      {people.map((p) => (
        <span key={p.id} className="event-person" title={p.name ?? 'Unnamed person'} data-person-id={p.id}>
          <FaceCrop face={p.face} size={size} />
        </span>
      ))}
    </span>
  )
}
