// What the duplicate review reads and writes: the decoded-pixel facts of each photo (asset_pixels,
// migration 0015), the facts the keeper rules compare, and the few writes a resolution makes (the
// trash mark and the person of a face) with what undoes them.
import { statementCache, type Db } from './connection'

/** A photo that can be in a duplicate group: shown (ready, present, not in the trash) and hashed. */
export interface DuplicateCandidate {
  id: number
  phash: string
  /** Null until the 'asset.pixels' stage has run on it. */
  pixelHash: string | null
}

/** What a group shows of a photo and what the keeper rules compare. */
export interface DuplicateFacts {
  id: number
  phash: string | null
  width: number | null
  height: number | null
  bytes: number | null
  mime: string | null
  takenAt: string | null
  sortMs: number
  make: string | null
  model: string | null
  exifFields: number
  paths: string[]
  /** The oldest modification time of its files (ms). */
  oldestMtimeMs: number | null
}

/** A face as a resolution moves confirmations: its box in fractions of the oriented photo. */
export interface FaceForMerge {
  id: number
  assetId: number
  personId: number | null
  pinned: boolean
  box: [number, number, number, number]
}

// The camera fields EXIF completeness counts (GPS once).
const EXIF_FIELDS = `(a.taken_at IS NOT NULL) + (a.make IS NOT NULL) + (a.model IS NOT NULL) + (a.lens IS NOT NULL) +
  (a.exposure_time IS NOT NULL) + (a.f_number IS NOT NULL) + (a.iso IS NOT NULL) + (a.focal_length IS NOT NULL) +
  (a.lat IS NOT NULL AND a.lon IS NOT NULL)`

const SHOWN = `a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL`

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',')

/** SQLite's limit on bound parameters is far above this; chunks keep statements small and cached. */
const CHUNK = 500

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

export function createDuplicatesRepository(db: Db) {
  const sql = statementCache(db)
  return {
    /** Every shown photo with a pHash, by id. */
    candidates(): DuplicateCandidate[] {
      return sql(
        `SELECT a.id, a.phash, p.pixel_hash AS pixelHash FROM assets a LEFT JOIN asset_pixels p ON p.asset_id = a.id
         WHERE ${SHOWN} AND a.phash IS NOT NULL ORDER BY a.id`,
      ).all() as DuplicateCandidate[]
    },

    /** Shown photos whose content is at more than one path: the same bytes, several copies. */
    multiPathAssets(): { id: number; paths: string[] }[] {
      const rows = sql(
        `SELECT l.asset_id AS id, l.path FROM locations l JOIN assets a ON a.id = l.asset_id
         WHERE ${SHOWN} AND l.asset_id IN (SELECT asset_id FROM locations WHERE asset_id IS NOT NULL GROUP BY asset_id HAVING count(*) > 1)
         ORDER BY l.asset_id, l.path`,
      ).all() as { id: number; path: string }[]
      const byAsset = new Map<number, string[]>()
      for (const r of rows) byAsset.set(r.id, [...(byAsset.get(r.id) ?? []), r.path])
      return [...byAsset].map(([id, paths]) => ({ id, paths }))
    },

    facts(assetIds: readonly number[]): Map<number, DuplicateFacts> {
      const out = new Map<number, DuplicateFacts>()
      for (const batch of chunks([...new Set(assetIds)])) {
        const rows = sql(
          `SELECT a.id, a.phash, a.width, a.height, a.file_size AS bytes, a.mime, a.taken_at AS takenAt, a.sort_ms AS sortMs,
             a.make, a.model, ${EXIF_FIELDS} AS exifFields,
             (SELECT json_group_array(path) FROM (SELECT path FROM locations WHERE asset_id = a.id ORDER BY path)) AS paths,
             (SELECT min(mtime_ms) FROM locations WHERE asset_id = a.id) AS oldestMtimeMs
           FROM assets a WHERE a.id IN (${placeholders(batch.length)})`,
        ).all(...batch) as (Omit<DuplicateFacts, 'paths'> & { paths: string })[]
        for (const r of rows) out.set(r.id, { ...r, paths: JSON.parse(r.paths) as string[] })
      }
      return out
    },

    /** The 32x32 greyscale fingerprints of the given photos (those the pixels stage has seen). */
    gray32(assetIds: readonly number[]): Map<number, Uint8Array> {
      const out = new Map<number, Uint8Array>()
      for (const batch of chunks([...new Set(assetIds)])) {
        const rows = sql(`SELECT asset_id AS id, gray32 FROM asset_pixels WHERE asset_id IN (${placeholders(batch.length)})`).all(...batch) as {
          id: number
          gray32: Buffer
        }[]
        for (const r of rows) out.set(r.id, new Uint8Array(r.gray32))
      }
      return out
    },

    setPixels(assetId: number, pixels: { pixelHash: string; gray32: Uint8Array }): void {
      // The asset may have been deleted while its pixels were decoded: then there is nothing to write.
      sql(
        `INSERT OR REPLACE INTO asset_pixels (asset_id, pixel_hash, gray32) SELECT id, ?, ? FROM assets WHERE id = ?`,
      ).run(pixels.pixelHash, Buffer.from(pixels.gray32), assetId)
    },

    /** Ready photos the pixels stage has not seen (imported before it existed, or interrupted). */
    missingPixels(): number[] {
      return (
        sql(
          `SELECT a.id FROM assets a WHERE a.state = 'ready' AND a.missing_since IS NULL
           AND NOT EXISTS (SELECT 1 FROM asset_pixels p WHERE p.asset_id = a.id) ORDER BY a.id`,
        ).all() as { id: number }[]
      ).map((r) => r.id)
    },

    /** Which of the given photos are shown (ready, present, not in the trash). */
    shown(assetIds: readonly number[]): Set<number> {
      const out = new Set<number>()
      for (const batch of chunks([...new Set(assetIds)])) {
        const rows = sql(`SELECT a.id FROM assets a WHERE a.id IN (${placeholders(batch.length)}) AND ${SHOWN}`).all(...batch) as { id: number }[]
        for (const r of rows) out.add(r.id)
      }
      return out
    },

    facesIn(assetIds: readonly number[]): FaceForMerge[] {
      const out: FaceForMerge[] = []
      for (const batch of chunks([...new Set(assetIds)])) {
        const rows = sql(
          `SELECT id, asset_id AS assetId, person_id AS personId, pinned, x, y, w, h FROM faces
           WHERE asset_id IN (${placeholders(batch.length)}) ORDER BY id`,
        ).all(...batch) as { id: number; assetId: number; personId: number | null; pinned: number; x: number; y: number; w: number; h: number }[]
        for (const r of rows) out.push({ id: r.id, assetId: r.assetId, personId: r.personId, pinned: r.pinned === 1, box: [r.x, r.y, r.w, r.h] })
      }
      return out
    },

    /** Puts a face with a person, as the user's confirmation (pinned), or back to what it was. */
    setFacePerson(faceId: number, personId: number | null, pinned: boolean): void {
      sql(`UPDATE faces SET person_id = ?, pinned = ? WHERE id = ?`).run(personId, pinned ? 1 : 0, faceId)
    },
  }
}

export type DuplicatesRepository = ReturnType<typeof createDuplicatesRepository>
