import type { PersonSummary } from '../../../shared/domain'
import { pluralize } from '../lib/format'
import { personLabel } from '../lib/people'
import { coverOf, FaceCrop } from './FaceCrop'

export function PersonCard({ person, onOpen }: { person: PersonSummary; onOpen(personId: number): void }) {
  return (
    <button
      type="button"
      className={person.hidden ? 'person-card hidden-person' : 'person-card'}
      data-testid="person-card"
      data-person-id={person.id}
      data-named={person.name ? 'true' : 'false'}
      onClick={() => onOpen(person.id)}
    >
      <FaceCrop face={coverOf(person)} size="large" />
      <span className={person.name ? 'person-name' : 'person-name muted'} data-testid="person-card-name">
        {personLabel(person)}
      </span>
      <span className="muted small">
        {pluralize(person.photoCount, 'photo', 'photos')}
        {person.hidden ? ' · hidden' : ''}
      </span>
    </button>
  )
}
