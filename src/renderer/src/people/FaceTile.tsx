import type { MouseEvent } from 'react'
import type { FaceRef } from '../../../shared/domain'
import { FaceCrop } from './FaceCrop'

/** One selectable face crop; a green dot marks faces the user confirmed (they survive reclusters). */
interface FaceTileProps {
  face: FaceRef
  selected: boolean
  testId?: string
  onClick(event: MouseEvent): void
}

export function FaceTile({ face, selected, testId = 'person-face', onClick }: FaceTileProps) {
  return (
    <button
      type="button"
      className={selected ? 'face-tile selected' : 'face-tile'}
      data-testid={testId}
      data-face-id={face.id}
      aria-pressed={selected}
      title={face.pinned ? 'Confirmed by you' : `Detection score ${Math.round(face.score * 100)}%`}
      onClick={onClick}
    >
      <FaceCrop face={face} size="medium" />
      {face.pinned ? <span className="face-pin" aria-label="Confirmed" /> : null}
      {selected ? <span className="face-check" aria-hidden="true">✓</span> : null}
    </button>
  )
}
