// Typed react-query hooks over the contract. Components never call api.invoke directly for reads.
import { useMutation, useQueries, useQuery, useQueryClient, type Query, type QueryClient } from '@tanstack/react-query'
import { createContext, useCallback, useContext, useMemo } from 'react'
import type { PhotoHouseApi } from '../../../shared/contract'
import type { AssetDetail, AssetSummary, BatchResult, TaskState, TaskStats, TimelineMonth, UndoStep } from '../../../shared/domain'
import { runInChunks } from '../lib/batch-actions'
import type { DateEdit, PlaceEdit } from '../lib/edit-forms'
import { collectIds, type PositionRange } from '../lib/selection'

export { MAX_BATCH_IDS, type BatchOutcome } from '../lib/batch-actions'
import { useApi } from './context'
import { expandedInput, expandedKey, useExpandedStacks } from './expanded-stacks'
import { queryKeys } from './query-keys'

/** Assets per assets.page request: the grid shows a few hundred at a time. */
export const ASSET_PAGE_SIZE = 200

export function useAppInfo() {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.appInfo(), queryFn: () => api.invoke('app.info', {}), staleTime: Infinity })
}

/**
 * Which photos the library timeline shows: all (hidden ones left out), only the favourites, or only
 * the hidden photos (marked). The grid, the viewer walking it and selection ranges all read the same view from this
 * context, so a position means the same photo everywhere.
 */
export type TimelineView = 'all' | 'favorites' | 'hidden'
const TimelineViewContext = createContext<TimelineView>('all')
export const TimelineViewProvider = TimelineViewContext.Provider
export function useTimelineView(): TimelineView {
  return useContext(TimelineViewContext)
}

function viewInput(view: TimelineView, stacks: readonly number[] = []): { only?: 'favorites' | 'hidden'; expandedStacks?: number[] } {
  return { ...(view === 'all' ? {} : { only: view }), ...expandedInput(stacks) }
}

/**
 * Opening or closing a stack changes the key: what was shown stays until the new answer comes (no
 * flash of empty tiles), but only within one view (another view's months would be wrong there).
 */
function sameView<T>(view: TimelineView) {
  return (previous: T | undefined, query: Query<T, Error, T, readonly unknown[]> | undefined) =>
    query?.queryKey.includes(view) ? previous : undefined
}

export function useTimeline() {
  const api = useApi()
  const view = useTimelineView()
  const { covers } = useExpandedStacks()
  return useQuery({
    queryKey: queryKeys.timeline(view, expandedKey(covers)),
    queryFn: () => api.invoke('assets.timeline', viewInput(view, covers)),
    placeholderData: sameView<TimelineMonth[]>(view),
  })
}

function assetPageOptions(api: PhotoHouseApi, pageIndex: number, view: TimelineView, stacks: readonly number[]) {
  return {
    queryKey: queryKeys.assetPage(pageIndex, ASSET_PAGE_SIZE, view, expandedKey(stacks)),
    queryFn: () => api.invoke('assets.page', { offset: pageIndex * ASSET_PAGE_SIZE, limit: ASSET_PAGE_SIZE, ...viewInput(view, stacks) }),
    // Pages scrolled past stay cached a while, so scrolling back is instant.
    gcTime: 5 * 60_000,
    placeholderData: sameView<AssetSummary[]>(view),
  }
}

export function useAssetPage(pageIndex: number | null) {
  const api = useApi()
  const view = useTimelineView()
  const { covers } = useExpandedStacks()
  return useQuery({ ...assetPageOptions(api, pageIndex ?? 0, view, covers), enabled: pageIndex !== null && pageIndex >= 0 })
}

/** Several pages at once (the visible range of the grid), as pageIndex → assets for the loaded ones. */
export function useAssetPages(pageIndexes: readonly number[]): Map<number, AssetSummary[]> {
  const api = useApi()
  const view = useTimelineView()
  const { covers } = useExpandedStacks()
  return useQueries({
    queries: pageIndexes.map((pageIndex) => assetPageOptions(api, pageIndex, view, covers)),
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

/** The asset at timeline position `index` from a pages map, if that page is loaded. */
export function assetAt(pages: ReadonlyMap<number, AssetSummary[]>, index: number): AssetSummary | undefined {
  const pageIndex = Math.floor(index / ASSET_PAGE_SIZE)
  return pages.get(pageIndex)?.[index - pageIndex * ASSET_PAGE_SIZE]
}

/** Window of ids asked for at once when a range reaches pages not loaded (the contract's page maximum). */
const ID_WINDOW = 2000

/**
 * Asset ids by timeline position, for selections: what the loaded pages hold at once, the rest
 * (a Shift range or Ctrl+A over pages never shown) fetched by assets.page offsets.
 */
export function useTimelineIds() {
  const api = useApi()
  const client = useQueryClient()
  const view = useTimelineView()
  const { covers } = useExpandedStacks()
  return useMemo(() => {
    /** The photo at a position, when its page is loaded. */
    const summaryAt = (position: number) => {
      const pageIndex = Math.floor(position / ASSET_PAGE_SIZE)
      const key = queryKeys.assetPage(pageIndex, ASSET_PAGE_SIZE, view, expandedKey(covers))
      return client.getQueryData<AssetSummary[]>(key)?.[position - pageIndex * ASSET_PAGE_SIZE]
    }
    const idAt = (position: number) => summaryAt(position)?.id
    const idsIn = (ranges: readonly PositionRange[]) =>
      collectIds(
        ranges,
        idAt,
        async (offset, limit) => (await api.invoke('assets.page', { offset, limit, ...viewInput(view, covers) })).map((a) => a.id),
        ID_WINDOW,
      )
    return { idAt, idsIn, summaryAt }
  }, [api, client, view, covers])
}

/**
 * Where a photo sits in the timeline view now (null when the view leaves it out), read fresh from
 * the server: first in its month's run of positions (the timeline lists months newest first, each
 * one contiguous), then across the whole view. The viewer follows a photo an edit moved with it.
 */
export function useFindInTimeline() {
  const api = useApi()
  const client = useQueryClient()
  const view = useTimelineView()
  const { covers } = useExpandedStacks()
  return useCallback(
    async (assetId: number, month: string): Promise<number | null> => {
      const months = client.getQueryData<TimelineMonth[]>(queryKeys.timeline(view, expandedKey(covers))) ?? []
      const total = months.reduce((n, m) => n + m.count, 0)
      const at = months.findIndex((m) => m.month === month)
      const start = months.slice(0, Math.max(at, 0)).reduce((n, m) => n + m.count, 0)
      const ranges: [number, number][] = at >= 0 ? [[start, start + months[at]!.count], [0, total]] : [[0, total]]
      for (const [from, to] of ranges) {
        for (let offset = from; offset < to; offset += ID_WINDOW) {
          const found = await api.invoke('assets.page', { offset, limit: Math.min(ID_WINDOW, to - offset), ...viewInput(view, covers) })
          const i = found.findIndex((a) => a.id === assetId)
          if (i >= 0) return offset + i
          if (found.length === 0) break
        }
      }
      return null
    },
    [api, client, view, covers],
  )
}

export function useAsset(assetId: number | null) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.asset(assetId ?? 0),
    queryFn: () => api.invoke('assets.get', { assetId: assetId as number }),
    enabled: assetId !== null,
  })
}

export function useRoots() {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.roots(), queryFn: () => api.invoke('roots.list', {}) })
}

export function useBrokenFiles(enabled = true) {
  const api = useApi()
  return useQuery({ queryKey: queryKeys.broken(), queryFn: () => api.invoke('assets.broken', {}), enabled })
}

export function useTaskStats() {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.taskStats(),
    queryFn: () => api.invoke('tasks.stats', {}),
    // 'tasks.progress' pushes fresh stats; poll slowly while busy in case the event channel is down.
    refetchInterval: (query) => (isBusy(query.state.data) ? 10_000 : false),
  })
}

export function isBusy(stats: TaskStats | undefined): boolean {
  return stats !== undefined && stats.totals.pending + stats.totals.running > 0
}

export function useTaskList(states: readonly TaskState[], limit = 200, enabled = true) {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.taskList(states, limit),
    queryFn: () => api.invoke('tasks.list', { states: [...states], limit }),
    enabled,
  })
}

function invalidateLibrary(client: QueryClient) {
  return client.invalidateQueries({ queryKey: queryKeys.library() })
}

function invalidateTasks(client: QueryClient) {
  return client.invalidateQueries({ queryKey: queryKeys.tasks() })
}

export function useAddRoots() {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (paths: string[]) => api.invoke('roots.add', { paths }),
    onSuccess: async (roots) => {
      client.setQueryData(queryKeys.roots(), roots)
      await Promise.all([invalidateLibrary(client), invalidateTasks(client)])
    },
  })
}

export function useRemoveRoot() {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (rootId: number) => api.invoke('roots.remove', { rootId }),
    onSuccess: () => Promise.all([invalidateLibrary(client), invalidateTasks(client)]),
  })
}

export function usePickFolders() {
  const api = useApi()
  return useMutation({ mutationFn: () => api.invoke('dialog.pickFolders', {}) })
}

/** Retry one dead/failed task, or every dead task when called with undefined. */
export function useRetryTasks() {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (taskId: number | undefined) => api.invoke('tasks.retry', taskId === undefined ? {} : { taskId }),
    onSuccess: () => invalidateTasks(client),
  })
}

/** Cancel one pending task, or every pending task when called with undefined. */
export function useCancelTasks() {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: (taskId: number | undefined) => api.invoke('tasks.cancel', taskId === undefined ? {} : { taskId }),
    onSuccess: () => invalidateTasks(client),
  })
}

/**
 * A batch action on photos (favourite, rating, hidden, and what albums, trash and edits add): one
 * call per chunk, each one undo step. The open photo's details change at once when `patch` says
 * how; then every listing refetches, since pages, search results and albums carry the marks too.
 */
export function useBatchAction<T>(invoke: (api: PhotoHouseApi, ids: number[], value: T) => Promise<BatchResult>, patch?: (value: T) => Partial<AssetDetail>) {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ ids, value }: { ids: number[]; value: T }) => runInChunks(ids, (chunk) => invoke(api, chunk, value)),
    onMutate: ({ ids, value }) => {
      if (!patch) return
      for (const id of ids) {
        client.setQueryData<AssetDetail | null>(queryKeys.asset(id), (old) => (old ? { ...old, ...patch(value) } : old))
      }
    },
    // Person pages list photos too (with their marks), and trashed photos leave them.
    onSettled: () => Promise.all([invalidateLibrary(client), client.invalidateQueries({ queryKey: queryKeys.people() })]),
  })
}

export const useSetFavorite = () =>
  useBatchAction<boolean>(
    (api, ids, favorite) => api.invoke('assets.setFavorite', { ids, favorite }),
    (favorite) => ({ favorite }),
  )

export const useSetRating = () =>
  useBatchAction<number>(
    (api, ids, rating) => api.invoke('assets.setRating', { ids, rating }),
    (rating) => ({ rating }),
  )

export const useSetHidden = () =>
  useBatchAction<boolean>(
    (api, ids, hidden) => api.invoke('assets.setHidden', { ids, hidden }),
    (hidden) => ({ hidden }),
  )

export const useMoveToTrash = () => useBatchAction<null>((api, ids) => api.invoke('trash.move', { ids }))

/** Adds photos to an album (albums.addAssets), in chunks like every batch action. */
export const useAddToAlbumBatch = () => useBatchAction<number>((api, ids, albumId) => api.invoke('albums.addAssets', { albumId, ids }))

export const useSetDate = () => useBatchAction<DateEdit>((api, ids, edit) => api.invoke('edits.setDate', { ids, ...edit }))

export const useSetPlace = () => useBatchAction<PlaceEdit>((api, ids, edit) => api.invoke('edits.setPlace', { ids, ...edit }))

export const useSetDescription = () => useBatchAction<string>((api, ids, description) => api.invoke('edits.setDescription', { ids, description }))

/**
 * Takes back curation steps (newest first, each while it is still the latest), or the latest step
 * when none is given (Ctrl/Cmd+Z). A step can touch albums, trash and people as well as photos, so
 * every query refetches.
 */
export function useUndoCuration() {
  const api = useApi()
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (steps: readonly UndoStep[] | null) => {
      if (steps === null) return api.invoke('edits.undo', {})
      let undone: string | null = null
      for (const step of [...steps].reverse()) undone = (await api.invoke('edits.undo', { stepId: step.stepId })).undone ?? undone
      return { undone }
    },
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.all }),
  })
}
