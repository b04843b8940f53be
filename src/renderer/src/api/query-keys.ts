// Query keys, grouped so that one invalidation hits a whole family: 'library.changed' invalidates
// everything under library(); task mutations invalidate tasks().
import type { TaskState } from '../../../shared/domain'

const root = ['photohouse'] as const

export const queryKeys = {
  all: root,
  appInfo: () => [...root, 'app', 'info'] as const,
  library: () => [...root, 'library'] as const,
  timeline: () => [...root, 'library', 'timeline'] as const,
  assetPages: () => [...root, 'library', 'page'] as const,
  assetPage: (pageIndex: number, pageSize: number) => [...root, 'library', 'page', pageSize, pageIndex] as const,
  asset: (assetId: number) => [...root, 'library', 'asset', assetId] as const,
  broken: () => [...root, 'library', 'broken'] as const,
  roots: () => [...root, 'library', 'roots'] as const,
  tasks: () => [...root, 'tasks'] as const,
  taskStats: () => [...root, 'tasks', 'stats'] as const,
  taskLists: () => [...root, 'tasks', 'list'] as const,
  taskList: (states: readonly TaskState[], limit: number) =>
    [...root, 'tasks', 'list', [...states].sort().join(','), limit] as const,
}
