// Query keys, grouped so that one invalidation hits a whole family: 'library.changed' invalidates
// everything under library() (search results included, since they list photos), 'people.changed'
// everything under people() (faces on a photo included), task mutations invalidate tasks().
import type { TaskState } from '../../../shared/domain'

const root = ['photohouse'] as const

export const queryKeys = {
  all: root,
  appInfo: () => [...root, 'app', 'info'] as const,
  library: () => [...root, 'library'] as const,
  /** `view`: which photos the timeline shows ('all', 'favorites', 'hidden'); `stacks`: the opened stacks (see expandedKey). */
  timeline: (view = 'all', stacks = '') => [...root, 'library', 'timeline', view, stacks] as const,
  assetPages: () => [...root, 'library', 'page'] as const,
  assetPage: (pageIndex: number, pageSize: number, view = 'all', stacks = '') => [...root, 'library', 'page', view, stacks, pageSize, pageIndex] as const,
  asset: (assetId: number) => [...root, 'library', 'asset', assetId] as const,
  /** Every album read (refetched on 'albums.changed'; under library() since albums list photos). */
  albums: () => [...root, 'library', 'albums'] as const,
  broken: () => [...root, 'library', 'broken'] as const,
  roots: () => [...root, 'library', 'roots'] as const,
  searches: () => [...root, 'library', 'search'] as const,
  search: (text: string, limit: number) => [...root, 'library', 'search', 'query', text, limit] as const,
  similar: (assetId: number, limit: number) => [...root, 'library', 'search', 'similar', assetId, limit] as const,
  suggest: (prefix: string) => [...root, 'library', 'search', 'suggest', prefix] as const,
  people: () => [...root, 'people'] as const,
  peopleList: (includeHidden: boolean) => [...root, 'people', 'list', includeHidden] as const,
  person: (personId: number) => [...root, 'people', 'person', personId] as const,
  personPhotos: (personId: number, limit: number) => [...root, 'people', 'photos', personId, limit] as const,
  personNames: (prefix: string) => [...root, 'people', 'names', prefix] as const,
  mergeSuggestions: (limit: number) => [...root, 'people', 'merge-suggestions', limit] as const,
  unassignedFaces: (limit: number) => [...root, 'people', 'unassigned', limit] as const,
  assetFaces: (assetId: number) => [...root, 'people', 'asset-faces', assetId] as const,
  settings: () => [...root, 'settings'] as const,
  models: () => [...root, 'models'] as const,
  tasks: () => [...root, 'tasks'] as const,
  taskStats: () => [...root, 'tasks', 'stats'] as const,
  taskLists: () => [...root, 'tasks', 'list'] as const,
  taskList: (states: readonly TaskState[], limit: number) =>
    [...root, 'tasks', 'list', [...states].sort().join(','), limit] as const,
}
