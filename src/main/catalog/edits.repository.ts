// The user's edits of a photo's date, place and description (migration 0014). The columns the library
// reads (taken_at, sort_ms, month, lat, lon, place names) hold the values in effect; the first edit
// of the date or place copies what the file said into original_*.
import { monthOf, REMOVED } from './assets.repository'
import { statementCache, type Db } from './connection'

/** Every column an edit may change, as read before it: an undo writes them back as they were. */
export interface EditSnapshot {
  takenAt: string | null
  sortMs: number
  month: string
  dateEdited: number
  originalTakenAt: string | null
  originalSortMs: number | null
  lat: number | null
  lon: number | null
  city: string | null
  region: string | null
  country: string | null
  countryCode: string | null
  timezone: string | null
  placeEdited: number
  originalLat: number | null
  originalLon: number | null
  placeLabel: string | null
  description: string | null
}

/** A reverse-geocoded place (names null when unknown: at sea, or cleared). */
export interface PlaceNames {
  city: string | null
  region: string | null
  country: string | null
  countryCode: string | null
  timezone: string | null
}

const SNAPSHOT_COLUMNS = `taken_at AS takenAt, sort_ms AS sortMs, month, date_edited AS dateEdited, original_taken_at AS originalTakenAt,
  original_sort_ms AS originalSortMs, lat, lon, city, region, country, country_code AS countryCode, timezone, place_edited AS placeEdited,
  original_lat AS originalLat, original_lon AS originalLon, place_label AS placeLabel, description`

export function createEditsRepository(db: Db) {
  const sql = statementCache(db)
  const now = () => new Date().toISOString()

  return {
    /** What the photos have now (unknown ids and removed content are absent). */
    snapshotOf(assetIds: readonly number[]): Map<number, EditSnapshot> {
      const select = sql(`SELECT ${SNAPSHOT_COLUMNS} FROM assets WHERE id = ? AND error_code IS NOT '${REMOVED}'`)
      const out = new Map<number, EditSnapshot>()
      for (const id of new Set(assetIds)) {
        const r = select.get(id) as EditSnapshot | undefined
        if (r) out.set(id, r)
      }
      return out
    },

    /** Writes back what snapshotOf read (an undo). */
    restore(snapshots: ReadonlyMap<number, EditSnapshot>): void {
      const update = sql(
        `UPDATE assets SET taken_at = @takenAt, sort_ms = @sortMs, month = @month, date_edited = @dateEdited,
           original_taken_at = @originalTakenAt, original_sort_ms = @originalSortMs, lat = @lat, lon = @lon, city = @city,
           region = @region, country = @country, country_code = @countryCode, timezone = @timezone, place_edited = @placeEdited,
           original_lat = @originalLat, original_lon = @originalLon, place_label = @placeLabel, description = @description,
           updated_at = @now
         WHERE id = @id`,
      )
      const at = now()
      for (const [id, s] of snapshots) update.run({ ...s, id, now: at })
    },

    /** Sets the date in effect; the first edit keeps what the file said. Returns whether it changed. */
    setDate(assetId: number, takenAt: string | null, sortMs: number): boolean {
      return (
        sql(
          `UPDATE assets SET original_taken_at = CASE WHEN date_edited = 0 THEN taken_at ELSE original_taken_at END,
             original_sort_ms = CASE WHEN date_edited = 0 THEN sort_ms ELSE original_sort_ms END,
             date_edited = 1, taken_at = @takenAt, sort_ms = @sortMs, month = @month, updated_at = @now
           WHERE id = @assetId AND error_code IS NOT '${REMOVED}' AND (taken_at IS NOT @takenAt OR sort_ms <> @sortMs)`,
        ).run({ assetId, takenAt, sortMs, month: monthOf(sortMs), now: now() }).changes > 0
      )
    },

    /** Back to the file's date; returns whether it changed. */
    revertDate(assetId: number): boolean {
      const r = sql(`SELECT original_sort_ms AS sortMs FROM assets WHERE id = ? AND date_edited = 1`).get(assetId) as { sortMs: number } | undefined
      if (!r) return false
      return (
        sql(
          `UPDATE assets SET taken_at = original_taken_at, sort_ms = original_sort_ms, month = ?, date_edited = 0,
             original_taken_at = NULL, original_sort_ms = NULL, updated_at = ?
           WHERE id = ? AND date_edited = 1`,
        ).run(monthOf(r.sortMs), now(), assetId).changes > 0
      )
    },

    /** Sets the place in effect (position, names, label); the first edit keeps the file's position. */
    setPlace(assetId: number, place: { lat: number | null; lon: number | null; label: string | null } & PlaceNames): boolean {
      return (
        sql(
          `UPDATE assets SET original_lat = CASE WHEN place_edited = 0 THEN lat ELSE original_lat END,
             original_lon = CASE WHEN place_edited = 0 THEN lon ELSE original_lon END,
             place_edited = 1, lat = @lat, lon = @lon, place_label = @label, city = @city, region = @region, country = @country,
             country_code = @countryCode, timezone = @timezone, updated_at = @now
           WHERE id = @assetId AND error_code IS NOT '${REMOVED}'
             AND (place_edited = 0 OR lat IS NOT @lat OR lon IS NOT @lon OR place_label IS NOT @label)`,
        ).run({ assetId, ...place, now: now() }).changes > 0
      )
    },

    /** The file's position of a photo whose place was edited (undefined when it was not). */
    originalPosition(assetId: number): { lat: number | null; lon: number | null } | undefined {
      return sql(`SELECT original_lat AS lat, original_lon AS lon FROM assets WHERE id = ? AND place_edited = 1`).get(assetId) as
        | { lat: number | null; lon: number | null }
        | undefined
    },

    /** Back to the file's position, with the names found for it; returns whether it changed. */
    revertPlace(assetId: number, names: PlaceNames): boolean {
      return (
        sql(
          `UPDATE assets SET lat = original_lat, lon = original_lon, original_lat = NULL, original_lon = NULL, place_edited = 0,
             place_label = NULL, city = @city, region = @region, country = @country, country_code = @countryCode, timezone = @timezone,
             updated_at = @now
           WHERE id = @assetId AND place_edited = 1`,
        ).run({ assetId, ...names, now: now() }).changes > 0
      )
    },

    setDescription(assetId: number, description: string | null): boolean {
      return (
        sql(`UPDATE assets SET description = ?, updated_at = ? WHERE id = ? AND error_code IS NOT '${REMOVED}' AND description IS NOT ?`).run(
          description,
          now(),
          assetId,
          description,
        ).changes > 0
      )
    },
  }
}

export type EditsRepository = ReturnType<typeof createEditsRepository>
