import { useState } from 'react'
import { useApi } from '../api'

/** A face crop, or a neutral silhouette when there is no face (or its crop fails to load). */
export function FaceCrop({ faceId, size = 'medium' }: { faceId: number | null; size?: 'small' | 'medium' | 'large' }) {
  const api = useApi()
  const [failed, setFailed] = useState<number | null>(null)
  if (faceId === null || failed === faceId) {
    return (
      <span className={`face-crop ${size} face-placeholder`} aria-hidden="true">
        <svg viewBox="0 0 24 24">
          <circle cx="12" cy="9" r="4" fill="currentColor" />
          <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7" fill="currentColor" />
        </svg>
      </span>
    )
  }
  return <img className={`face-crop ${size}`} src={api.faceUrl(faceId)} alt="" loading="lazy" draggable={false} onError={() => setFailed(faceId)} />
}
