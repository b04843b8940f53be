// Albums over the contract. Reads are keyed under queryKeys.albums(), itself under the library's
// keys: 'albums.changed' (another window, an undo) refetches the albums, 'library.changed' (an
// import into a synced album's folder, a favourite shown on an album's tile) everything.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CallInput, CallName, CallOutput } from '../../../shared/contract'
import { queryKeys, useApi } from '../api'

export const albumKeys = {
  all: () => queryKeys.albums(),
  tree: () => [...queryKeys.albums(), 'tree'] as const,
  album: (albumId: number) => [...queryKeys.albums(), 'album', albumId] as const,
  photos: (albumId: number, limit: number, includeHidden: boolean) => [...queryKeys.albums(), 'photos', albumId, limit, includeHidden] as const,
  ofAsset: (assetId: number) => [...queryKeys.albums(), 'of-asset', assetId] as const,
}

/** Photos an album page loads at most (its grid shows them all; larger albums say how many more). */
export const ALBUM_PHOTOS_LIMIT = 2000

export function useAlbumTree() {
  const api = useApi()
  return useQuery({ queryKey: albumKeys.tree(), queryFn: () => api.invoke('albums.list', {}) })
}

export function useAlbum(albumId: number) {
  const api = useApi()
  return useQuery({ queryKey: albumKeys.album(albumId), queryFn: () => api.invoke('albums.get', { albumId }) })
}

export function useAlbumPhotos(albumId: number, includeHidden = false) {
  const api = useApi()
  return useQuery({
    queryKey: albumKeys.photos(albumId, ALBUM_PHOTOS_LIMIT, includeHidden),
    queryFn: () => api.invoke('albums.photos', { albumId, offset: 0, limit: ALBUM_PHOTOS_LIMIT, includeHidden }),
  })
}

export function useAlbumsOfAsset(assetId: number | null) {
  const api = useApi()
  return useQuery({
    queryKey: albumKeys.ofAsset(assetId ?? 0),
    queryFn: () => api.invoke('albums.ofAsset', { assetId: assetId as number }),
    enabled: assetId !== null,
  })
}

/** One mutation hook per albums.* change; every album read refetches when it is done. */
function useAlbumEdit<N extends CallName>(name: N) {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: CallInput<N>): Promise<CallOutput<N>> => api.invoke(name, input),
    onSettled: () => client.invalidateQueries({ queryKey: albumKeys.all() }),
  })
}

export const useCreateAlbum = () => useAlbumEdit('albums.create')
export const useCreateAlbumsFromFolders = () => useAlbumEdit('albums.createFromFolders')
export const useRenameAlbum = () => useAlbumEdit('albums.rename')
export const useDescribeAlbum = () => useAlbumEdit('albums.describe')
export const useDeleteAlbum = () => useAlbumEdit('albums.delete')
export const useAddToAlbum = () => useAlbumEdit('albums.addAssets')
export const useRemoveFromAlbum = () => useAlbumEdit('albums.removeAssets')
export const useReorderAlbum = () => useAlbumEdit('albums.reorder')
export const useSetAlbumCover = () => useAlbumEdit('albums.setCover')
export const useCreateAlbumFolder = () => useAlbumEdit('albums.createFolder')
export const useRenameAlbumFolder = () => useAlbumEdit('albums.renameFolder')
export const useDeleteAlbumFolder = () => useAlbumEdit('albums.deleteFolder')
export const useMoveAlbums = () => useAlbumEdit('albums.move')
