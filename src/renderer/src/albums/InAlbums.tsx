import { useAlbumsOfAsset } from './hooks'

/** "In albums": the albums a photo is in, as chips that open the album (nothing when it is in none). */
export function InAlbums({ assetId, onOpenAlbum }: { assetId: number; onOpenAlbum(albumId: number): void }) {
  const albums = useAlbumsOfAsset(assetId)
  if (!albums.data || albums.data.length === 0) return null
  return (
    <div className="meta-field">
      <dt>In albums</dt>
      <dd data-testid="meta-albums" className="album-chips">
        {albums.data.map((a) => (
          <button key={a.id} type="button" className="chip" data-testid="album-chip" data-album-id={a.id} onClick={() => onOpenAlbum(a.id)}>
            {a.name}
          </button>
        ))}
      </dd>
    </div>
  )
}
