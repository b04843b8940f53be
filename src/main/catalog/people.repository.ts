import type { AssetSummary, FaceRef, PersonSummary } from '../../shared/domain'
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './assets.repository'
import { statementCache, type Db } from './connection'
import { faceCropKey } from './face-crop-key'
import { groupMoments } from './group-moments'
import { escapeLike, LIKE_ESCAPE } from './like'
import { blobToVector, vectorToBlob } from './vector-blob'

export interface NewFace {
  box: [number, number, number, number]
  landmarks: [number, number][]
  score: number
  size: number
  blur: number
  yaw: number
  embedding: Float32Array
  modelId: string
  device: string
  /** A face in a video's keyframe: the frame's second (null or absent: the photo, or a video's poster). */
  atMs?: number | null
}

/** Who a face belongs to, as clustering needs it. */
export interface FaceAssignmentState {
  id: number
  assetId: number
  personId: number | null
  pinned: boolean
  rejected: number[]
}

export interface FaceForClustering extends FaceAssignmentState {
  embedding: Float32Array
}

/** all: every face; clustered: faces clustering has seen; pending: new faces it has not. */
export type ClusteringScope = 'all' | 'clustered' | 'pending'

const SCOPE_WHERE: Record<ClusteringScope, string> = { all: '1', clustered: 'clustered = 1', pending: 'clustered = 0' }

/** What an edit changed, to put back on undo. */
interface Snapshot {
  faces: { id: number; personId: number | null; pinned: number }[]
  persons: { id: number; name: string | null; hidden: number; existed: boolean }[]
  rejections: { faceId: number; personId: number }[]
}

interface PersonRow {
  id: number
  name: string | null
  hidden: number
  faceCount: number
  photoCount: number
  coverFaceId: number | null
}


/**
 * A face is shown (counted, listed, a cover) only while its photo is: imported, its file present, not
 * in the trash. A trashed photo keeps its faces and their person, so a restore brings them back, but
 * until then the people screens leave them out as every other view does (tombstones have no faces).
 */
const shownPhoto = (a: string) => `${a}.state = 'ready' AND ${a}.missing_since IS NULL AND ${a}.trashed_at IS NULL`
const SHOWN_FACE = (f: string) => `EXISTS (SELECT 1 FROM assets sa WHERE sa.id = ${f}.asset_id AND ${shownPhoto('sa')})`

// Largest, sharpest, most frontal face first: the person's card shows that one.
const COVER = `(SELECT f2.id FROM faces f2 WHERE f2.person_id = p.id AND ${SHOWN_FACE('f2')} ORDER BY f2.size * (1 - min(abs(f2.yaw), 1)) * min(f2.blur, 500) DESC LIMIT 1)`
const PERSON_COLUMNS = `p.id, p.name, p.hidden,
  (SELECT count(*) FROM faces f WHERE f.person_id = p.id AND ${SHOWN_FACE('f')}) AS faceCount,
  (SELECT count(DISTINCT f.asset_id) FROM faces f WHERE f.person_id = p.id AND ${SHOWN_FACE('f')}) AS photoCount,
  ${COVER} AS coverFaceId`

export function createPeopleRepository(db: Db) {
  const sql = statementCache(db)
  const now = () => new Date().toISOString()

  function faceRefs(where: string, param: unknown, limit = -1): FaceRef[] {
    return (
      sql(
        `SELECT f.id, f.asset_id AS assetId, f.person_id AS personId, p.name AS personName, f.x, f.y, f.w, f.h, f.score, f.pinned, a.sha256
         FROM faces f JOIN assets a ON a.id = f.asset_id LEFT JOIN persons p ON p.id = f.person_id WHERE ${where} ORDER BY f.asset_id DESC, f.x LIMIT ?`,
      ).all(param, limit) as { id: number; assetId: number; personId: number | null; personName: string | null; x: number; y: number; w: number; h: number; score: number; pinned: number; sha256: string }[]
    ).map((r) => {
      const box: FaceRef['box'] = [r.x, r.y, r.w, r.h]
      return { id: r.id, assetId: r.assetId, personId: r.personId, personName: r.personName, box, score: r.score, pinned: r.pinned === 1, cropKey: faceCropKey(r.sha256, box) }
    })
  }

  /** The face's box and the sha256 of its photo, the two things its crop shows. */
  function faceWithSha(faceId: number): { assetId: number; sha256: string; box: [number, number, number, number]; atMs: number | null } | undefined {
    const r = sql(`SELECT f.asset_id AS assetId, a.sha256, f.x, f.y, f.w, f.h, f.at_ms AS atMs FROM faces f JOIN assets a ON a.id = f.asset_id WHERE f.id = ?`).get(faceId) as
      | { assetId: number; sha256: string; x: number; y: number; w: number; h: number; atMs: number | null }
      | undefined
    return r && { assetId: r.assetId, sha256: r.sha256, box: [r.x, r.y, r.w, r.h], atMs: r.atMs }
  }

  function toPerson(r: PersonRow): PersonSummary {
    const cover = r.coverFaceId === null ? undefined : faceWithSha(r.coverFaceId)
    return { ...r, hidden: r.hidden === 1, coverCropKey: cover ? faceCropKey(cover.sha256, cover.box) : null }
  }

  function snapshot(faceIds: number[], personIds: number[]): Snapshot {
    const faces = faceIds.length
      ? (sql(`SELECT id, person_id AS personId, pinned FROM faces WHERE id IN (${faceIds.map(() => '?').join(',')})`).all(...faceIds) as Snapshot['faces'])
      : []
    const persons = personIds.map((id) => {
      const p = sql(`SELECT id, name, hidden FROM persons WHERE id = ?`).get(id) as { id: number; name: string | null; hidden: number } | undefined
      return p ? { ...p, existed: true } : { id, name: null, hidden: 0, existed: false }
    })
    return { faces, persons, rejections: [] }
  }

  function pushUndo(label: string, snap: Snapshot): void {
    sql(`INSERT INTO people_undo (label, snapshot, created_at) VALUES (?, ?, ?)`).run(label, JSON.stringify(snap), now())
    // A short history is enough for "undo the last operation".
    sql(`DELETE FROM people_undo WHERE id NOT IN (SELECT id FROM people_undo ORDER BY id DESC LIMIT 20)`).run()
  }

  function facesOfPerson(personId: number): number[] {
    return (sql(`SELECT id FROM faces WHERE person_id = ?`).all(personId) as { id: number }[]).map((r) => r.id)
  }

  function rejectionsByFace(): Map<number, number[]> {
    const rejections = new Map<number, number[]>()
    for (const r of sql(`SELECT face_id AS faceId, person_id AS personId FROM face_rejections`).all() as { faceId: number; personId: number }[]) {
      rejections.set(r.faceId, [...(rejections.get(r.faceId) ?? []), r.personId])
    }
    return rejections
  }

  function createPerson(name: string | null = null): number {
    return Number(sql(`INSERT INTO persons (name, created_at, updated_at) VALUES (?, ?, ?)`).run(name, now(), now()).lastInsertRowid)
  }

  function dropEmptyPersons(): void {
    // Unnamed persons left without faces are clustering leftovers; named ones the user keeps.
    sql(`DELETE FROM persons WHERE name IS NULL AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = persons.id)`).run()
  }

  return {
    /** Replaces the faces of one asset (re-running the stage never duplicates them). */
    replaceFaces(assetId: number, faces: NewFace[]): number[] {
      return db.transaction(() => {
        sql(`DELETE FROM faces WHERE asset_id = ?`).run(assetId)
        const insert = sql(
          `INSERT INTO faces (asset_id, x, y, w, h, landmarks, score, size, blur, yaw, embedding, model_id, device, at_ms, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        const ids = faces.map((f) =>
          Number(
            insert.run(assetId, f.box[0], f.box[1], f.box[2], f.box[3], JSON.stringify(f.landmarks), f.score, f.size, f.blur, f.yaw, vectorToBlob(f.embedding), f.modelId, f.device, f.atMs ?? null, now())
              .lastInsertRowid,
          ),
        )
        dropEmptyPersons()
        return ids
      })()
    },

    /** Changes whenever a face's person, pin or rejections change, or a face is deleted (triggers). */
    generation(): number {
      return (sql(`SELECT value FROM people_generation WHERE id = 1`).get() as { value: number }).value
    },

    facesForClustering(scope: ClusteringScope = 'all'): FaceForClustering[] {
      const rejections = rejectionsByFace()
      return (
        sql(`SELECT id, asset_id AS assetId, person_id AS personId, pinned, embedding FROM faces WHERE ${SCOPE_WHERE[scope]} ORDER BY id`).all() as {
          id: number
          assetId: number
          personId: number | null
          pinned: number
          embedding: Buffer
        }[]
      ).map((r) => ({ id: r.id, assetId: r.assetId, personId: r.personId, pinned: r.pinned === 1, rejected: rejections.get(r.id) ?? [], embedding: blobToVector(r.embedding) }))
    },

    /** One photo's faces as the faces stage's tags need them: box in fractions of the photo, detector score, embedding. */
    facesForTags(assetId: number): { box: [number, number, number, number]; score: number; embedding: Float32Array; modelId: string }[] {
      return (
        sql(`SELECT x, y, w, h, score, embedding, model_id AS modelId FROM faces WHERE asset_id = ? ORDER BY id`).all(assetId) as {
          x: number
          y: number
          w: number
          h: number
          score: number
          embedding: Buffer
          modelId: string
        }[]
      ).map((r) => ({ box: [r.x, r.y, r.w, r.h], score: r.score, embedding: blobToVector(r.embedding), modelId: r.modelId }))
    },

    /**
     * Photos with faces but none of the faces stage's tags: found before those tags existed
     * (migration 0010). Every photo with a face has at least 'person', so nothing else matches.
     */
    assetsWithFacesWithoutFaceTags(): number[] {
      return (
        sql(
          `SELECT DISTINCT f.asset_id AS id FROM faces f
           WHERE NOT EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_id = f.asset_id AND t.kind = 'face')
           ORDER BY f.asset_id`,
        ).all() as { id: number }[]
      ).map((r) => r.id)
    },

    /** Like facesForClustering('clustered') without the embeddings: cheap enough to run after every edit. */
    clusteredAssignments(): FaceAssignmentState[] {
      const rejections = rejectionsByFace()
      return (
        sql(`SELECT id, asset_id AS assetId, person_id AS personId, pinned FROM faces WHERE clustered = 1 ORDER BY id`).all() as {
          id: number
          assetId: number
          personId: number | null
          pinned: number
        }[]
      ).map((r) => ({ id: r.id, assetId: r.assetId, personId: r.personId, pinned: r.pinned === 1, rejected: rejections.get(r.id) ?? [] }))
    },

    /**
     * Writes a clustering result: new persons are created for new clusters; pinned faces are never
     * touched; `clustered` faces are marked as seen. `person` is an existing person id, 'new:<key>'
     * or null. Applied only if the catalog is still at `expectGeneration` (no edit happened while
     * the clustering ran): returns the generation after the write, or null when nothing was written.
     */
    applyClustering(
      assignments: { faceId: number; person: number | string | null }[],
      options: { clustered: 'all' | number[]; expectGeneration?: number },
    ): number | null {
      return db.transaction(() => {
        const current = (sql(`SELECT value FROM people_generation WHERE id = 1`).get() as { value: number }).value
        if (options.expectGeneration !== undefined && current !== options.expectGeneration) return null
        const created = new Map<string, number>()
        const update = sql(`UPDATE faces SET person_id = ? WHERE id = ? AND pinned = 0`)
        for (const a of assignments) {
          let personId: number | null = null
          if (typeof a.person === 'number') personId = a.person
          else if (typeof a.person === 'string') {
            personId = created.get(a.person) ?? createPerson()
            created.set(a.person, personId)
          }
          update.run(personId, a.faceId)
        }
        if (options.clustered === 'all') sql(`UPDATE faces SET clustered = 1 WHERE clustered = 0`).run()
        else {
          const mark = sql(`UPDATE faces SET clustered = 1 WHERE id = ?`)
          for (const id of options.clustered) mark.run(id)
        }
        dropEmptyPersons()
        return (sql(`SELECT value FROM people_generation WHERE id = 1`).get() as { value: number }).value
      })()
    },

    list(includeHidden: boolean): PersonSummary[] {
      return (
        sql(
          `SELECT ${PERSON_COLUMNS} FROM persons p WHERE (? OR p.hidden = 0)
           ORDER BY p.name IS NULL, faceCount DESC, p.id`,
        ).all(includeHidden ? 1 : 0) as PersonRow[]
      ).map(toPerson).filter((p) => p.faceCount > 0 || p.name !== null)
    },

    get(personId: number): PersonSummary | undefined {
      const r = sql(`SELECT ${PERSON_COLUMNS} FROM persons p WHERE p.id = ?`).get(personId) as PersonRow | undefined
      return r && toPerson(r)
    },

    /** The person's faces on shown photos (see SHOWN_FACE). */
    facesOf(personId: number): FaceRef[] {
      return faceRefs(`f.person_id = ? AND ${shownPhoto('a')}`, personId)
    },

    facesInAsset(assetId: number): FaceRef[] {
      return faceRefs('f.asset_id = ?', assetId)
    },

    unassigned(limit: number): FaceRef[] {
      return faceRefs(`f.person_id IS NULL AND ? IS NULL AND ${shownPhoto('a')}`, null, limit)
    },

    /** A face as its crop needs it: the photo, its sha256, the box and the crop key they make. */
    face(faceId: number): { assetId: number; sha256: string; box: [number, number, number, number]; atMs: number | null; cropKey: string } | undefined {
      const f = faceWithSha(faceId)
      return f && { ...f, cropKey: faceCropKey(f.sha256, f.box) }
    },

    /**
     * The person's photos, newest first. A video says at which second the person is seen (their
     * face's keyframe, or the poster's moment for a face found in the poster), so the viewer starts
     * there as it does for a search hit.
     */
    photosOf(personId: number, limit: number): AssetSummary[] {
      const rows = sql(
        `SELECT ${SUMMARY_COLUMNS},
           CASE WHEN a.media_type = 'video' THEN (
             SELECT coalesce(f.at_ms, a.poster_ms) FROM faces f WHERE f.asset_id = a.id AND f.person_id = @personId ORDER BY f.score DESC LIMIT 1
           ) END AS faceAtMs
         FROM assets a
         WHERE ${shownPhoto('a')}
           AND EXISTS (SELECT 1 FROM faces f WHERE f.asset_id = a.id AND f.person_id = @personId)
         ORDER BY a.sort_ms DESC, a.id DESC LIMIT @limit`,
      ).all({ personId, limit }) as (SummaryRow & { faceAtMs: number | null })[]
      return rows.map(({ faceAtMs, ...row }) => {
        const summary = toSummary(row)
        return summary.video && faceAtMs !== null ? { ...summary, video: { ...summary.video, atMs: faceAtMs } } : summary
      })
    },

    /**
     * For each video among `assetIds`, the seconds at which the most of `personIds` are seen
     * together (all of them where a frame has them all), their best face first. A face found in
     * the poster is seen at the poster's moment.
     */
    videoMomentsWith(assetIds: readonly number[], personIds: readonly number[]): Map<number, number[]> {
      if (assetIds.length === 0 || personIds.length === 0) return new Map()
      const rows = sql(
        `SELECT f.asset_id AS assetId, coalesce(f.at_ms, a.poster_ms, 0) AS atMs, count(DISTINCT f.person_id) AS seen, max(f.score) AS score
         FROM faces f JOIN assets a ON a.id = f.asset_id
         WHERE a.media_type = 'video' AND f.asset_id IN (SELECT value FROM json_each(?)) AND f.person_id IN (SELECT value FROM json_each(?))
         GROUP BY f.asset_id, coalesce(f.at_ms, a.poster_ms, 0)
         ORDER BY f.asset_id, seen DESC, score DESC, atMs`,
      ).all(JSON.stringify(assetIds), JSON.stringify(personIds)) as { assetId: number; atMs: number; seen: number }[]
      // Rows come most-people first: a frame with fewer of them than the video's best is left out.
      const most = new Map<number, number>()
      for (const r of rows) if (!most.has(r.assetId)) most.set(r.assetId, r.seen)
      return groupMoments(rows.filter((r) => r.seen === most.get(r.assetId)))
    },

    /** The crop key of every face (what names its cached crop). */
    cropKeys(): Set<string> {
      const rows = sql(`SELECT a.sha256, f.x, f.y, f.w, f.h FROM faces f JOIN assets a ON a.id = f.asset_id`).all() as { sha256: string; x: number; y: number; w: number; h: number }[]
      return new Set(rows.map((r) => faceCropKey(r.sha256, [r.x, r.y, r.w, r.h])))
    },

    names(prefix: string): string[] {
      return (
        sql(`SELECT DISTINCT name FROM persons WHERE name IS NOT NULL AND lower(name) LIKE ? ${LIKE_ESCAPE} ORDER BY name LIMIT 20`).all(`${escapeLike(prefix.toLowerCase())}%`) as {
          name: string
        }[]
      ).map((r) => r.name)
    },

    /** Person ids by exact (case-insensitive) name. */
    idsByName(name: string): number[] {
      return (sql(`SELECT id FROM persons WHERE lower(name) = lower(?)`).all(name) as { id: number }[]).map((r) => r.id)
    },

    allNames(): string[] {
      return (sql(`SELECT DISTINCT name FROM persons WHERE name IS NOT NULL`).all() as { name: string }[]).map((r) => r.name)
    },

    /** Names of persons with a face on a shown photo: a suggestion that would find nothing is not made. */
    shownNames(): string[] {
      return (
        sql(
          `SELECT DISTINCT p.name FROM persons p WHERE p.name IS NOT NULL
           AND EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id AND ${SHOWN_FACE('f')}) ORDER BY p.name`,
        ).all() as { name: string }[]
      ).map((r) => r.name)
    },

    namesInAsset(assetId: number): string[] {
      return (
        sql(`SELECT DISTINCT p.name FROM faces f JOIN persons p ON p.id = f.person_id WHERE f.asset_id = ? AND p.name IS NOT NULL AND p.hidden = 0`).all(assetId) as {
          name: string
        }[]
      ).map((r) => r.name)
    },

    assetsOfPerson(personId: number): number[] {
      return (sql(`SELECT DISTINCT asset_id AS id FROM faces WHERE person_id = ?`).all(personId) as { id: number }[]).map((r) => r.id)
    },

    /** Mean embedding of each person over its shown faces (for merge suggestions). */
    centroids(): Map<number, Float32Array> {
      const sums = new Map<number, Float32Array>()
      // Faces of trashed photos are out of sight: a suggestion must rest on faces the user can see.
      const rows = sql(`SELECT f.person_id AS personId, f.embedding FROM faces f WHERE f.person_id IS NOT NULL AND ${SHOWN_FACE('f')}`).all() as {
        personId: number
        embedding: Buffer
      }[]
      for (const r of rows) {
        const v = blobToVector(r.embedding)
        const sum = sums.get(r.personId) ?? new Float32Array(v.length)
        for (let i = 0; i < v.length; i++) sum[i]! += v[i]!
        sums.set(r.personId, sum)
      }
      for (const sum of sums.values()) {
        const n = Math.hypot(...sum) || 1
        for (let i = 0; i < sum.length; i++) sum[i]! /= n
      }
      return sums
    },

    rename(personId: number, name: string): void {
      db.transaction(() => {
        pushUndo('rename', snapshot(facesOfPerson(personId), [personId]))
        sql(`UPDATE persons SET name = ?, updated_at = ? WHERE id = ?`).run(name, now(), personId)
        // Naming a person confirms its faces: they stay with it through every recluster.
        sql(`UPDATE faces SET pinned = 1 WHERE person_id = ?`).run(personId)
      })()
    },

    merge(personIds: number[], into: number): void {
      db.transaction(() => {
        const others = personIds.filter((id) => id !== into)
        const faces = others.flatMap(facesOfPerson)
        pushUndo('merge', snapshot([...faces, ...facesOfPerson(into)], [into, ...others]))
        const move = sql(`UPDATE faces SET person_id = ?, pinned = 1 WHERE person_id = ?`)
        for (const id of others) move.run(into, id)
        sql(`UPDATE faces SET pinned = 1 WHERE person_id = ?`).run(into)
        const del = sql(`DELETE FROM persons WHERE id = ?`)
        for (const id of others) del.run(id)
      })()
    },

    split(personId: number, faceIds: number[]): number {
      return db.transaction(() => {
        const newId = createPerson()
        pushUndo('split', snapshot(faceIds, [newId]))
        const move = sql(`UPDATE faces SET person_id = ?, pinned = 1 WHERE id = ? AND person_id = ?`)
        for (const id of faceIds) move.run(newId, id, personId)
        return newId
      })()
    },

    moveFaces(faceIds: number[], to: number): number {
      return db.transaction(() => {
        pushUndo('move', snapshot(faceIds, [to]))
        const move = sql(`UPDATE faces SET person_id = ?, pinned = 1 WHERE id = ?`)
        const unreject = sql(`DELETE FROM face_rejections WHERE face_id = ? AND person_id = ?`)
        let n = 0
        for (const id of faceIds) {
          n += move.run(to, id).changes
          unreject.run(id, to)
        }
        dropEmptyPersons()
        return n
      })()
    },

    /** "Not this person": unassign, unpin, and remember the rejection. */
    removeFaces(faceIds: number[]): number {
      return db.transaction(() => {
        const snap = snapshot(faceIds, [])
        const reject = sql(`INSERT OR IGNORE INTO face_rejections (face_id, person_id) VALUES (?, ?)`)
        for (const f of snap.faces) {
          if (f.personId !== null) {
            reject.run(f.id, f.personId)
            snap.rejections.push({ faceId: f.id, personId: f.personId })
          }
        }
        pushUndo('remove', snap)
        let n = 0
        const unassign = sql(`UPDATE faces SET person_id = NULL, pinned = 0 WHERE id = ?`)
        for (const id of faceIds) n += unassign.run(id).changes
        return n
      })()
    },

    hide(personId: number, hidden: boolean): void {
      db.transaction(() => {
        pushUndo(hidden ? 'hide' : 'unhide', snapshot([], [personId]))
        sql(`UPDATE persons SET hidden = ?, updated_at = ? WHERE id = ?`).run(hidden ? 1 : 0, now(), personId)
      })()
    },

    /** Deletes the person, its faces and their embeddings. Not undoable: the data is gone. */
    delete(personId: number): void {
      db.transaction(() => {
        sql(`DELETE FROM faces WHERE person_id = ?`).run(personId)
        sql(`DELETE FROM persons WHERE id = ?`).run(personId)
        // Earlier edits may refer to what is gone; undo stops here.
        sql(`DELETE FROM people_undo`).run()
      })()
    },

    /** Puts back what the last edit changed; returns its label, or null. */
    undo(): string | null {
      return db.transaction(() => {
        const last = sql(`SELECT id, label, snapshot FROM people_undo ORDER BY id DESC LIMIT 1`).get() as { id: number; label: string; snapshot: string } | undefined
        if (!last) return null
        const snap = JSON.parse(last.snapshot) as Snapshot
        for (const p of snap.persons) {
          if (p.existed) {
            sql(`INSERT INTO persons (id, name, hidden, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, hidden = excluded.hidden, updated_at = excluded.updated_at`).run(p.id, p.name, p.hidden, now(), now())
          }
        }
        const restore = sql(`UPDATE faces SET person_id = ?, pinned = ? WHERE id = ?`)
        for (const f of snap.faces) restore.run(f.personId, f.pinned, f.id)
        const unreject = sql(`DELETE FROM face_rejections WHERE face_id = ? AND person_id = ?`)
        for (const r of snap.rejections) unreject.run(r.faceId, r.personId)
        for (const p of snap.persons) if (!p.existed) sql(`DELETE FROM persons WHERE id = ?`).run(p.id)
        sql(`DELETE FROM people_undo WHERE id = ?`).run(last.id)
        return last.label
      })()
    },

    /** Faces no clustering pass has seen yet. */
    pendingFaceCount(): number {
      return (sql(`SELECT count(*) AS n FROM faces WHERE clustered = 0`).get() as { n: number }).n
    },

    faceCount(): number {
      return (sql(`SELECT count(*) AS n FROM faces`).get() as { n: number }).n
    },
  }
}

export type PeopleRepository = ReturnType<typeof createPeopleRepository>
