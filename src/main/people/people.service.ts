import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import type { MergeSuggestion, PersonSummary } from '../../shared/domain'
import type { AssetsRepository, FaceAssignmentState, FaceForClustering, NewFace, PeopleRepository } from '../catalog'
import { thumbPath } from '../ingest'
import { isVideoPath } from '../video/formats'
import { keyframePath } from '../video/video.service'
import { isModelMissing, tagsFromFaces, type FaceTag, type InferenceHost } from '../ml'
import type { TaskContext, TaskHandler } from '../tasks'
import { IncrementalClusterer, reclusterFaces, type ClusterFace, type ClusteringOptions } from './clustering'

/** A crop cached under its face id; crop keys are 20 hex characters, ids are never that long. */
const LEGACY_CROP_NAME = /^\d{1,15}\.webp$/

export interface PeopleServiceDeps {
  people: PeopleRepository
  assets: AssetsRepository
  host: InferenceHost
  cacheDir: string
  /** Queue an incremental clustering pass (one, however many ask before it runs). */
  clusterNeeded(): void
  changed(reason: 'faces' | 'cluster' | 'edit', assetIds?: number[]): void
  /** Stores the tags the faces of a photo make (person, people, portrait, group photo), replacing earlier ones. */
  saveFaceTags?(assetId: number, tags: FaceTag[], modelId: string): void
  /** Clustering thresholds, read at every pass (the user's settings). */
  clustering?: () => Partial<ClusteringOptions>
  /** A video's keyframes (images in the cache, with their second); none for photos. */
  videoFrames?(assetId: number): { path: string; atMs: number }[]
  log(message: string): void
}

export class PeopleInputError extends Error {
  readonly code = 'not-found'
}

const MIN_SUGGESTION_SIMILARITY = 0.35

/** A clustering pass that lost the race against user edits this many times in a row gives up (retried later). */
const MAX_CLUSTERING_ATTEMPTS = 5

function assignmentOf(f: FaceAssignmentState): Pick<ClusterFace, 'id' | 'personId' | 'pinnedPersonId' | 'notPersonIds'> {
  return {
    id: String(f.id),
    pinnedPersonId: f.pinned && f.personId !== null ? String(f.personId) : null,
    notPersonIds: f.rejected.map(String),
    personId: f.personId === null ? null : String(f.personId),
  }
}

function clusterFaceOf(f: FaceForClustering): ClusterFace {
  return { ...assignmentOf(f), assetId: String(f.assetId), embedding: f.embedding }
}

/** Catalog person id, or the 'new:<key>' a clustering made up for a person it founded. */
function personRef(personId: string | null): number | string | null {
  return personId === null ? null : personId.startsWith('new:') ? personId : Number(personId)
}

/** Retried by the task queue (unknown errors are transient). */
class ClusteringRaceError extends Error {
  constructor() {
    super('People were edited during every clustering attempt; the pass will run again')
  }
}

/** Faces in photos and the people they belong to: the pipeline stages and every person edit. */
export function createPeopleService(deps: PeopleServiceDeps) {
  const { people } = deps

  const faces: TaskHandler<'asset.faces'> = async ({ assetId }, ctx) => {
    // The original (not the 1440 px preview): small faces in large photos need its pixels; the
    // detector tiles it.
    const location = deps.assets.locationsOf(assetId)[0]
    if (!location || deps.assets.stateOf(assetId) !== 'ready') return
    // A video's faces are looked for in its poster frame (the preview) and its keyframes: only
    // ffmpeg reads the file.
    const sha256 = isVideoPath(location.path) ? deps.assets.shaOf(assetId) : undefined
    const images: { path: string; atMs: number | null }[] = sha256
      ? [{ path: thumbPath(deps.cacheDir, sha256, 'preview'), atMs: null }, ...(deps.videoFrames?.(assetId) ?? [])]
      : [{ path: location.path, atMs: null }]
    const found: NewFace[] = []
    for (const image of images) {
      let out
      try {
        out = await deps.host.faces(image.path, { signal: ctx.signal })
      } catch (e) {
        if (isModelMissing(e)) {
          deps.log(`faces: ${(e as Error).message}; stage skipped`)
          return
        }
        throw e
      }
      const { width, height } = out
      for (const f of out.faces) {
        found.push({
          box: [f.box[0] / width, f.box[1] / height, f.box[2] / width, f.box[3] / height],
          landmarks: f.landmarks.map(([x, y]) => [x / width, y / height] as [number, number]),
          score: f.score,
          size: f.quality.size,
          blur: f.quality.blur,
          yaw: f.quality.yaw,
          embedding: f.embedding,
          modelId: f.modelId,
          device: out.provider,
          atMs: image.atMs,
        })
      }
    }
    // Two faces of one asset are never one person (clustering keeps them apart): in a video the
    // same person seen in several frames is one face, its best view.
    const kept = images.length > 1 ? distinctFaces(found) : found
    people.replaceFaces(assetId, kept)
    // Before `changed`, which re-indexes the photo's search text with its tags. Face tags say
    // what one picture shows (a portrait, a group): read per frame, the strongest of each kept.
    const tags = new Map<string, FaceTag>()
    for (const image of images) {
      const inFrame = found.filter((f) => (f.atMs ?? null) === image.atMs)
      for (const t of tagsFromFaces(inFrame.map((f) => ({ box: f.box, score: f.score, embedding: f.embedding })))) {
        if ((tags.get(t.label)?.score ?? -1) < t.score) tags.set(t.label, t)
      }
    }
    deps.saveFaceTags?.(assetId, [...tags.values()], kept[0]?.modelId ?? 'faces')
    if (kept.length > 0) deps.clusterNeeded()
    deps.changed('faces', [assetId])
  }

  // Clustering state kept between passes: the ANN index over every clustered face and who each
  // belongs to. It mirrors the catalog at `syncedGeneration`; any other change (an edit, a deleted
  // face) is noticed through the catalog's generation counter and adopted or rebuilt from.
  let clusterer: IncrementalClusterer | undefined
  let clustererOptions = ''
  let syncedGeneration = -1
  let newPersonKeys = 0
  const clusteringOptions = (): Partial<ClusteringOptions> => ({ ...deps.clustering?.(), createPersonId: () => `new:${newPersonKeys++}` })

  // One clustering pass at a time (incremental or full): both read and rewrite every assignment.
  let clusteringQueue: Promise<unknown> = Promise.resolve()
  function exclusively<T>(run: () => Promise<T>): Promise<T> {
    const result = clusteringQueue.then(run, run)
    clusteringQueue = result.catch(() => undefined)
    return result
  }

  async function syncedClusterer(generation: number, ctx: TaskContext): Promise<IncrementalClusterer> {
    // New thresholds: the state built under the old ones is dropped (a full recluster is queued too).
    const optionsKey = JSON.stringify(deps.clustering?.() ?? {})
    if (optionsKey !== clustererOptions) clusterer = undefined
    clustererOptions = optionsKey
    if (clusterer && syncedGeneration === generation) return clusterer
    if (clusterer && clusterer.resync(people.clusteredAssignments().map(assignmentOf))) {
      syncedGeneration = generation
      return clusterer
    }
    clusterer = undefined
    const built = await IncrementalClusterer.create(people.facesForClustering('clustered').map(clusterFaceOf), clusteringOptions(), { signal: ctx.signal })
    clusterer = built
    syncedGeneration = generation
    return built
  }

  /** Places faces clustering has not seen yet among the clustered ones (the pipeline's pass). */
  const cluster: TaskHandler<'people.cluster'> = (_payload, ctx) =>
    exclusively(async () => {
      for (let attempt = 0; attempt < MAX_CLUSTERING_ATTEMPTS; attempt++) {
        const pending = people.facesForClustering('pending')
        if (pending.length === 0) return
        const generation = people.generation()
        let written: number | null = null
        let founded = false
        try {
          const current = await syncedClusterer(generation, ctx)
          const changes = await current.addFaces(pending.map(clusterFaceOf))
          founded = changes.some((c) => c.createdPerson)
          written = people.applyClustering(
            changes.map((c) => ({ faceId: Number(c.faceId), person: personRef(c.personId) })),
            { clustered: pending.map((f) => f.id), expectGeneration: generation },
          )
        } catch (e) {
          // Half-placed faces: the in-memory state no longer matches the catalog.
          clusterer = undefined
          throw e
        }
        if (written === null) {
          // A user edit landed while faces were being placed: start again from the catalog.
          clusterer = undefined
          continue
        }
        // The state now matches the catalog, except for the ids of persons this pass founded
        // ('new:…' here, catalog ids there): adopt those (a scan of all assignments) only then.
        if (!founded) syncedGeneration = written
        else if (clusterer?.resync(people.clusteredAssignments().map(assignmentOf))) syncedGeneration = written
        else clusterer = undefined
        deps.changed('cluster')
        return
      }
      throw new ClusteringRaceError()
    })

  /** Full recluster of every face (on request), with progress and cancel. */
  const recluster: TaskHandler<'people.recluster'> = (_payload, ctx) =>
    exclusively(async () => {
      for (let attempt = 0; attempt < MAX_CLUSTERING_ATTEMPTS; attempt++) {
        const generation = people.generation()
        const all = people.facesForClustering('all')
        const result = await reclusterFaces(all.map(clusterFaceOf), clusteringOptions(), {
          signal: ctx.signal,
          onProgress: (p) => ctx.progress(p.total ? p.done / p.total : 0),
        })
        const written = people.applyClustering(
          result.assignments.map((a) => ({ faceId: Number(a.faceId), person: personRef(a.personId) })),
          { clustered: all.map((f) => f.id), expectGeneration: generation },
        )
        if (written === null) continue
        // Rebuilt from the catalog by the next incremental pass.
        clusterer = undefined
        deps.changed('cluster')
        return
      }
      throw new ClusteringRaceError()
    })

  function requirePerson(personId: number): PersonSummary {
    const p = people.get(personId)
    if (!p) throw new PeopleInputError(`No person with id ${personId}`)
    return p
  }

  function edited(assetIds: number[] = []): void {
    deps.changed('edit', assetIds)
  }

  return {
    handlers: { 'asset.faces': faces, 'people.cluster': cluster, 'people.recluster': recluster },

    list: (includeHidden = false) => people.list(includeHidden),
    get: (personId: number) => {
      const p = people.get(personId)
      return p ? { ...p, faces: people.facesOf(personId) } : null
    },

    rename(personId: number, name: string): PersonSummary {
      requirePerson(personId)
      people.rename(personId, name.trim())
      edited(people.assetsOfPerson(personId))
      return requirePerson(personId)
    },

    merge(personIds: number[], into: number): PersonSummary {
      for (const id of [...personIds, into]) requirePerson(id)
      const touched = personIds.flatMap((id) => people.assetsOfPerson(id))
      people.merge(personIds, into)
      edited(touched)
      return requirePerson(into)
    },

    split(personId: number, faceIds: number[]): PersonSummary {
      requirePerson(personId)
      const id = people.split(personId, faceIds)
      edited(people.assetsOfPerson(id))
      return requirePerson(id)
    },

    moveFaces(faceIds: number[], to: number): number {
      requirePerson(to)
      const n = people.moveFaces(faceIds, to)
      edited(people.assetsOfPerson(to))
      return n
    },

    removeFaces(faceIds: number[]): number {
      const n = people.removeFaces(faceIds)
      edited()
      return n
    },

    hide(personId: number, hidden: boolean): void {
      requirePerson(personId)
      people.hide(personId, hidden)
      edited(people.assetsOfPerson(personId))
    },

    delete(personId: number): void {
      requirePerson(personId)
      const touched = people.assetsOfPerson(personId)
      people.delete(personId)
      edited(touched)
    },

    undo(): string | null {
      const label = people.undo()
      if (label) edited()
      return label
    },

    /**
     * Gives the faces stage's tags ('person', 'portrait', ...) to photos whose faces were found
     * before those tags existed, from the stored faces: no inference, and no face is found again
     * (which would cost ~0.3 s a photo and churn the people). Returns how many photos got tags.
     */
    backfillFaceTags(): number {
      const assetIds = people.assetsWithFacesWithoutFaceTags()
      for (const assetId of assetIds) {
        const faces = people.facesForTags(assetId)
        deps.saveFaceTags?.(assetId, tagsFromFaces(faces), faces[0]?.modelId ?? 'faces')
      }
      if (assetIds.length > 0) deps.changed('faces', assetIds)
      return assetIds.length
    },

    /** Closest pairs of persons by centroid: likely the same person split in two. */
    mergeSuggestions(limit = 10): MergeSuggestion[] {
      const centroids = [...people.centroids()]
      const pairs: { a: number; b: number; similarity: number }[] = []
      for (let i = 0; i < centroids.length; i++) {
        for (let j = i + 1; j < centroids.length; j++) {
          const [ia, va] = centroids[i]!
          const [ib, vb] = centroids[j]!
          let dot = 0
          for (let k = 0; k < va.length; k++) dot += va[k]! * vb[k]!
          if (dot >= MIN_SUGGESTION_SIMILARITY) pairs.push({ a: ia, b: ib, similarity: dot })
        }
      }
      return pairs
        .sort((x, y) => y.similarity - x.similarity)
        .slice(0, limit)
        .flatMap((p) => {
          const a = people.get(p.a)
          const b = people.get(p.b)
          return a && b && !a.hidden && !b.hidden ? [{ a, b, similarity: p.similarity }] : []
        })
    },

    /**
     * Deletes face crops cached under the face id (`faces/<id>.webp`, before crops were named by
     * their 20-character crop key): nothing serves them any more. Returns how many went.
     */
    async removeLegacyFaceCrops(): Promise<number> {
      const dir = join(deps.cacheDir, 'faces')
      const names = await readdir(dir).catch(() => [] as string[])
      const legacy = names.filter((name) => LEGACY_CROP_NAME.test(name))
      await Promise.all(legacy.map((name) => rm(join(dir, name), { force: true })))
      return legacy.length
    },

    /**
     * A square crop around a face, from the preview, cached under its crop key (what it shows: the
     * photo's content and the box), never under the face id, which SQLite hands to a new face once
     * the old one is deleted. With `cropKey` (from a URL), null unless the face still has that key.
     */
    async faceCrop(faceId: number, cropKey?: string): Promise<string | null> {
      const face = people.face(faceId)
      if (!face || (cropKey !== undefined && cropKey !== face.cropKey)) return null
      const file = join(deps.cacheDir, 'faces', `${face.cropKey}.webp`)
      if (existsSync(file)) return file
      // A face seen in a video's keyframe is cropped from that frame, not from the poster.
      const preview = face.atMs === null ? thumbPath(deps.cacheDir, face.sha256, 'preview') : keyframePath(deps.cacheDir, face.sha256, face.atMs)
      const meta = await sharp(preview).metadata()
      const W = meta.width ?? 0
      const H = meta.height ?? 0
      const [x, y, w, h] = face.box
      const side = Math.max(w * W, h * H) * 1.5
      const cx = (x + w / 2) * W
      const cy = (y + h / 2) * H
      const left = Math.max(0, Math.round(cx - side / 2))
      const top = Math.max(0, Math.round(cy - side / 2))
      const width = Math.max(1, Math.min(W - left, Math.round(side)))
      const height = Math.max(1, Math.min(H - top, Math.round(side)))
      await mkdir(join(deps.cacheDir, 'faces'), { recursive: true })
      const tmp = `${file}.${process.pid}.tmp`
      await sharp(preview).extract({ left, top, width, height }).resize(192, 192, { fit: 'cover' }).webp({ quality: 80 }).toFile(tmp)
      await rename(tmp, file)
      return file
    },
  }
}

export type PeopleService = ReturnType<typeof createPeopleService>

/** Cosine above which two faces of one video are taken for the same person (MobileFaceNet). */
const SAME_FACE_IN_VIDEO = 0.55

/**
 * The faces of a video's frames, one per person: the best view (detector score × size, sharper
 * first) is kept and any face close to a kept one dropped.
 */
export function distinctFaces<T extends Pick<NewFace, 'embedding' | 'score' | 'size' | 'blur'>>(faces: readonly T[]): T[] {
  const unit = (v: Float32Array) => {
    let n = 0
    for (const x of v) n += x * x
    n = Math.sqrt(n) || 1
    return v.map((x) => x / n)
  }
  const ranked = [...faces].sort((a, b) => b.score * b.size - a.score * a.size || b.blur - a.blur)
  const kept: { face: T; unit: Float32Array }[] = []
  for (const face of ranked) {
    const u = unit(face.embedding)
    const same = kept.some((k) => {
      let dot = 0
      for (let i = 0; i < u.length; i++) dot += u[i]! * (k.unit[i] ?? 0)
      return dot >= SAME_FACE_IN_VIDEO
    })
    if (!same) kept.push({ face, unit: u })
  }
  return kept.map((k) => k.face)
}
