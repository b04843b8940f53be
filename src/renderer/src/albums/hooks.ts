// Albums over the contract. Reads are keyed under queryKeys.albums(), itself under the library's
// keys: 'albums.changed' (another window, an undo) refetches the albums, 'library.changed' (an
// import into a synced album's folder, a favourite shown on an album's tile) everything.
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useMemo } from 'react'
import type { CallInput, CallName, CallOutput, PhotoHouseApi } from '../../../shared/contract'
import type { AssetSummary } from '../../../shared/domain'
import { queryKeys, useApi } from '../api'
import { collectIds, type PositionRange } from '../lib/selection'

export const albumKeys = {
  all: () => queryKeys.albums(),
  tree: () => [...queryKeys.albums(), 'tree'] as const,
  album: (albumId: number) => [...queryKeys.albums(), 'album', albumId] as const,
  /** Every page of one album's photos (as shown with or without the hidden ones). */
  pages: (albumId: number, includeHidden: boolean) => [...queryKeys.albums(), 'page', albumId, includeHidden] as const,
  page: (albumId: number, includeHidden: boolean, pageIndex: number) => [...queryKeys.albums(), 'page', albumId, includeHidden, ALBUM_PAGE_SIZE, pageIndex] as const,
  ofAsset: (assetId: number) => [...queryKeys.albums(), 'of-asset', assetId] as const,
}

/** Photos per albums.photos request: the album's grid loads the pages of the rows it shows. */
export const ALBUM_PAGE_SIZE = 200
/** Ids asked for at once when a range reaches pages not loaded (the contract's maximum). */
const ID_WINDOW = 2000

export function useAlbumTree() {
  const api = useApi()
  return useQuery({ queryKey: albumKeys.tree(), queryFn: () => api.invoke('albums.list', {}) })
}

export function useAlbum(albumId: number) {
  const api = useApi()
  return useQuery({ queryKey: albumKeys.album(albumId), queryFn: () => api.invoke('albums.get', { albumId }) })
}

function albumPageOptions(api: PhotoHouseApi, albumId: number, includeHidden: boolean, pageIndex: number) {
  return {
    queryKey: albumKeys.page(albumId, includeHidden, pageIndex),
    queryFn: () => api.invoke('albums.photos', { albumId, offset: pageIndex * ALBUM_PAGE_SIZE, limit: ALBUM_PAGE_SIZE, includeHidden }),
    // Pages scrolled past stay cached a while, so scrolling back is instant.
    gcTime: 5 * 60_000,
  }
}

/** Pages of an album's photos (those the grid or the viewer shows), as pageIndex → photos for the loaded ones. */
export function useAlbumPages(albumId: number, includeHidden: boolean, pageIndexes: readonly number[]): Map<number, AssetSummary[]> {
  const api = useApi()
  return useQueries({
    queries: pageIndexes.map((pageIndex) => albumPageOptions(api, albumId, includeHidden, pageIndex)),
    combine: useCallback(
      (results: { data?: AssetSummary[] }[]) => {
        const pages = new Map<number, AssetSummary[]>()
        results.forEach((result, i) => {
          const pageIndex = pageIndexes[i]
          if (result.data && pageIndex !== undefined) pages.set(pageIndex, result.data)
        })
        return pages
      },
      [pageIndexes],
    ),
  })
}

/** The page indexes holding positions [first, endExclusive). */
export function albumPagesFor(first: number, endExclusive: number): number[] {
  const pages: number[] = []
  for (let p = Math.floor(Math.max(0, first) / ALBUM_PAGE_SIZE); p * ALBUM_PAGE_SIZE < endExclusive; p++) pages.push(p)
  return pages
}

/** The photo at an album position from a pages map, if its page is loaded. */
export function albumPhotoAt(pages: ReadonlyMap<number, AssetSummary[]>, position: number): AssetSummary | undefined {
  const pageIndex = Math.floor(position / ALBUM_PAGE_SIZE)
  return pages.get(pageIndex)?.[position - pageIndex * ALBUM_PAGE_SIZE]
}

/**
 * Photo ids by album position, for the selection and for moves: what the loaded pages hold at once,
 * the rest (a Shift range or Ctrl+A over pages never shown) fetched by albums.photos offsets.
 */
export function useAlbumIds(albumId: number, includeHidden: boolean) {
  const api = useApi()
  const client = useQueryClient()
  return useMemo(() => {
    const idAt = (position: number) => {
      const pageIndex = Math.floor(position / ALBUM_PAGE_SIZE)
      return client.getQueryData<AssetSummary[]>(albumKeys.page(albumId, includeHidden, pageIndex))?.[position - pageIndex * ALBUM_PAGE_SIZE]?.id
    }
    const idsIn = (ranges: readonly PositionRange[]) =>
      collectIds(
        ranges,
        idAt,
        async (offset, limit) => (await api.invoke('albums.photos', { albumId, offset, limit, includeHidden })).map((a) => a.id),
        ID_WINDOW,
      )
    return { idAt, idsIn }
  }, [api, client, albumId, includeHidden])
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
export const useSortAlbumByDate = () => useAlbumEdit('albums.sortByDate')
export const useSetAlbumCover = () => useAlbumEdit('albums.setCover')
export const useCreateAlbumFolder = () => useAlbumEdit('albums.createFolder')
export const useRenameAlbumFolder = () => useAlbumEdit('albums.renameFolder')
export const useDeleteAlbumFolder = () => useAlbumEdit('albums.deleteFolder')
export const useMoveAlbums = () => useAlbumEdit('albums.move')
