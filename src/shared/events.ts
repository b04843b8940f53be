// Pushes from main to the renderer. Both transports deliver them as { event, payload }.
import type { TaskStats } from './domain'
import type { ExportProgress } from './export'

export interface Events {
  /** Throttled snapshot of the queue while work is going on. */
  'tasks.progress': TaskStats
  /** Assets or roots changed: the renderer invalidates its library queries. */
  'library.changed': { reason: 'import' | 'delete' | 'roots' | 'update' }
  /** Faces or persons changed (pipeline or an edit): people screens refetch. */
  'people.changed': { reason: 'faces' | 'cluster' | 'edit' }
  /**
   * Albums or album folders changed: an album call (from any window, or the CLI of this process), an
   * undo of one, or a synced album whose folder gained or lost photos. Album screens refetch.
   * `albumIds`: the albums whose photos or fields changed (empty when only album folders did).
   */
  'albums.changed': { reason: 'edit' | 'undo' | 'sync'; albumIds: number[] }
  /** An export job's progress (throttled), and once its end: done, cancelled (its files removed) or failed. */
  'export.progress': ExportProgress
}

export type EventName = keyof Events
export type EventPayload<E extends EventName> = Events[E]
export const EVENT_NAMES: EventName[] = ['tasks.progress', 'library.changed', 'people.changed', 'albums.changed', 'export.progress']

/** Channel names used by the Electron transport. */
export const IPC_INVOKE_CHANNEL = 'photohouse:invoke'
export const IPC_EVENT_CHANNEL = 'photohouse:event'
