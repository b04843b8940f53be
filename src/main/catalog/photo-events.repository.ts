// Events (migration 0017): the events, their photos and the user's cuts. The segmentation itself is
// pure (src/main/photo-events/segment.ts); this is what it reads and writes.
import type { AssetSummary } from '../../shared/domain'
import type { PhotoEventPerson } from '../../shared/photo-events'
import { statementCache, type Db } from './connection'
import { faceCropKey } from './face-crop-key'
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './assets.repository'

/** Photos that take part in events: in the library, not trashed, not hidden. */
const IN_EVENTS = `a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL AND a.hidden = 0`

/** A photo as the segmentation reads it, in capture order. */
export interface EventPoint {
  id: number
  /** assets.sort_ms: the wall-clock capture time, or the file's time when the photo has none. */
  t: number
  lat: number | null
  lon: number | null
  /** No capture time of its own: `t` is the file's. */
  fileTime: boolean
  city: string | null
  country: string | null
  /** The event it is in now (before this recompute), null for none. */
  eventId: number | null
}

export interface StoredEvent {
  id: number
  name: string | null
  title: string
  place: string | null
  startMs: number
  endMs: number
  count: number
  fileTimeCount: number
}

export interface EventRow extends StoredEvent {
  year: number
}

/**
 * An event as a recompute writes it; `members` (all of them) only when its photos changed, with
 * `joined`: those not in it before (every member when absent), the only ones written.
 */
export interface EventWrite {
  /** Absent: a new event. */
  id?: number
  title: string
  place: string | null
  startMs: number
  endMs: number
  count: number
  fileTimeCount: number
  members?: readonly number[]
  joined?: readonly number[]
}

export interface EventEditRow {
  kind: 'join' | 'split'
  fromMs: number
  toMs: number
  assetId: number | null
  createdAt: string
}

/** What undo puts back: the cuts, and the names (each with a photo of its event, to find it again after a recompute). */
export interface EventEditsSnapshot {
  edits: EventEditRow[]
  names: [eventId: number, anchorAssetId: number | null, name: string][]
}

const EVENT_COLUMNS = `e.id, e.name, e.title, e.place, e.start_ms AS startMs, e.end_ms AS endMs, e.year, e.asset_count AS count,
  e.file_time_count AS fileTimeCount`

const now = () => new Date().toISOString()
const yearOf = (ms: number) => new Date(ms).getUTCFullYear()

export function createPhotoEventsRepository(db: Db) {
  const sql = statementCache(db)
  const ids = (list: readonly number[]) => JSON.stringify(list)

  return {
    /** Every photo that takes part in events, in capture order (time, then id). */
    points(): EventPoint[] {
      const rows = sql(
        `SELECT a.id, a.sort_ms AS t, a.lat, a.lon, a.taken_at IS NULL AS fileTime, a.city, a.country, m.event_id AS eventId
         FROM assets a LEFT JOIN photo_event_members m ON m.asset_id = a.id
         WHERE ${IN_EVENTS} ORDER BY a.sort_ms, a.id`,
      ).all() as (Omit<EventPoint, 'fileTime'> & { fileTime: number })[]
      return rows.map((r) => ({ ...r, fileTime: r.fileTime === 1 }))
    },

    /** Changes whenever a photo is added, removed or changed (date, place, trash, hidden): a recompute is due. */
    version(): string {
      const r = sql(`SELECT count(*) AS n, max(updated_at) AS at FROM assets`).get() as { n: number; at: string | null }
      return `${r.n}:${r.at ?? ''}`
    },

    /** The stored events, for a recompute to compare against (their photos come with the points). */
    current(): StoredEvent[] {
      return sql(`SELECT ${EVENT_COLUMNS} FROM photo_events e`).all() as EventRow[]
    },

    /**
     * Writes a recompute in one transaction: removes the events that are gone, updates or inserts the
     * others (their photos only when given). Returns the id of each written event, in order.
     */
    apply(removed: readonly number[], writes: readonly EventWrite[]): number[] {
      return db.transaction(() => {
        const remove = sql(`DELETE FROM photo_events WHERE id = ?`)
        for (const id of removed) remove.run(id)
        const insert = sql(
          `INSERT INTO photo_events (start_ms, end_ms, year, title, place, asset_count, file_time_count, updated_at)
           VALUES (@startMs, @endMs, @year, @title, @place, @count, @fileTimeCount, @now)`,
        )
        const update = sql(
          `UPDATE photo_events SET start_ms = @startMs, end_ms = @endMs, year = @year, title = @title, place = @place,
             asset_count = @count, file_time_count = @fileTimeCount, updated_at = @now WHERE id = @id`,
        )
        // Photos that left it: gone to another event (their row moved already or moves below), or out of the events.
        const clear = sql(`DELETE FROM photo_event_members WHERE event_id = ? AND asset_id NOT IN (SELECT value FROM json_each(?))`)
        const member = sql(
          `INSERT INTO photo_event_members (asset_id, event_id) VALUES (?, ?) ON CONFLICT (asset_id) DO UPDATE SET event_id = excluded.event_id`,
        )
        const written: number[] = []
        const at = now()
        for (const w of writes) {
          const row = { startMs: w.startMs, endMs: w.endMs, year: yearOf(w.startMs), title: w.title, place: w.place, count: w.count, fileTimeCount: w.fileTimeCount, now: at }
          let id = w.id
          if (id === undefined) id = Number(insert.run(row).lastInsertRowid)
          else update.run({ ...row, id })
          if (w.members) {
            if (w.id !== undefined) clear.run(id, JSON.stringify(w.members))
            for (const assetId of w.joined ?? w.members) member.run(assetId, id)
          }
          written.push(id)
        }
        return written
      })()
    },

    edits(): EventEditRow[] {
      return sql(`SELECT kind, from_ms AS fromMs, to_ms AS toMs, asset_id AS assetId, created_at AS createdAt FROM photo_event_edits ORDER BY id`).all() as EventEditRow[]
    },

    /**
     * A merge: photos between `from` and `to` (capture order keys) stay together. Splits strictly
     * after `from` and up to `to` go (the merge is the newer wish); the break before `from` stays.
     */
    addJoin(from: { t: number; id: number }, to: { t: number; id: number }): void {
      sql(
        `DELETE FROM photo_event_edits WHERE kind = 'split'
           AND (from_ms > @fromT OR (from_ms = @fromT AND asset_id > @fromId))
           AND (from_ms < @toT OR (from_ms = @toT AND asset_id <= @toId))`,
      ).run({ fromT: from.t, fromId: from.id, toT: to.t, toId: to.id })
      sql(`INSERT INTO photo_event_edits (kind, from_ms, to_ms, created_at) VALUES ('join', ?, ?, ?)`).run(from.t, to.t, now())
    },

    addSplit(at: { t: number; id: number }): void {
      sql(`INSERT INTO photo_event_edits (kind, from_ms, to_ms, asset_id, created_at) VALUES ('split', ?, ?, ?, ?)`).run(at.t, at.t, at.id, now())
    },

    setName(eventId: number, name: string | null): boolean {
      return sql(`UPDATE photo_events SET name = ? WHERE id = ? AND name IS NOT ?`).run(name, eventId, name).changes > 0
    },

    snapshot(): EventEditsSnapshot {
      const names = sql(
        `SELECT e.id, (SELECT m.asset_id FROM photo_event_members m WHERE m.event_id = e.id LIMIT 1) AS anchor, e.name
         FROM photo_events e WHERE e.name IS NOT NULL`,
      ).raw().all() as [number, number | null, string][]
      return { edits: this.edits(), names }
    },

    /** Puts back the cuts of a snapshot (the names are put back after the recompute, by restoreNames). */
    restoreEdits(edits: readonly EventEditRow[]): void {
      sql(`DELETE FROM photo_event_edits`).run()
      const insert = sql(`INSERT INTO photo_event_edits (kind, from_ms, to_ms, asset_id, created_at) VALUES (@kind, @fromMs, @toMs, @assetId, @createdAt)`)
      for (const e of edits) insert.run(e)
    },

    /** Every name as in the snapshot: on the event holding its photo, else on its old id. */
    restoreNames(names: EventEditsSnapshot['names']): void {
      sql(`UPDATE photo_events SET name = NULL WHERE name IS NOT NULL`).run()
      const byAnchor = sql(`UPDATE photo_events SET name = ? WHERE id = (SELECT event_id FROM photo_event_members WHERE asset_id = ?)`)
      const byId = sql(`UPDATE photo_events SET name = ? WHERE id = ?`)
      for (const [id, anchor, name] of names) {
        if (anchor === null || byAnchor.run(name, anchor).changes === 0) byId.run(name, id)
      }
    },

    get(eventId: number): EventRow | null {
      return (sql(`SELECT ${EVENT_COLUMNS} FROM photo_events e WHERE e.id = ?`).get(eventId) as EventRow | undefined) ?? null
    },

    /** Newest first; one year's only when given. */
    list(year?: number): EventRow[] {
      if (year !== undefined) return sql(`SELECT ${EVENT_COLUMNS} FROM photo_events e WHERE e.year = ? ORDER BY e.start_ms DESC, e.id DESC`).all(year) as EventRow[]
      return sql(`SELECT ${EVENT_COLUMNS} FROM photo_events e ORDER BY e.start_ms DESC, e.id DESC`).all() as EventRow[]
    },

    years(): { year: number; count: number }[] {
      return sql(`SELECT year, count(*) AS count FROM photo_events GROUP BY year ORDER BY year DESC`).all() as { year: number; count: number }[]
    },

    /** The event right before or after this one in time. */
    neighbour(eventId: number, side: 'previous' | 'next'): EventRow | null {
      const row = this.get(eventId)
      if (!row) return null
      const query =
        side === 'next'
          ? `SELECT ${EVENT_COLUMNS} FROM photo_events e WHERE e.start_ms > @t OR (e.start_ms = @t AND e.id > @id) ORDER BY e.start_ms, e.id LIMIT 1`
          : `SELECT ${EVENT_COLUMNS} FROM photo_events e WHERE e.start_ms < @t OR (e.start_ms = @t AND e.id < @id) ORDER BY e.start_ms DESC, e.id DESC LIMIT 1`
      return (sql(query).get({ t: row.startMs, id: eventId }) as EventRow | undefined) ?? null
    },

    /** The first and last photo of an event in capture order (time, id). */
    bounds(eventId: number): { first: { t: number; id: number }; last: { t: number; id: number } } | null {
      const first = sql(
        `SELECT a.sort_ms AS t, a.id FROM photo_event_members m JOIN assets a ON a.id = m.asset_id WHERE m.event_id = ? ORDER BY a.sort_ms, a.id LIMIT 1`,
      ).get(eventId) as { t: number; id: number } | undefined
      const last = sql(
        `SELECT a.sort_ms AS t, a.id FROM photo_event_members m JOIN assets a ON a.id = m.asset_id WHERE m.event_id = ? ORDER BY a.sort_ms DESC, a.id DESC LIMIT 1`,
      ).get(eventId) as { t: number; id: number } | undefined
      return first && last ? { first, last } : null
    },

    /** A photo's place in capture order, when it is in this event. */
    memberKey(eventId: number, assetId: number): { t: number; id: number } | null {
      return (
        (sql(`SELECT a.sort_ms AS t, a.id FROM photo_event_members m JOIN assets a ON a.id = m.asset_id WHERE m.event_id = ? AND m.asset_id = ?`).get(eventId, assetId) as
          | { t: number; id: number }
          | undefined) ?? null
      )
    },

    eventOf(assetId: number): number | null {
      return (sql(`SELECT event_id AS id FROM photo_event_members WHERE asset_id = ?`).get(assetId) as { id: number } | undefined)?.id ?? null
    },

    /** A window of an event's photos in capture order. */
    photos(eventId: number, offset: number, limit: number): AssetSummary[] {
      return (
        sql(
          `SELECT ${SUMMARY_COLUMNS} FROM photo_event_members m JOIN assets a ON a.id = m.asset_id
           WHERE m.event_id = ? AND ${IN_EVENTS} ORDER BY a.sort_ms, a.id LIMIT ? OFFSET ?`,
        ).all(eventId, limit, offset) as SummaryRow[]
      ).map(toSummary)
    },

    /**
     * The cover of each event: the photo with the most faces (a group shot shows the event's people),
     * the largest face breaking ties (the nearest, most detailed face); with no faces, the photo with
     * the most pixels (the most detailed one).
     */
    covers(eventIds: readonly number[]): Map<number, AssetSummary> {
      const rows = sql(
        `WITH members AS (
           SELECT m.event_id, a.id FROM photo_event_members m JOIN assets a ON a.id = m.asset_id
           WHERE m.event_id IN (SELECT value FROM json_each(?)) AND ${IN_EVENTS}),
         fc AS (SELECT f.asset_id, count(*) AS n, max(f.size) AS biggest FROM faces f JOIN members ON members.id = f.asset_id GROUP BY f.asset_id),
         ranked AS (
           SELECT members.event_id, a.id, row_number() OVER (
             PARTITION BY members.event_id
             ORDER BY coalesce(fc.n, 0) DESC, coalesce(fc.biggest, 0) DESC, coalesce(a.width, 0) * coalesce(a.height, 0) DESC, a.sort_ms, a.id) AS r
           FROM members JOIN assets a ON a.id = members.id LEFT JOIN fc ON fc.asset_id = a.id)
         SELECT ranked.event_id AS eventId, ${SUMMARY_COLUMNS} FROM ranked JOIN assets a ON a.id = ranked.id WHERE ranked.r = 1`,
      ).all(ids(eventIds)) as (SummaryRow & { eventId: number })[]
      return new Map(rows.map(({ eventId, ...r }) => [eventId, toSummary(r)]))
    },

    /** The people (not hidden) in each event, most photos first, each with its largest face there. */
    people(eventIds: readonly number[], limit: number): Map<number, PhotoEventPerson[]> {
      const rows = sql(
        `WITH ef AS (
           SELECT m.event_id, f.id AS faceId, f.person_id, f.asset_id, f.size, f.x, f.y, f.w, f.h, a.sha256
           FROM photo_event_members m JOIN faces f ON f.asset_id = m.asset_id JOIN assets a ON a.id = m.asset_id
           JOIN persons p ON p.id = f.person_id
           WHERE m.event_id IN (SELECT value FROM json_each(?)) AND p.hidden = 0 AND ${IN_EVENTS}),
         ranked AS (
           SELECT ef.*, row_number() OVER (PARTITION BY event_id, person_id ORDER BY size DESC, faceId) AS r,
             -- A person is in a photo once (two faces in one photo are never one person).
             count(*) OVER (PARTITION BY event_id, person_id) AS photoCount
           FROM ef)
         SELECT ranked.event_id AS eventId, ranked.person_id AS personId, p.name, ranked.photoCount, ranked.faceId, ranked.sha256,
           ranked.x, ranked.y, ranked.w, ranked.h
         FROM ranked JOIN persons p ON p.id = ranked.person_id WHERE ranked.r = 1
         ORDER BY ranked.event_id, ranked.photoCount DESC, p.name IS NULL, ranked.person_id`,
      ).all(ids(eventIds)) as {
        eventId: number
        personId: number
        name: string | null
        photoCount: number
        faceId: number
        sha256: string
        x: number
        y: number
        w: number
        h: number
      }[]
      const out = new Map<number, PhotoEventPerson[]>()
      for (const r of rows) {
        const list = out.get(r.eventId) ?? []
        if (list.length >= limit) continue
        list.push({ id: r.personId, name: r.name, photoCount: r.photoCount, face: { id: r.faceId, cropKey: faceCropKey(r.sha256, [r.x, r.y, r.w, r.h]) } })
        out.set(r.eventId, list)
      }
      return out
    },

    /**
     * Events at any of these places (a photo there: city, region or country; or the user's name for
     * the event says it) that overlap any of these wall-clock ranges (none: any time); newest first.
     */
    eventsAt(places: readonly string[], ranges: readonly { fromMs: number; toMs: number }[]): number[] {
      if (places.length === 0) return []
      const names = places.map((p) => p.toLowerCase())
      const rows = sql(
        `SELECT e.id FROM photo_events e
         WHERE (EXISTS (SELECT 1 FROM photo_event_members m JOIN assets a ON a.id = m.asset_id
                        WHERE m.event_id = e.id AND (lower(a.city) IN (SELECT value FROM json_each(@names))
                          OR lower(a.region) IN (SELECT value FROM json_each(@names)) OR lower(a.country) IN (SELECT value FROM json_each(@names))))
                OR EXISTS (SELECT 1 FROM json_each(@names) n WHERE instr(lower(e.name), n.value) > 0))
           AND (json_array_length(@ranges) = 0 OR EXISTS (
                SELECT 1 FROM json_each(@ranges) r WHERE e.start_ms < json_extract(r.value, '$[1]') AND e.end_ms >= json_extract(r.value, '$[0]')))
         ORDER BY e.start_ms DESC, e.id DESC`,
      ).all({ names: JSON.stringify(names), ranges: JSON.stringify(ranges.map((r) => [r.fromMs, r.toMs])) }) as { id: number }[]
      return rows.map((r) => r.id)
    },

    /** Events the user named with all of these words (any order, any case), overlapping the ranges when given; newest first. */
    eventsNamed(words: readonly string[], ranges: readonly { fromMs: number; toMs: number }[]): number[] {
      if (words.length === 0) return []
      const rows = sql(
        `SELECT e.id FROM photo_events e
         WHERE e.name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each(@words) w WHERE instr(lower(e.name), w.value) = 0)
           AND (json_array_length(@ranges) = 0 OR EXISTS (
                SELECT 1 FROM json_each(@ranges) r WHERE e.start_ms < json_extract(r.value, '$[1]') AND e.end_ms >= json_extract(r.value, '$[0]')))
         ORDER BY e.start_ms DESC, e.id DESC`,
      ).all({ words: JSON.stringify(words.map((w) => w.toLowerCase())), ranges: JSON.stringify(ranges.map((r) => [r.fromMs, r.toMs])) }) as { id: number }[]
      return rows.map((r) => r.id)
    },

    /** The photos of these events, event by event in the order given, each in capture order; at most `limit`. */
    memberIds(eventIds: readonly number[], limit: number): number[] {
      const out: number[] = []
      const members = sql(`SELECT a.id FROM photo_event_members m JOIN assets a ON a.id = m.asset_id WHERE m.event_id = ? AND ${IN_EVENTS} ORDER BY a.sort_ms, a.id LIMIT ?`)
      for (const id of eventIds) {
        if (out.length >= limit) break
        for (const r of members.all(id, limit - out.length) as { id: number }[]) out.push(r.id)
      }
      return out
    },

    /** Each event's photos (capture order) with one path of each, for the CLI. */
    assetPaths(): Map<number, { assetId: number; path: string }[]> {
      const rows = sql(
        `SELECT m.event_id AS eventId, a.id AS assetId, (SELECT min(l.path) FROM locations l WHERE l.asset_id = a.id) AS path
         FROM photo_event_members m JOIN assets a ON a.id = m.asset_id WHERE ${IN_EVENTS} ORDER BY a.sort_ms, a.id`,
      ).all() as { eventId: number; assetId: number; path: string | null }[]
      const out = new Map<number, { assetId: number; path: string }[]>()
      for (const r of rows) {
        if (r.path === null) continue
        const list = out.get(r.eventId) ?? []
        list.push({ assetId: r.assetId, path: r.path })
        out.set(r.eventId, list)
      }
      return out
    },
  }
}

export type PhotoEventsRepository = ReturnType<typeof createPhotoEventsRepository>
