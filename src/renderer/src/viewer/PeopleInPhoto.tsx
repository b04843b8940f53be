import type { FaceRef } from '../../../shared/domain'
import { useApi } from '../api'
import { personLabel } from '../lib/people'

interface PeopleInPhotoProps {
  faces: readonly FaceRef[]
  showBoxes: boolean
  onToggleBoxes(): void
  onHighlight(faceId: number | null): void
  onOpenPerson(personId: number): void
}

/** "People in this photo": one crop per face, its person's name opening the person page. */
export function PeopleInPhoto({ faces, showBoxes, onToggleBoxes, onHighlight, onOpenPerson }: PeopleInPhotoProps) {
  const api = useApi()
  return (
    <section className="meta-section" data-testid="viewer-people">
      <div className="section-title">
        <h3>People in this photo</h3>
        <button type="button" className={showBoxes ? 'button small toggled' : 'button small'} aria-pressed={showBoxes} data-testid="face-boxes-toggle" onClick={onToggleBoxes}>
          Boxes
        </button>
      </div>
      <ul className="viewer-faces">
        {faces.map((face) => {
          const label = face.personId === null ? 'Not grouped yet' : personLabel({ name: face.personName })
          return (
            <li key={face.id} onMouseEnter={() => onHighlight(face.id)} onMouseLeave={() => onHighlight(null)}>
              <button
                type="button"
                className="viewer-face"
                data-testid="viewer-person"
                data-person-id={face.personId ?? undefined}
                disabled={face.personId === null}
                onClick={() => face.personId !== null && onOpenPerson(face.personId)}
              >
                <img className="face-crop small" src={api.faceUrl(face)} alt="" loading="lazy" />
                <span className={face.personName ? '' : 'muted'}>{label}</span>
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
