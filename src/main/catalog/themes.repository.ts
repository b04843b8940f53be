// Themes (migration 0019): recurring subjects across events. What the discovery (src/main/themes)
// reads, the classifier's labels and vectors of the photos in events, and the themes it writes.
import type { AssetSummary } from '../../shared/domain'
import { statementCache, type Db } from './connection'
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './assets.repository'
import { blobToVector } from './vector-blob'

/** Photos that take part in themes: those in events (in the library, not trashed, not hidden). */
const SHOWN = `a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL AND a.hidden = 0`

// Joins from a theme's or event's members to their assets go member first, by rowid (CROSS JOIN,
// NOT INDEXED): otherwise SQLite may walk the partial timeline index of the whole library for each
// member list (an event's vectors took seconds each at 10k photos).


/** Tags that say what is in the photo (the faces stage's "person", "group photo" say who, not what). */
const CLASSIFIER_KINDS = `('label', 'hypernym')`

export interface ThemeWrite {
  key: string
  name: string
  tags: readonly string[]
  eventCount: number
  members: readonly { id: number; eventId: number; score: number }[]
}

export interface ThemeRow {
  id: number
  name: string
  tags: string[]
  labels: string[]
  count: number
  events: number
  cover: AssetSummary | null
}

export function createThemesRepository(db: Db) {
  const sql = statementCache(db)

  return {
    /**
     * Changes whenever the themes may: the events were recut, or photos got (other) labels or
     * vectors. The recompute skips when it is what the last one saw.
     */
    version(modelId: string): string {
      const e = sql(`SELECT count(*) AS n, max(updated_at) AS at FROM photo_events`).get() as { n: number; at: string | null }
      const m = sql(`SELECT count(*) AS n, coalesce(sum(asset_id * 31 + event_id), 0) AS h FROM photo_event_members`).get() as { n: number; h: number }
      const t = sql(`SELECT count(*) AS n, coalesce(sum(score), 0) AS s FROM asset_tags WHERE kind = 'label'`).get() as { n: number; s: number }
      const v = sql(`SELECT count(*) AS n, max(created_at) AS at FROM embeddings WHERE model_id = ?`).get(modelId) as { n: number; at: string | null }
      return [e.n, e.at, m.n, m.h, t.n, t.s.toFixed(6), modelId, v.n, v.at].join(':')
    },

    /** The classifier labels of every photo in an event, with its event (one row per label). */
    labelledMembers(): { id: number; eventId: number; label: string; score: number }[] {
      return sql(
        `SELECT t.asset_id AS id, m.event_id AS eventId, t.label, t.score
         FROM asset_tags t JOIN photo_event_members m ON m.asset_id = t.asset_id JOIN assets a ON a.id = t.asset_id
         WHERE t.kind = 'label' AND ${SHOWN} ORDER BY t.asset_id`,
      ).all() as { id: number; eventId: number; label: string; score: number }[]
    },

    /**
     * The vectors of these photos under one model, in keyset pages (ascending id), so that no
     * statement stays open between yields and a whole library's vectors are never held at once.
     */
    *vectors(assetIds: readonly number[], modelId: string, pageSize = 500): Generator<{ id: number; vector: Float32Array }> {
      const sorted = [...assetIds].sort((a, b) => a - b)
      for (let i = 0; i < sorted.length; i += pageSize) {
        const rows = sql(`SELECT asset_id AS id, vector FROM embeddings WHERE model_id = ? AND asset_id IN (SELECT value FROM json_each(?)) ORDER BY asset_id`).all(
          modelId,
          JSON.stringify(sorted.slice(i, i + pageSize)),
        ) as { id: number; vector: Buffer }[]
        for (const r of rows) yield { id: r.id, vector: blobToVector(r.vector) }
      }
    },

    /** An event's photos with a vector under this model, each with whether the classifier gave it a label. */
    eventVectors(eventId: number, modelId: string): { id: number; vector: Float32Array; labelled: boolean }[] {
      const rows = sql(
        `SELECT a.id, e.vector, EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_id = a.id AND t.kind = 'label') AS labelled
         FROM photo_event_members m CROSS JOIN assets a NOT INDEXED ON a.id = m.asset_id CROSS JOIN embeddings e ON e.asset_id = a.id AND e.model_id = ?
         WHERE m.event_id = ? AND ${SHOWN}`,
      ).all(modelId, eventId) as { id: number; vector: Buffer; labelled: number }[]
      return rows.map((r) => ({ id: r.id, vector: blobToVector(r.vector), labelled: r.labelled === 1 }))
    },

    /** The classifier's tags (labels and their WordNet ancestors) over these photos: on how many, with what summed probability. */
    tagCounts(assetIds: readonly number[]): { label: string; photos: number; scoreSum: number; isClass: boolean }[] {
      const rows = sql(
        `SELECT label, count(*) AS photos, sum(score) AS scoreSum, max(kind = 'label') AS isClass FROM asset_tags
         WHERE kind IN ${CLASSIFIER_KINDS} AND asset_id IN (SELECT value FROM json_each(?)) GROUP BY label`,
      ).all(JSON.stringify(assetIds)) as { label: string; photos: number; scoreSum: number; isClass: number }[]
      return rows.map((r) => ({ ...r, isClass: r.isClass === 1 }))
    },

    /** On how many photos in events each of these tags is, and how many such photos have any classifier tag. */
    tagFrequencies(labels: readonly string[]): { frequency: Map<string, number>; photos: number } {
      const rows = sql(
        `SELECT t.label, count(*) AS n FROM asset_tags t JOIN photo_event_members m ON m.asset_id = t.asset_id
         WHERE t.kind IN ${CLASSIFIER_KINDS} AND t.label IN (SELECT value FROM json_each(?)) GROUP BY t.label`,
      ).all(JSON.stringify(labels)) as { label: string; n: number }[]
      const photos = sql(
        `SELECT count(*) AS n FROM photo_event_members m WHERE EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_id = m.asset_id AND t.kind IN ${CLASSIFIER_KINDS})`,
      ).get() as { n: number }
      return { frequency: new Map(rows.map((r) => [r.label, r.n])), photos: photos.n }
    },

    /**
     * Writes a recompute in one transaction: a theme with the key of a stored one keeps its id, the
     * stored ones not written go. Returns the ids in the order given.
     */
    replace(themes: readonly ThemeWrite[]): number[] {
      return db.transaction(() => {
        const at = new Date().toISOString()
        const upsert = sql(
          `INSERT INTO themes (key, name, tags, photo_count, event_count, updated_at)
           VALUES (@key, @name, @tags, @count, @events, @at)
           ON CONFLICT (key) DO UPDATE SET name = excluded.name, tags = excluded.tags, photo_count = excluded.photo_count,
             event_count = excluded.event_count, updated_at = excluded.updated_at
           RETURNING id`,
        )
        const member = sql(`INSERT INTO theme_members (theme_id, asset_id, event_id, score) VALUES (?, ?, ?, ?)`)
        const ids: number[] = []
        for (const t of themes) {
          const { id } = upsert.get({ key: t.key, name: t.name, tags: JSON.stringify(t.tags), count: t.members.length, events: t.eventCount, at }) as {
            id: number
          }
          sql(`DELETE FROM theme_members WHERE theme_id = ?`).run(id)
          for (const m of t.members) member.run(id, m.id, m.eventId, m.score)
          ids.push(id)
        }
        sql(`DELETE FROM themes WHERE id NOT IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids))
        return ids
      })()
    },

    /** Every theme, the most events first; counts are of the photos still shown. */
    list(): ThemeRow[] {
      const rows = sql(
        `SELECT t.id, t.key, t.name, t.tags, t.event_count AS events,
           (SELECT tm.asset_id FROM theme_members tm CROSS JOIN assets a NOT INDEXED ON a.id = tm.asset_id WHERE tm.theme_id = t.id AND ${SHOWN}
            ORDER BY tm.score DESC, a.sort_ms DESC, a.id LIMIT 1) AS coverId,
           (SELECT count(*) FROM theme_members tm CROSS JOIN assets a NOT INDEXED ON a.id = tm.asset_id WHERE tm.theme_id = t.id AND ${SHOWN}) AS count
         FROM themes t ORDER BY t.event_count DESC, t.photo_count DESC, t.name`,
      ).all() as { id: number; key: string; name: string; tags: string; events: number; coverId: number | null; count: number }[]
      const covers = this.summaries(rows.flatMap((r) => (r.coverId === null ? [] : [r.coverId])))
      return rows
        .filter((r) => r.count > 0)
        .map((r) => ({ id: r.id, name: r.name, tags: JSON.parse(r.tags) as string[], labels: r.key.split('|'), count: r.count, events: r.events, cover: (r.coverId !== null && covers.get(r.coverId)) || null }))
    },

    exists(themeId: number): boolean {
      return sql(`SELECT 1 FROM themes WHERE id = ?`).get(themeId) !== undefined
    },

    /** A window of a theme's photos, newest first (as the timeline). */
    photos(themeId: number, offset: number, limit: number): AssetSummary[] {
      return (
        sql(
          `SELECT ${SUMMARY_COLUMNS} FROM theme_members tm JOIN assets a ON a.id = tm.asset_id
           WHERE tm.theme_id = ? AND ${SHOWN} ORDER BY a.sort_ms DESC, a.id DESC LIMIT ? OFFSET ?`,
        ).all(themeId, limit, offset) as SummaryRow[]
      ).map(toSummary)
    },

    summaries(assetIds: readonly number[]): Map<number, AssetSummary> {
      const rows = sql(`SELECT ${SUMMARY_COLUMNS} FROM assets a WHERE a.id IN (SELECT value FROM json_each(?)) AND ${SHOWN}`).all(JSON.stringify(assetIds)) as SummaryRow[]
      return new Map(rows.map((r) => [r.id, toSummary(r)]))
    },
  }
}

export type ThemesRepository = ReturnType<typeof createThemesRepository>
