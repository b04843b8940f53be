import type { PhotoEventSummary } from '../../../shared/photo-events'
import { useApi } from '../api'

/** An event's cover thumbnail, or an empty frame. */
export function EventCover({ event }: { event: PhotoEventSummary }) {
  const api = useApi()
  const cover = event.cover
  return (
    <span className="album-cover album-cover-large" aria-hidden="true">
      {cover?.hasThumb ? <img src={api.mediaUrl('grid', cover)} alt="" loading="lazy" draggable={false} /> : null}
    </span>
  )
}
