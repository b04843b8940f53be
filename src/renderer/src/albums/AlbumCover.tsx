import type { AlbumSummary } from '../../../shared/albums'
import { useApi } from '../api'

/** An album's cover thumbnail (the chosen cover, else its first photo), or an empty frame. */
export function AlbumCover({ album, size }: { album: AlbumSummary; size: 'small' | 'large' }) {
  const api = useApi()
  const cover = album.cover
  return (
    <span className={`album-cover album-cover-${size}`} aria-hidden="true">
      {cover?.hasThumb ? <img src={api.mediaUrl('grid', cover)} alt="" loading="lazy" draggable={false} /> : null}
    </span>
  )
}
