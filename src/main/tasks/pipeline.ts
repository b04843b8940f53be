import type { TasksRepository } from '../catalog'
import { TASK_PRIORITY } from './task-types'

/**
 * What follows what, in one place: scan -> ingest (hash + metadata) -> thumbnails -> (AI stages).
 * Services report what they finished; the pipeline decides what to queue next.
 */
export function createPipeline(tasks: TasksRepository, wake: () => void) {
  const enqueue = (...items: Parameters<TasksRepository['enqueue']>[0]) => {
    const added = tasks.enqueue(items)
    if (added > 0) wake()
    return added
  }
  return {
    rootAdded(rootId: number): void {
      enqueue({ type: 'library.scan', payload: { rootId }, dedupeKey: `scan:${rootId}`, priority: TASK_PRIORITY['library.scan'] })
    },
    /** New or changed files found by a scan or the watcher; batched into one transaction. */
    filesSeen(rootId: number, paths: string[]): number {
      return enqueue(
        ...paths.map((path) => ({
          type: 'asset.ingest',
          payload: { path, rootId },
          dedupeKey: `ingest:${path}`,
          priority: TASK_PRIORITY['asset.ingest'],
        })),
      )
    },
    assetIngested(assetId: number, facts: { hasGps: boolean }): void {
      if (facts.hasGps) enqueue({ type: 'asset.place', payload: { assetId }, dedupeKey: `place:${assetId}`, priority: TASK_PRIORITY['asset.place'] })
      enqueue({
        type: 'asset.thumbnails',
        payload: { assetId },
        dedupeKey: `thumbnails:${assetId}`,
        priority: TASK_PRIORITY['asset.thumbnails'],
      })
    },
    thumbnailsMade(_assetId: number): void {
      // The AI stages (tags, embeddings, faces) are queued from here as they land.
    },
  }
}

export type Pipeline = ReturnType<typeof createPipeline>
