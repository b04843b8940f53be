import { REMOVED } from './assets.repository'
import { statementCache, type Db } from './connection'

type Box = [number, number, number, number]

/** What a photo's sidecar says, as the catalog has it. */
export interface SidecarAsset {
  id: number
  width: number | null
  height: number | null
  orientation: number | null
  rating: number
  favorite: boolean
  description: string | null
  takenAt: string | null
  dateEdited: boolean
  placeEdited: boolean
  lat: number | null
  lon: number | null
  paths: string[]
}

export interface StoredRegion {
  id: number
  name: string
  box: Box
  personId: number | null
  faceId: number | null
}

/** Classifier tags at or above this probability are the ones the app shows (see README: Tags). */
const SHOWN_TAG_SCORE = 0.5

/** A photo the library keeps: imported, its file present, not a removed tombstone (trashed ones still have files). */
const KEPT = `a.state = 'ready' AND a.missing_since IS NULL AND a.error_code IS NOT '${REMOVED}'`

export function createSidecarsRepository(db: Db) {
  const sql = statementCache(db)
  const now = () => new Date().toISOString()
  return {
    /**
     * A photo with its files. `pending` ones too when asked: the import reads a photo's XMP right
     * after its metadata, before its thumbnails make it ready.
     */
    asset(assetId: number, options: { pending?: boolean } = {}): SidecarAsset | undefined {
      const r = sql(
        `SELECT a.id, a.width, a.height, a.orientation, a.rating, a.favorite, a.description, a.taken_at AS takenAt,
                a.date_edited AS dateEdited, a.place_edited AS placeEdited, a.lat, a.lon
         FROM assets a WHERE a.id = ? AND (${KEPT} OR (? AND a.state = 'pending' AND a.missing_since IS NULL))`,
      ).get(assetId, options.pending ? 1 : 0) as (Omit<SidecarAsset, 'favorite' | 'dateEdited' | 'placeEdited' | 'paths'> & { favorite: number; dateEdited: number; placeEdited: number }) | undefined
      if (!r) return undefined
      const paths = (sql(`SELECT path FROM locations WHERE asset_id = ? ORDER BY path`).all(assetId) as { path: string }[]).map((p) => p.path)
      return { ...r, favorite: r.favorite === 1, dateEdited: r.dateEdited === 1, placeEdited: r.placeEdited === 1, paths }
    },

    /** Every photo that has (or should have) a sidecar, in id order. */
    assetIds(): number[] {
      return (sql(`SELECT a.id FROM assets a WHERE ${KEPT} ORDER BY a.id`).all() as { id: number }[]).map((r) => r.id)
    },

    userTags(assetId: number): string[] {
      return (sql(`SELECT tag FROM user_tags WHERE asset_id = ? ORDER BY tag`).all(assetId) as { tag: string }[]).map((r) => r.tag)
    },

    /** The classifier's and the faces stage's tags as the app shows them. */
    machineTags(assetId: number): string[] {
      return (
        sql(`SELECT DISTINCT label FROM asset_tags WHERE asset_id = ? AND (kind = 'face' OR score >= ?) ORDER BY label`).all(assetId, SHOWN_TAG_SCORE) as { label: string }[]
      ).map((r) => r.label)
    },

    /** Faces the user confirmed (pinned) as a named person: what other programs should learn. */
    confirmedFaces(assetId: number): { name: string; box: Box }[] {
      return (
        sql(
          `SELECT p.name, f.x, f.y, f.w, f.h FROM faces f JOIN persons p ON p.id = f.person_id
           WHERE f.asset_id = ? AND f.pinned = 1 AND p.name IS NOT NULL ORDER BY f.x, f.id`,
        ).all(assetId) as { name: string; x: number; y: number; w: number; h: number }[]
      ).map((r) => ({ name: r.name, box: [r.x, r.y, r.w, r.h] }))
    },

    /** Named regions read from XMP that no detected face took: their person, as now named. */
    regionsWithoutFace(assetId: number): { name: string; box: Box }[] {
      return (
        sql(
          `SELECT p.name, r.x, r.y, r.w, r.h FROM xmp_regions r JOIN persons p ON p.id = r.person_id
           WHERE r.asset_id = ? AND r.face_id IS NULL AND p.name IS NOT NULL ORDER BY r.x, r.id`,
        ).all(assetId) as { name: string; x: number; y: number; w: number; h: number }[]
      ).map((r) => ({ name: r.name, box: [r.x, r.y, r.w, r.h] }))
    },

    /** Adds keywords; returns how many were new. */
    addUserTags(assetId: number, tags: string[], source: 'sidecar' | 'embedded'): number {
      const insert = sql(`INSERT OR IGNORE INTO user_tags (asset_id, tag, source) VALUES (?, ?, ?)`)
      let added = 0
      for (const tag of tags) added += insert.run(assetId, tag, source).changes
      return added
    },

    /** What an import fills in from XMP when the catalog has nothing of its own yet. */
    fillMarks(assetId: number, marks: { rating: number | null; favorite: boolean; description: string | null }): { rating: boolean; favorite: boolean; description: boolean } {
      const rating = marks.rating !== null ? sql(`UPDATE assets SET rating = ? WHERE id = ? AND rating = 0`).run(marks.rating, assetId).changes > 0 : false
      const favorite = marks.favorite ? sql(`UPDATE assets SET favorite = 1 WHERE id = ? AND favorite = 0`).run(assetId).changes > 0 : false
      const description = marks.description !== null ? sql(`UPDATE assets SET description = ? WHERE id = ? AND (description IS NULL OR description = '')`).run(marks.description, assetId).changes > 0 : false
      return { rating, favorite, description }
    },

    /** Replaces the named regions read from one photo's XMP. */
    replaceRegions(assetId: number, regions: { name: string; box: Box; source: 'sidecar' | 'embedded' }[]): void {
      sql(`DELETE FROM xmp_regions WHERE asset_id = ?`).run(assetId)
      const insert = sql(`INSERT INTO xmp_regions (asset_id, name, x, y, w, h, source) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      for (const r of regions) insert.run(assetId, r.name, r.box[0], r.box[1], r.box[2], r.box[3], r.source)
    },

    regions(assetId: number): StoredRegion[] {
      return (
        sql(`SELECT id, name, x, y, w, h, person_id AS personId, face_id AS faceId FROM xmp_regions WHERE asset_id = ? ORDER BY id`).all(assetId) as {
          id: number
          name: string
          x: number
          y: number
          w: number
          h: number
          personId: number | null
          faceId: number | null
        }[]
      ).map((r) => ({ id: r.id, name: r.name, box: [r.x, r.y, r.w, r.h], personId: r.personId, faceId: r.faceId }))
    },

    faces(assetId: number): { id: number; box: Box; personId: number | null; pinned: boolean }[] {
      return (
        sql(`SELECT id, x, y, w, h, person_id AS personId, pinned FROM faces WHERE asset_id = ? ORDER BY id`).all(assetId) as {
          id: number
          x: number
          y: number
          w: number
          h: number
          personId: number | null
          pinned: number
        }[]
      ).map((r) => ({ id: r.id, box: [r.x, r.y, r.w, r.h], personId: r.personId, pinned: r.pinned === 1 }))
    },

    /** The person of that name (the oldest, if several), made when there is none. */
    personNamed(name: string): number {
      const found = sql(`SELECT id FROM persons WHERE name = ? ORDER BY id LIMIT 1`).get(name) as { id: number } | undefined
      if (found) return found.id
      return Number(sql(`INSERT INTO persons (name, created_at, updated_at) VALUES (?, ?, ?)`).run(name, now(), now()).lastInsertRowid)
    },

    /**
     * Confirms a face as a person (pinned, as a user's naming does). A face the user already
     * confirmed as someone else keeps that person: the user's word is newer than a file's.
     */
    confirmFace(faceId: number, personId: number): boolean {
      return sql(`UPDATE faces SET person_id = ?, pinned = 1 WHERE id = ? AND (pinned = 0 OR person_id IS NULL OR person_id = ?)`).run(personId, faceId, personId).changes > 0
    },

    setRegionMatch(regionId: number, personId: number, faceId: number | null): void {
      sql(`UPDATE xmp_regions SET person_id = ?, face_id = ? WHERE id = ?`).run(personId, faceId, regionId)
    },

    /** Takes (and forgets) up to `limit` photos marked as changed since their sidecar was written. */
    takeDirty(limit: number): number[] {
      return db.transaction(() => {
        const ids = (sql(`SELECT asset_id AS id FROM sidecar_dirty ORDER BY asset_id LIMIT ?`).all(limit) as { id: number }[]).map((r) => r.id)
        const del = sql(`DELETE FROM sidecar_dirty WHERE asset_id = ?`)
        for (const id of ids) del.run(id)
        return ids
      })()
    },

    dirtyCount(): number {
      return (sql(`SELECT count(*) AS n FROM sidecar_dirty`).get() as { n: number }).n
    },

    markDirty(assetIds: number[]): void {
      const insert = sql(`INSERT OR IGNORE INTO sidecar_dirty (asset_id) SELECT id FROM assets WHERE id = ?`)
      db.transaction(() => {
        for (const id of assetIds) insert.run(id)
      })()
    },

    markAllDirty(): void {
      sql(`INSERT OR IGNORE INTO sidecar_dirty (asset_id) SELECT a.id FROM assets a WHERE ${KEPT}`).run()
    },
  }
}

export type SidecarsRepository = ReturnType<typeof createSidecarsRepository>
