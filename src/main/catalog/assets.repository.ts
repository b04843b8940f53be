import type {
  AssetDetail,
  AssetLocation,
  AssetState,
  AssetTag,
  AssetSummary,
  BrokenFile,
  TimelineMonth,
} from '../../shared/domain'
import type { AssetEdits } from '../../shared/edits'
import type { VideoFacts } from '../../shared/video'
import { statementCache, type Db } from './connection'
import type { StoredMotionKind } from './motion.repository'
import { folderPrefix } from './folder-prefix'
import { markMissingIfOrphaned } from './roots.repository'
import { spliceWindow, type StackInsert } from './stack-splice'

/** What ingest learned about a file's content, written once per asset. */
export type AssetMetadataUpdate = Pick<
  AssetDetail,
  'mime' | 'width' | 'height' | 'orientation' | 'takenAt' | 'make' | 'model' | 'lens' | 'exposureTime' | 'fNumber' | 'iso' | 'focalLength' | 'lat' | 'lon' | 'alt'
> & { fileSize: number; sortMs: number }

/** The error code of content seen only under a file name that is not valid UTF-8. */
export const UNREADABLE_NAME = 'unreadable-name'

export interface KnownLocation {
  path: string
  assetId: number | null
  size: number
  mtimeMs: number
}

// The motion kind is a primary-key lookup per listed row (asset_motion is keyed by asset_id), so
// the grid's page query reads it for its rows alone and walks no extra index.
export const SUMMARY_COLUMNS = `a.id, a.sha256, a.width, a.height, a.taken_at AS takenAt, a.month, a.has_thumb AS hasThumb,
  a.favorite, a.rating, a.hidden, a.media_type AS mediaType, a.duration_ms AS durationMs,
  (SELECT am.kind FROM asset_motion am WHERE am.asset_id = a.id) AS motionKind`

export interface SummaryRow {
  id: number
  sha256: string
  width: number | null
  height: number | null
  takenAt: string | null
  month: string
  hasThumb: number
  favorite: number
  rating: number
  hidden: number
  mediaType: 'photo' | 'video'
  durationMs: number | null
  motionKind: StoredMotionKind | null
}

export const toSummary = ({ mediaType, durationMs, motionKind, ...r }: SummaryRow): AssetSummary => ({
  ...r,
  hasThumb: r.hasThumb === 1,
  favorite: r.favorite === 1,
  hidden: r.hidden === 1,
  // Photos carry no video field: the many photo listings stay as they were.
  ...(mediaType === 'video' ? { video: { durationMs } } : {}),
  ...(motionKind ? { motion: motionKind === 'live-photo' ? ('live' as const) : ('embedded' as const) } : {}),
})

/** Which photos a listing shows: hidden ones only when asked for. */
export interface ListingOptions {
  includeHidden?: boolean
  /** Only favourites (hidden ones among them with includeHidden), or only the hidden photos. */
  only?: 'favorites' | 'hidden'
  /**
   * Stacks as one tile (the timeline): a stack shows only its first photo in this view (the cover
   * while it is shown), except the `expanded` stacks (by cover photo id), whose other photos follow their tile.
   */
  stacks?: { expanded: readonly number[] }
}

/** Expanded stacks read per listing call: more than a person opens by hand, fewer than would slow a page. */
export const MAX_EXPANDED_STACKS = 200

/** The error code of a tombstone: content the user removed from the library (see migration 0014). */
export const REMOVED = 'removed'

/** The user's marks on a photo, kept in the catalog. */
export type CurationFlags = Pick<AssetSummary, 'favorite' | 'rating' | 'hidden'>

/** 'yyyy-mm' of a wall-clock epoch (see assets.sort_ms). */
export function monthOf(sortMs: number): string {
  return new Date(sortMs).toISOString().slice(0, 7)
}

export function createAssetsRepository(db: Db) {
  const sql = statementCache(db)
  const now = () => new Date().toISOString()
  // Content first known only under an unreadable name is imported once it is seen under a
  // readable one (the user renamed it, or another copy exists): back to 'pending'.
  const upsertBySha = sql(
    `INSERT INTO assets (sha256, file_size, created_at, updated_at) VALUES (@sha256, @size, @now, @now)
     ON CONFLICT (sha256) DO UPDATE SET missing_since = NULL, updated_at = @now,
       state = CASE WHEN error_code = '${UNREADABLE_NAME}' THEN 'pending' ELSE state END,
       error = CASE WHEN error_code = '${UNREADABLE_NAME}' THEN NULL ELSE error END,
       error_code = CASE WHEN error_code = '${UNREADABLE_NAME}' THEN NULL ELSE error_code END
     RETURNING id, state`,
  )
  const upsertUnreadable = sql(
    `INSERT INTO assets (sha256, file_size, state, error_code, error, created_at, updated_at)
     VALUES (@sha256, @size, 'error', '${UNREADABLE_NAME}', @message, @now, @now)
     ON CONFLICT (sha256) DO UPDATE SET missing_since = NULL, updated_at = @now
     RETURNING id`,
  )
  const locationByPath = sql(`SELECT asset_id AS assetId, size, mtime_ms AS mtimeMs, path FROM locations WHERE path = ?`)
  const upsertLocation = sql(
    `INSERT INTO locations (path, root_id, asset_id, size, mtime_ms, seen_at) VALUES (@path, @rootId, @assetId, @size, @mtimeMs, @now)
     ON CONFLICT (path) DO UPDATE SET root_id = @rootId, asset_id = @assetId, size = @size, mtime_ms = @mtimeMs, seen_at = @now`,
  )
  // The predicate of the timeline's partial indexes: trashed photos leave every view.
  const timelineWhere = `a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL`
  const shownWhere = (options: ListingOptions, t = 'a'): string => {
    const base = t === 'a' ? timelineWhere : timelineWhere.replaceAll('a.', `${t}.`)
    if (options.only === 'hidden') return `${base} AND ${t}.hidden = 1`
    const shown = options.includeHidden ? base : `${base} AND ${t}.hidden = 0`
    return options.only === 'favorites' ? `${shown} AND ${t}.favorite = 1` : shown
  }
  // With stacks, a photo is listed unless a photo before it in its stack is in the view: each stack
  // is one tile, its first photo here (a cover the view leaves out hands the tile to the next one).
  // Those covered photos are read once per call and bound as a list: the timeline then walks its own
  // index, and every statement of the call (the page, the tiles' ranks) reuses them.
  function coveredIds(options: ListingOptions): string {
    const ids = sql(
      `SELECT sm.asset_id AS id FROM stack_members sm
         CROSS JOIN stack_members so ON so.stack_id = sm.stack_id AND so.position < sm.position
         CROSS JOIN assets b ON b.id = so.asset_id
       WHERE sm.position > 0 AND ${shownWhere(options, 'b')}`,
    )
      .pluck()
      .all() as number[]
    return JSON.stringify([...new Set(ids)])
  }
  /** The listing's WHERE and its parameter (the covered photos; none without stacks). */
  const listed = (options: ListingOptions): { where: string; params: string[] } =>
    options.stacks
      ? { where: `${shownWhere(options)} AND a.id NOT IN (SELECT value FROM json_each(?))`, params: [coveredIds(options)] }
      : { where: shownWhere(options), params: [] }

  type StackedRow = SummaryRow & { sortMs: number }
  /** The expanded stacks' other photos in this view, each after its tile's position in the collapsed sequence. */
  function expandedInserts(
    options: ListingOptions,
    withRanks: boolean,
    list?: { where: string; params: string[] },
  ): (StackInsert<AssetSummary> & { month: string })[] {
    const expanded = [...new Set(options.stacks?.expanded ?? [])].slice(0, MAX_EXPANDED_STACKS)
    const members = sql(
      `SELECT ${SUMMARY_COLUMNS}, a.sort_ms AS sortMs FROM stacks s JOIN stack_members m ON m.stack_id = s.id JOIN assets a ON a.id = m.asset_id
       WHERE s.cover_asset_id = ? AND ${shownWhere(options)} ORDER BY m.position`,
    )
    const found: { tile: StackedRow; rest: StackedRow[] }[] = []
    for (const coverId of expanded) {
      const [tile, ...rest] = members.all(coverId) as StackedRow[]
      if (tile && rest.length > 0) found.push({ tile, rest })
    }
    // Every tile's position in one statement: the stacked photos are read once for all of them.
    const ranks = new Map<number, number>()
    if (withRanks && found.length > 0) {
      const { where, params } = list ?? listed(options)
      const rows = sql(
        // Two ranges rather than one OR, which the planner would read as a scan of the whole timeline.
        `SELECT t.id, (SELECT count(*) FROM assets a WHERE ${where} AND a.sort_ms > t.sort_ms)
           + (SELECT count(*) FROM assets a WHERE ${where} AND a.sort_ms = t.sort_ms AND a.id > t.id) AS n
         FROM assets t WHERE t.id IN (SELECT value FROM json_each(?))`,
      ).all(...params, ...params, JSON.stringify(found.map((f) => f.tile.id))) as { id: number; n: number }[]
      for (const r of rows) ranks.set(r.id, r.n)
    }
    return found
      .map(({ tile, rest }) => ({ rank: ranks.get(tile.id) ?? 0, month: tile.month, extras: rest.map(({ sortMs: _, ...r }) => toSummary(r)) }))
      .sort((x, y) => x.rank - y.rank)
  }

  /** Each listed photo's stack (when the view holds two or more of its photos). */
  function withStackTiles(rows: AssetSummary[], options: ListingOptions, extras: ReadonlyMap<number, number>): AssetSummary[] {
    if (rows.length === 0) return rows
    const expanded = new Set(options.stacks?.expanded ?? [])
    const found = sql(
      `SELECT m.asset_id AS id, s.cover_asset_id AS coverId,
         (SELECT count(*) FROM stack_members o JOIN assets b ON b.id = o.asset_id WHERE o.stack_id = m.stack_id AND ${shownWhere(options, 'b')}) AS count
       FROM stack_members m JOIN stacks s ON s.id = m.stack_id WHERE m.asset_id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(rows.map((r) => r.id))) as { id: number; coverId: number; count: number }[]
    const byId = new Map(found.filter((f) => f.count > 1).map((f) => [f.id, f]))
    return rows.map((row) => {
      const f = byId.get(row.id)
      if (!f) return row
      const place = extras.get(row.id)
      const tile = { coverId: f.coverId, count: f.count, expanded: expanded.has(f.coverId) }
      return { ...row, stack: place === undefined ? { ...tile, place: 1, role: 'cover' as const } : { ...tile, place, role: 'member' as const } }
    })
  }

  /** A window of the listing as SQL reads it (stacks collapsed when asked), newest first. */
  function listedPage(offset: number, limit: number, { where, params }: { where: string; params: string[] }): AssetSummary[] {
    // The offset walks the covering timeline index (ids only); full rows are read for the page alone.
    return (
      sql(
        `SELECT ${SUMMARY_COLUMNS} FROM assets a WHERE a.id IN (
           SELECT a.id FROM assets a WHERE ${where} ORDER BY a.sort_ms DESC, a.id DESC LIMIT ? OFFSET ?)
         ORDER BY a.sort_ms DESC, a.id DESC`,
      ).all(...params, limit, offset) as SummaryRow[]
    ).map(toSummary)
  }

  /** One column set on many assets: one transaction, so a batch action is one step (all or none). */
  function setFlag(column: 'favorite' | 'rating' | 'hidden', assetIds: readonly number[], value: number): number {
    const update = sql(`UPDATE assets SET ${column} = ?, updated_at = ? WHERE id = ? AND ${column} <> ?`)
    return db.transaction(() => {
      const at = now()
      let changed = 0
      for (const id of new Set(assetIds)) changed += update.run(value, at, id, value).changes
      return changed
    })()
  }

  return {
    /**
     * Records that `path` holds content `sha256`: one asset per content, one location per path.
     * Idempotent, so a task replayed after a crash changes nothing. `isNew` is true while the
     * asset still needs its metadata (first sight, or an earlier run died before finishing).
     */
    attachFile(input: { sha256: string; size: number; path: string; rootId: number; mtimeMs: number }): {
      assetId: number
      state: AssetState
    } {
      return db.transaction(() => {
        const previous = locationByPath.get(input.path) as KnownLocation | undefined
        const asset = upsertBySha.get({ sha256: input.sha256, size: input.size, now: now() }) as { id: number; state: AssetState }
        upsertLocation.run({ ...input, assetId: asset.id, now: now() })
        if (previous?.assetId != null && previous.assetId !== asset.id) markMissingIfOrphaned(db, [previous.assetId])
        return { assetId: asset.id, state: asset.state }
      })()
    },

    /**
     * Records a file whose name is not valid UTF-8: its content is hashed (through the raw bytes of
     * its path), but it is not imported, since every later stage opens files by their text path.
     * New content becomes a broken file carrying `message`, so the user sees it and why; content
     * already in the library just gains this location.
     */
    recordUnreadableName(input: { sha256: string; size: number; path: string; rootId: number; mtimeMs: number; message: string }): number {
      return db.transaction(() => {
        const previous = locationByPath.get(input.path) as KnownLocation | undefined
        const { id } = upsertUnreadable.get({ sha256: input.sha256, size: input.size, message: input.message, now: now() }) as { id: number }
        upsertLocation.run({ path: input.path, rootId: input.rootId, assetId: id, size: input.size, mtimeMs: input.mtimeMs, now: now() })
        if (previous?.assetId != null && previous.assetId !== id) markMissingIfOrphaned(db, [previous.assetId])
        return id
      })()
    },

    /** Forgets files that are gone from disk; their assets are hidden if no other copy remains. */
    removeLocations(paths: string[]): number {
      return db.transaction(() => {
        const affected = new Set<number>()
        const select = sql(`SELECT asset_id AS assetId FROM locations WHERE path = ?`)
        const del = sql(`DELETE FROM locations WHERE path = ?`)
        let removed = 0
        for (const p of paths) {
          const row = select.get(p) as { assetId: number | null } | undefined
          if (!row) continue
          if (row.assetId !== null) affected.add(row.assetId)
          removed += del.run(p).changes
        }
        markMissingIfOrphaned(db, affected)
        return removed
      })()
    },

    /** Locations under a directory (for unlinkDir and reconcile). */
    locationsUnder(rootId: number, dir?: string): KnownLocation[] {
      if (dir === undefined) {
        return db
          .prepare(`SELECT path, asset_id AS assetId, size, mtime_ms AS mtimeMs FROM locations WHERE root_id = ?`)
          .all(rootId) as KnownLocation[]
      }
      const prefix = folderPrefix(dir)
      return db
        .prepare(
          `SELECT path, asset_id AS assetId, size, mtime_ms AS mtimeMs FROM locations
           WHERE root_id = ? AND substr(path, 1, ?) = ?`,
        )
        .all(rootId, prefix.length, prefix) as KnownLocation[]
    },

    location(path: string): KnownLocation | undefined {
      return locationByPath.get(path) as KnownLocation | undefined
    },

    setMetadata(assetId: number, m: AssetMetadataUpdate): void {
      // A date or place the user edited stays in effect; what the file says becomes the original.
      sql(
        `UPDATE assets SET mime = @mime, file_size = @fileSize, width = @width, height = @height, orientation = @orientation,
           taken_at = CASE WHEN date_edited = 1 THEN taken_at ELSE @takenAt END,
           sort_ms = CASE WHEN date_edited = 1 THEN sort_ms ELSE @sortMs END,
           month = CASE WHEN date_edited = 1 THEN month ELSE @month END,
           original_taken_at = CASE WHEN date_edited = 1 THEN @takenAt ELSE original_taken_at END,
           original_sort_ms = CASE WHEN date_edited = 1 THEN @sortMs ELSE original_sort_ms END,
           make = @make, model = @model, lens = @lens,
           exposure_time = @exposureTime, f_number = @fNumber, iso = @iso, focal_length = @focalLength,
           lat = CASE WHEN place_edited = 1 THEN lat ELSE @lat END, lon = CASE WHEN place_edited = 1 THEN lon ELSE @lon END,
           original_lat = CASE WHEN place_edited = 1 THEN @lat ELSE original_lat END,
           original_lon = CASE WHEN place_edited = 1 THEN @lon ELSE original_lon END,
           alt = @alt, updated_at = @now
         WHERE id = @assetId`,
      ).run({ ...m, month: monthOf(m.sortMs), assetId, now: now() })
    },

    markReady(assetId: number, thumb: { width: number; height: number; phash: string }): void {
      sql(
        `UPDATE assets SET state = 'ready', has_thumb = 1, width = @width, height = @height, phash = @phash,
           error_code = NULL, error = NULL, updated_at = @now WHERE id = @assetId`,
      ).run({ ...thumb, assetId, now: now() })
    },

    gpsOf(assetId: number): { lat: number; lon: number; takenAt: string | null } | undefined {
      const r = sql(`SELECT lat, lon, taken_at AS takenAt FROM assets WHERE id = ?`).get(assetId) as
        | { lat: number | null; lon: number | null; takenAt: string | null }
        | undefined
      return r && r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon, takenAt: r.takenAt } : undefined
    },

    /** The place a photo was taken; `takenAt` gains the local offset when EXIF had none. */
    setPlace(
      assetId: number,
      place: { city: string | null; region: string | null; country: string | null; countryCode: string | null; timezone: string | null },
      takenAt: string | null,
    ): void {
      sql(
        `UPDATE assets SET city = @city, region = @region, country = @country, country_code = @countryCode,
           timezone = @timezone, taken_at = coalesce(@takenAt, taken_at), updated_at = @now WHERE id = @assetId`,
      ).run({ ...place, takenAt, assetId, now: now() })
    },

    markBroken(assetId: number, code: string, message: string): void {
      sql(`UPDATE assets SET state = 'error', error_code = ?, error = ?, updated_at = ? WHERE id = ?`).run(
        code,
        message,
        now(),
        assetId,
      )
    },

    /** Back to 'pending' so the pipeline runs again (content changed in place, or a retry). */
    markPending(assetId: number): void {
      sql(`UPDATE assets SET state = 'pending', error_code = NULL, error = NULL, updated_at = ? WHERE id = ?`).run(
        now(),
        assetId,
      )
    },

    timeline(options: ListingOptions = {}): TimelineMonth[] {
      const { where, params } = listed(options)
      const months = sql(`SELECT a.month, count(*) AS count FROM assets a WHERE ${where} GROUP BY a.month ORDER BY a.month DESC`).all(...params) as TimelineMonth[]
      if (!options.stacks) return months
      // An expanded stack's photos count in its tile's month (they follow the tile there).
      const byMonth = new Map(months.map((m) => [m.month, m]))
      for (const insert of expandedInserts(options, false)) {
        const month = byMonth.get(insert.month)
        if (month) month.count += insert.extras.length
      }
      return months
    },

    page(offset: number, limit: number, options: ListingOptions = {}): AssetSummary[] {
      const list = listed(options)
      if (!options.stacks) return listedPage(offset, limit, list)
      const inserts = expandedInserts(options, true, list)
      const rows = spliceWindow(offset, limit, inserts, (o, l) => listedPage(o, l, list))
      return withStackTiles(rows, options, new Map(inserts.flatMap((i) => i.extras.map((e, k) => [e.id, k + 2] as const))))
    },

    /** Summaries of the given assets (visible ones only, hidden ones when asked for), in no particular order. */
    summaries(assetIds: number[], options: ListingOptions = {}): AssetSummary[] {
      if (assetIds.length === 0) return []
      return (
        sql(
          `SELECT ${SUMMARY_COLUMNS} FROM assets a WHERE a.id IN (${assetIds.map(() => '?').join(',')}) AND ${shownWhere(options)}`,
        ).all(...assetIds) as SummaryRow[]
      ).map(toSummary)
    },

    /** An asset's details (none for content removed from the library); its OCR lines come from the analysis repository. */
    get(assetId: number): Omit<AssetDetail, 'ocr'> | null {
      const row = db
        .prepare(
          `SELECT ${SUMMARY_COLUMNS}, a.state, a.orientation, a.mime, a.file_size AS fileSize, a.make, a.model, a.lens,
             a.exposure_time AS exposureTime, a.f_number AS fNumber, a.iso, a.focal_length AS focalLength,
             a.lat, a.lon, a.alt, a.phash, a.error, a.city, a.region, a.country, a.country_code AS countryCode, a.timezone,
             a.trashed_at AS trashedAt, a.description, a.place_label AS placeLabel, a.date_edited AS dateEdited,
             a.original_taken_at AS originalTakenAt, a.place_edited AS placeEdited, a.original_lat AS originalLat, a.original_lon AS originalLon,
             a.video_codec AS videoCodec, a.audio_codec AS audioCodec, a.frame_rate AS frameRate
           FROM assets a WHERE a.id = ? AND a.error_code IS NOT '${REMOVED}'`,
        )
        .get(assetId) as (SummaryRow & Omit<AssetDetail, keyof AssetSummary | 'locations' | 'edits' | 'videoFacts'> & EditColumns & VideoFacts) | undefined
      if (!row) return null
      const { description, placeLabel, dateEdited, originalTakenAt, placeEdited, originalLat, originalLon, mediaType, durationMs: _duration, motionKind: _motion, videoCodec, audioCodec, frameRate, ...rest } = row
      const edits: AssetEdits = {
        description,
        placeLabel,
        originalDate: dateEdited === 1 ? { takenAt: originalTakenAt } : null,
        originalPlace: placeEdited === 1 ? { lat: originalLat, lon: originalLon } : null,
      }
      const tags = sql(`SELECT label, score, kind FROM asset_tags WHERE asset_id = ? ORDER BY score DESC`).all(assetId) as AssetTag[]
      const video = mediaType === 'video' ? { videoFacts: { videoCodec, audioCodec, frameRate } } : {}
      return { ...rest, ...toSummary(row), edits, locations: this.locationsOf(assetId), tags, ...video }
    },

    /** Marks or unmarks assets as favourites; returns how many changed. */
    setFavorite(assetIds: readonly number[], favorite: boolean): number {
      return setFlag('favorite', assetIds, favorite ? 1 : 0)
    },

    /** Sets the star rating (0 = unrated … 5); returns how many changed. */
    setRating(assetIds: readonly number[], rating: number): number {
      if (!Number.isInteger(rating) || rating < 0 || rating > 5) throw new RangeError(`A rating is 0 to 5, not ${rating}`)
      return setFlag('rating', assetIds, rating)
    },

    /** Hides assets from the timeline and search (or shows them again); returns how many changed. */
    setHidden(assetIds: readonly number[], hidden: boolean): number {
      return setFlag('hidden', assetIds, hidden ? 1 : 0)
    },

    /** The user's marks on the given assets, by id (assets not in the catalog are absent). */
    /** Puts back marks read by flagsOf (an undo): each photo gets exactly its earlier values. */
    restoreFlags(flags: ReadonlyMap<number, CurationFlags>): void {
      const update = sql(`UPDATE assets SET favorite = ?, rating = ?, hidden = ?, updated_at = ? WHERE id = ?`)
      db.transaction(() => {
        const at = now()
        for (const [id, f] of flags) update.run(f.favorite ? 1 : 0, f.rating, f.hidden ? 1 : 0, at, id)
      })()
    },

    flagsOf(assetIds: readonly number[]): Map<number, CurationFlags> {
      const out = new Map<number, CurationFlags>()
      const select = sql(`SELECT favorite, rating, hidden FROM assets WHERE id = ?`)
      for (const id of assetIds) {
        const r = select.get(id) as { favorite: number; rating: number; hidden: number } | undefined
        if (r) out.set(id, { favorite: r.favorite === 1, rating: r.rating, hidden: r.hidden === 1 })
      }
      return out
    },

    locationsOf(assetId: number): AssetLocation[] {
      return (
        db
          .prepare(`SELECT path, root_id AS rootId, size, mtime_ms AS mtimeMs FROM locations WHERE asset_id = ? ORDER BY path`)
          .all(assetId) as { path: string; rootId: number; size: number; mtimeMs: number }[]
      ).map((l) => ({ path: l.path, rootId: l.rootId, size: l.size, mtime: new Date(l.mtimeMs).toISOString() }))
    },

    stateOf(assetId: number): AssetState | undefined {
      return (sql(`SELECT state FROM assets WHERE id = ?`).get(assetId) as { state: AssetState } | undefined)?.state
    },

    mimeOf(assetId: number): string | null {
      return (sql(`SELECT mime FROM assets WHERE id = ?`).get(assetId) as { mime: string | null } | undefined)?.mime ?? null
    },

    shaOf(assetId: number): string | undefined {
      return (sql(`SELECT sha256 FROM assets WHERE id = ?`).get(assetId) as { sha256: string } | undefined)?.sha256
    },

    broken(limit = 1000): BrokenFile[] {
      return db
        .prepare(
          // CROSS JOIN keeps assets (few broken ones, by their partial index) as the outer loop.
          `SELECT a.id AS assetId, l.path, a.error FROM assets a CROSS JOIN locations l ON l.asset_id = a.id
           WHERE a.state = 'error' AND a.missing_since IS NULL AND a.trashed_at IS NULL ORDER BY l.path LIMIT ?`,
        )
        .all(limit) as BrokenFile[]
    },

    /**
     * One count per state, each read from its own partial index: cheap enough to send with every
     * progress event. Photos in the trash (and removed ones) are not in the library's counts.
     */
    countsByState(): Record<AssetState, number> {
      const count = (state: AssetState) =>
        (sql(`SELECT count(*) AS n FROM assets WHERE state = '${state}' AND missing_since IS NULL AND trashed_at IS NULL`).get() as { n: number }).n
      return { pending: count('pending'), ready: count('ready'), error: count('error') }
    },

    /** Everything the CLI's `assets --json` prints, in timeline order, broken files included. */
    exportAll(): (Omit<AssetDetail, 'ocr'> & { paths: string[] })[] {
      const ids = db
        .prepare(`SELECT id FROM assets WHERE missing_since IS NULL AND trashed_at IS NULL ORDER BY sort_ms DESC, id DESC`)
        .all() as { id: number }[]
      return ids.map(({ id }) => {
        const a = this.get(id)!
        return { ...a, paths: a.locations.map((l) => l.path) }
      })
    },

    /** Assets missing for longer than the grace period are deleted for good; returns their hashes. */
    purgeMissing(olderThan: Date): string[] {
      return db.transaction(() => {
        const rows = db
          .prepare(`SELECT id, sha256 FROM assets WHERE missing_since IS NOT NULL AND missing_since < ?`)
          .all(olderThan.toISOString()) as { id: number; sha256: string }[]
        const del = sql(`DELETE FROM assets WHERE id = ?`)
        const delText = sql(`DELETE FROM asset_text WHERE rowid = ?`)
        for (const r of rows) {
          del.run(r.id)
          delText.run(r.id)
        }
        return rows.map((r) => r.sha256)
      })()
    },

    /** The content hashes of every asset the catalog keeps (trashed and missing ones too; not removed content). */
    contentHashes(): Set<string> {
      return new Set(
        (sql(`SELECT sha256 FROM assets WHERE error_code IS NOT '${REMOVED}'`).all() as { sha256: string }[]).map((r) => r.sha256),
      )
    },

    /**
     * Whether a thumbnail for this content may be served: it belongs to an asset still in the
     * library. A missing asset (its last file gone or its folder removed) keeps its cached thumbnails
     * for the grace period, hidden like the asset itself.
     */
    isShownSha(sha256: string): boolean {
      // Photos in the trash still show theirs (on the Trash screen); removed content has none.
      return sql(`SELECT 1 FROM assets WHERE sha256 = ? AND missing_since IS NULL AND error_code IS NOT '${REMOVED}'`).get(sha256) !== undefined
    },
  }
}

export type AssetsRepository = ReturnType<typeof createAssetsRepository>

/** The edit columns as `get` reads them (see migration 0014). */
interface EditColumns {
  trashedAt: string | null
  description: string | null
  placeLabel: string | null
  dateEdited: number
  originalTakenAt: string | null
  placeEdited: number
  originalLat: number | null
  originalLon: number | null
}
