import { useState } from 'react'
import type { FaceCropRef, PersonSummary } from '../../../shared/domain'
import { useApi } from '../api'

/** A person's cover face as a crop reference, or null when the person has none. */
export function coverOf(person: Pick<PersonSummary, 'coverFaceId' | 'coverCropKey'>): FaceCropRef | null {
  return person.coverFaceId !== null && person.coverCropKey !== null ? { id: person.coverFaceId, cropKey: person.coverCropKey } : null
}

/** A face crop, or a neutral silhouette when there is no face (or its crop fails to load). */
export function FaceCrop({ face, size = 'medium' }: { face: FaceCropRef | null; size?: 'small' | 'medium' | 'large' }) {
  const api = useApi()
  const url = face ? api.faceUrl(face) : null
  const [failed, setFailed] = useState<string | null>(null)
  if (url === null || failed === url) {
    return (
      <span className={`face-crop ${size} face-placeholder`} aria-hidden="true">
        <svg viewBox="0 0 24 24">
          <circle cx="12" cy="9" r="4" fill="currentColor" />
          <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7" fill="currentColor" />
        </svg>
      </span>
    )
  }
  return <img className={`face-crop ${size}`} src={url} alt="" loading="lazy" draggable={false} onError={() => setFailed(url)} />
}
