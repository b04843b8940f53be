import type { TasksRepository } from '../catalog'
import { TASK_PRIORITY } from './task-types'

/**
 * What follows what, in one place: scan -> ingest (hash + metadata) -> thumbnails -> (AI stages).
 * Services report what they finished; the pipeline decides what to queue next.
 */
export function createPipeline(tasks: TasksRepository, wake: () => void, stages: { clip(): boolean } = { clip: () => false }) {
  const enqueue = (...items: Parameters<TasksRepository['enqueue']>[0]) => {
    const added = tasks.enqueue(items)
    if (added > 0) wake()
    return added
  }
  /** New photos may be shots of a burst or another format of a shot: one recompute, however many ask. */
  const stacksNeeded = (): void => {
    enqueue({ type: 'library.stacks', payload: {}, dedupeKey: 'library.stacks', priority: TASK_PRIORITY['library.stacks'] })
  }
  /** Photos arrived or changed: one events recompute, however many ask (it skips when nothing changed). */
  const eventsNeeded = (): void => {
    enqueue({ type: 'library.events', payload: {}, dedupeKey: 'library.events', priority: TASK_PRIORITY['library.events'] })
  }
  /** The events were cut (again), or their photos' tags changed: one themes recompute (it skips when nothing changed). */
  const themesNeeded = (): void => {
    enqueue({ type: 'library.themes', payload: {}, dedupeKey: 'library.themes', priority: TASK_PRIORITY['library.themes'] })
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
      stacksNeeded()
      eventsNeeded()
      enqueue({ type: 'asset.sidecarRead', payload: { assetId }, dedupeKey: `sidecarRead:${assetId}`, priority: TASK_PRIORITY['asset.sidecarRead'] })
      if (facts.hasGps) enqueue({ type: 'asset.place', payload: { assetId }, dedupeKey: `place:${assetId}`, priority: TASK_PRIORITY['asset.place'] })
      enqueue({
        type: 'asset.thumbnails',
        payload: { assetId },
        dedupeKey: `thumbnails:${assetId}`,
        priority: TASK_PRIORITY['asset.thumbnails'],
      })
    },
    /** The preview exists: the AI stages read it. */
    thumbnailsMade(assetId: number): void {
      // The photo is shown now, so it takes part in events.
      eventsNeeded()
      enqueue(
        { type: 'asset.tags', payload: { assetId }, dedupeKey: `tags:${assetId}`, priority: TASK_PRIORITY['asset.tags'] },
        { type: 'asset.ocr', payload: { assetId }, dedupeKey: `ocr:${assetId}`, priority: TASK_PRIORITY['asset.ocr'] },
        { type: 'asset.faces', payload: { assetId }, dedupeKey: `faces:${assetId}`, priority: TASK_PRIORITY['asset.faces'] },
        ...(stages.clip() ? [{ type: 'asset.clip', payload: { assetId }, dedupeKey: `clip:${assetId}`, priority: TASK_PRIORITY['asset.clip'] }] : []),
        { type: 'asset.pixels', payload: { assetId }, dedupeKey: `pixels:${assetId}`, priority: TASK_PRIORITY['asset.pixels'] },
      )
    },
    stacksNeeded,
    eventsNeeded,
    /** A video's poster is in: its keyframes next (after the poster's own AI stages, see TASK_PRIORITY). */
    keyframesNeeded(assetId: number): void {
      enqueue({ type: 'video.keyframes', payload: { assetId }, dedupeKey: `keyframes:${assetId}`, priority: TASK_PRIORITY['video.keyframes'] })
    },
    themesNeeded,
    /** Photos the duplicate review has no pixel facts of (imported before the stage existed). */
    pixelsNeeded(assetIds: number[]): number {
      return enqueue(...assetIds.map((assetId) => ({ type: 'asset.pixels', payload: { assetId }, dedupeKey: `pixels:${assetId}`, priority: TASK_PRIORITY['asset.pixels'] })))
    },
    modelDownload(id: string): boolean {
      return enqueue({ type: 'model.download', payload: { id }, dedupeKey: `model:${id}`, priority: TASK_PRIORITY['model.download'], maxAttempts: 8 }) > 0
    },
    /** New faces: one incremental clustering pass, however many ask before it runs. */
    clusterNeeded(): void {
      enqueue({ type: 'people.cluster', payload: {}, dedupeKey: 'people.cluster', priority: TASK_PRIORITY['people.cluster'] })
    },
    /** The user asked for a full recluster. Returns false when one is already queued. */
    reclusterRequested(): boolean {
      return enqueue({ type: 'people.recluster', payload: {}, dedupeKey: 'people.recluster', priority: TASK_PRIORITY['people.recluster'] }) > 0
    },
    /** A model was installed or switched: the stage runs on every asset it has not seen. */
    stageNeeded(stage: 'asset.tags' | 'asset.ocr' | 'asset.faces' | 'asset.clip', assetIds: number[]): number {
      return enqueue(...assetIds.map((assetId) => ({ type: stage, payload: { assetId }, dedupeKey: `${stage.slice(6)}:${assetId}`, priority: TASK_PRIORITY[stage] })))
    },
    /** XMP sidecars to write (photos changed since, or a check found them out of date): one pass, however many ask. */
    sidecarsNeeded(): void {
      enqueue({ type: 'library.sidecars', payload: {}, dedupeKey: 'library.sidecars', priority: TASK_PRIORITY['library.sidecars'] })
    },
    /** Thumbnails gone from the cache (the library check): made again from the photo's file. */
    thumbnailsNeeded(assetIds: number[]): number {
      return enqueue(...assetIds.map((assetId) => ({ type: 'asset.thumbnails', payload: { assetId }, dedupeKey: `thumbnails:${assetId}`, priority: TASK_PRIORITY['asset.thumbnails'] })))
    },
  }
}

export type Pipeline = ReturnType<typeof createPipeline>
