import { z } from 'zod'

/**
 * Every task type and its payload schema. Payloads are JSON in SQLite and parsed with these schemas
 * when read back, so a task written by an older version fails loudly instead of half-running.
 */
export const TASK_PAYLOADS = {
  /** Walk a root: queue ingest for new/changed files, forget files that are gone. */
  'library.scan': z.object({ rootId: z.number().int().positive() }),
  /** Hash one file, attach it to its asset, read its metadata. */
  'asset.ingest': z.object({ path: z.string().min(1), rootId: z.number().int().positive() }),
  /** City, region, country and time zone of a photo with GPS. */
  'asset.place': z.object({ assetId: z.number().int().positive() }),
  /** Classifier tags (with WordNet ancestors) and its feature vector, from the preview. */
  'asset.tags': z.object({ assetId: z.number().int().positive() }),
  /** CLIP image embedding (when a CLIP model is installed), from the preview. */
  'asset.clip': z.object({ assetId: z.number().int().positive() }),
  /** Text in the photo (OCR), from the preview. */
  'asset.ocr': z.object({ assetId: z.number().int().positive() }),
  /** Faces in one photo: boxes, landmarks, quality, embeddings. */
  'asset.faces': z.object({ assetId: z.number().int().positive() }),
  /** Place new faces among the clustered ones (constraints: same photo never one person, pins, rejections). */
  'people.cluster': z.object({}),
  /** Full recluster of every face, on the user's request (keeps pins and rejections). */
  'people.recluster': z.object({}),
  /** Download a model's files (resumable, checksum-verified). */
  'model.download': z.object({ id: z.string().min(1) }),
  /** Grid + preview thumbnails and the perceptual hash of one asset. */
  'asset.thumbnails': z.object({ assetId: z.number().int().positive() }),
  /** Full-size pixel hash and 32x32 fingerprint of one asset, for the duplicate review. */
  'asset.pixels': z.object({ assetId: z.number().int().positive() }),
  /** Keywords, marks and named face regions from a photo's XMP sidecars and embedded XMP/IPTC. */
  'asset.sidecarRead': z.object({ assetId: z.number().int().positive() }),
  /** Write the XMP sidecars of the photos changed since theirs was written (when the library keeps sidecars). */
  'library.sidecars': z.object({}),
  /** Recompute the stacks (bursts, one shot in two formats) of the whole library. */
  'library.stacks': z.object({}),
  /** A video's keyframes at scene changes, classified (and CLIP-embedded) with their second. */
  'video.keyframes': z.object({ assetId: z.number().int().positive() }),
  /** Recompute the events (time and place) of the library; writes only the events that changed. */
  'library.events': z.object({}),
  /** Find the themes (recurring subjects across events) again; queued after each events recompute. */
  'library.themes': z.object({}),
} as const

export type TaskType = keyof typeof TASK_PAYLOADS
export type TaskPayload<T extends TaskType> = z.infer<(typeof TASK_PAYLOADS)[T]>
export const TASK_TYPES = Object.keys(TASK_PAYLOADS) as TaskType[]

/** Higher runs first: scans feed the queue, and thumbnails make photos visible sooner than ingest of more files. */
export const TASK_PRIORITY: Record<TaskType, number> = {
  'library.scan': 30,
  'asset.ingest': 10,
  'asset.thumbnails': 20,
  'asset.place': 5,
  'asset.tags': 4,
  'asset.clip': 4,
  'asset.ocr': 3,
  'asset.faces': 4,
  // Beside the faces stage, so people appear and grow while an import runs: an incremental pass
  // over the faces found since the last one is cheap (~0.2 ms per face), and only one is ever queued.
  'people.cluster': 4,
  // Asked for by the user: runs among the photo stages rather than after all of them.
  'people.recluster': 4,
  'model.download': 50,
  // A full-size decode that only the duplicate review reads: after everything a user sees.
  'asset.pixels': 2,
  // Beside the first stages: what other programs said (names of faces) is ready when faces are found.
  'asset.sidecarRead': 9,
  // Files for other programs: after everything the user sees; one pass however many changes ask.
  'library.sidecars': 1,
  // One pass over the catalog's metadata: once the import's photos are in, not between each.
  'library.stacks': 1,
  // Likewise: events are cut once an import's photos (and their places) are in.
  'library.events': 1,
  // Below the tags stage (4): a video's keyframe tags join the poster's tags, which that stage replaces.
  'video.keyframes': 3,
  // After the events it is made from (and the tags and vectors of the import's photos).
  'library.themes': 0,
}

export function isTaskType(type: string): type is TaskType {
  return Object.hasOwn(TASK_PAYLOADS, type)
}
