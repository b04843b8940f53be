import type { AlbumFolder, AlbumSummary } from '../../shared/albums'
import { formatSmartRule, SmartGroupSchema, type SmartRule } from '../../shared/smart-albums'
import type { AssetSummary } from '../../shared/domain'
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './assets.repository'
import { statementCache, type Db } from './connection'
import { createSmartAlbumsRepository, wallClockNow, type SmartContext } from './smart-albums.repository'

/** An album's own row, as an undo of its deletion or of a field change puts it back. */
export interface AlbumRow {
  id: number
  name: string
  description: string
  folderId: number | null
  coverAssetId: number | null
  sourcePath: string | null
  synced: boolean
  /** A smart album's rule (JSON, see src/shared/smart-albums.ts); null for a plain or folder album. */
  rule: string | null
  createdAt: string
  updatedAt: string
}

/** One photo's place in an album: [assetId, position, addedAt]. */
export type AlbumMember = [assetId: number, position: number, addedAt: string]

export interface AlbumListing {
  includeHidden?: boolean
}

/**
 * The path range of everything under a folder: paths >= `dir/` and < `dir` followed by the
 * character after the separator. A range (not substr) so the locations.path index answers it.
 */
export function pathRangeUnder(dir: string): [from: string, to: string] {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/'
  const prefix = dir.endsWith(sep) ? dir : dir + sep
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(sep.charCodeAt(0) + 1)]
}

// A photo an album shows: imported, its file present, not in the trash (hidden ones on request).
const SHOWN = `a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL`
const shownWhere = (options: AlbumListing) => (options.includeHidden ? SHOWN : `${SHOWN} AND a.hidden = 0`)

const ALBUM_COLUMNS = `al.id, al.name, al.description, al.folder_id AS folderId, al.cover_asset_id AS coverAssetId,
  al.source_path AS sourcePath, al.synced, al.rule, al.created_at AS createdAt, al.updated_at AS updatedAt`

/** sort_ms is wall-clock time stored as if UTC: its UTC day is the day on the camera's clock. */
const wallClockDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

type RawAlbumRow = Omit<AlbumRow, 'synced'> & { synced: number }
const toAlbumRow = (r: RawAlbumRow): AlbumRow => ({ ...r, synced: r.synced === 1 })

function smartSummary(album: AlbumRow): AlbumSummary['smart'] {
  const rule = smartRuleOf(album)
  return rule && { rule, text: formatSmartRule(rule) }
}

/** A stored rule as the model reads it (null when this version cannot read it: such an album shows nothing). */
export function smartRuleOf(album: Pick<AlbumRow, 'rule'>): SmartRule | null {
  if (album.rule === null) return null
  const parsed = SmartGroupSchema.safeParse(JSON.parse(album.rule))
  return parsed.success ? parsed.data : null
}

export interface AlbumsRepositoryOptions {
  /**
   * What smart albums read their rules with: the clock and the photos of conditions resolved outside
   * SQL (free text, duplicate tiers; see the smart albums service). Default: now, nothing resolved.
   */
  smartContext?: () => SmartContext
}

export function createAlbumsRepository(db: Db, options: AlbumsRepositoryOptions = {}) {
  const sql = statementCache(db)
  const now = () => new Date().toISOString()
  const smart = createSmartAlbumsRepository(db)
  const smartContext = options.smartContext ?? (() => ({ nowMs: wallClockNow(), resolved: new Map() }))

  /**
   * The FROM/WHERE of an album's photos, with its parameters: a synced album's are the assets with
   * a file under its folder (its album_assets rows only order them), another's its album_assets.
   */
  function members(album: AlbumRow, options: AlbumListing | 'all'): { from: string; params: unknown[] } {
    if (album.rule !== null) {
      // A smart album is what its rule matches now; hidden photos only when the rule names them.
      const rule = smartRuleOf(album)
      if (!rule) return { from: `assets a LEFT JOIN album_assets aa ON 0 WHERE 0`, params: [] }
      const c = smart.compile(rule, smartContext(), album.id)
      return { from: `assets a LEFT JOIN album_assets aa ON 0 WHERE ${c.where}`, params: c.params }
    }
    const filter = options === 'all' ? '1' : shownWhere(options)
    if (album.synced && album.sourcePath !== null) {
      const [from, to] = pathRangeUnder(album.sourcePath)
      return {
        from: `assets a LEFT JOIN album_assets aa ON aa.album_id = ? AND aa.asset_id = a.id
               WHERE a.id IN (SELECT l.asset_id FROM locations l WHERE l.path >= ? AND l.path < ?) AND ${filter}`,
        params: [album.id, from, to],
      }
    }
    return {
      from: `album_assets aa JOIN assets a ON a.id = aa.asset_id WHERE aa.album_id = ? AND ${filter}`,
      params: [album.id],
    }
  }
  // The user's order first; photos never placed (new in a synced folder) after them, by date taken.
  const ORDER = `ORDER BY aa.position IS NULL, aa.position, a.sort_ms, a.id`
  const orderOf = (album: AlbumRow) => (album.rule !== null ? smart.order : ORDER)

  function summaryOf(album: AlbumRow): AlbumSummary {
    const m = members(album, {})
    // Undated photos sort by their file's time: they give the album no date.
    const { count, firstMs, lastMs } = sql(
      `SELECT count(*) AS count, min(CASE WHEN a.taken_at IS NOT NULL THEN a.sort_ms END) AS firstMs,
              max(CASE WHEN a.taken_at IS NOT NULL THEN a.sort_ms END) AS lastMs FROM ${m.from}`,
    ).get(...m.params) as { count: number; firstMs: number | null; lastMs: number | null }
    const withHidden = members(album, { includeHidden: true })
    // A smart album's hidden photos are shown when its rule names them, never apart: no second count.
    const { all } = album.rule !== null ? { all: count } : (sql(`SELECT count(*) AS "all" FROM ${withHidden.from}`).get(...withHidden.params) as { all: number })
    let cover: AssetSummary | null = null
    if (album.coverAssetId !== null) {
      const row = sql(`SELECT ${SUMMARY_COLUMNS} FROM ${m.from} AND a.id = ?`).get(...m.params, album.coverAssetId) as SummaryRow | undefined
      if (row) cover = toSummary(row)
    }
    if (!cover && count > 0) {
      const row = sql(`SELECT ${SUMMARY_COLUMNS} FROM ${m.from} ${orderOf(album)} LIMIT 1`).get(...m.params) as SummaryRow | undefined
      if (row) cover = toSummary(row)
    }
    return {
      id: album.id,
      name: album.name,
      description: album.description,
      folderId: album.folderId,
      count,
      hiddenCount: all - count,
      dates: firstMs === null || lastMs === null ? null : { first: wallClockDay(firstMs), last: wallClockDay(lastMs) },
      cover,
      source: album.sourcePath === null ? null : { path: album.sourcePath, synced: album.synced },
      smart: smartSummary(album),
      createdAt: album.createdAt,
      updatedAt: album.updatedAt,
    }
  }

  const insertMember = sql(
    `INSERT INTO album_assets (album_id, asset_id, position, added_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (album_id, asset_id) DO UPDATE SET position = excluded.position, added_at = excluded.added_at`,
  )

  return {
    row(albumId: number): AlbumRow | undefined {
      const r = sql(`SELECT ${ALBUM_COLUMNS} FROM albums al WHERE al.id = ?`).get(albumId) as RawAlbumRow | undefined
      return r && toAlbumRow(r)
    },

    /** Every album, by name (case-insensitive), with its count and cover. */
    list(): AlbumSummary[] {
      const rows = sql(`SELECT ${ALBUM_COLUMNS} FROM albums al ORDER BY al.name COLLATE NOCASE, al.id`).all() as RawAlbumRow[]
      return rows.map((r) => summaryOf(toAlbumRow(r)))
    },

    get(albumId: number): AlbumSummary | null {
      const album = this.row(albumId)
      return album ? summaryOf(album) : null
    },

    /** A window of the album's photos in its order (limit -1: all of them). */
    photos(albumId: number, offset: number, limit: number, options: AlbumListing = {}): AssetSummary[] {
      const album = this.row(albumId)
      if (!album) return []
      const m = members(album, options)
      return (sql(`SELECT ${SUMMARY_COLUMNS} FROM ${m.from} ${orderOf(album)} LIMIT ? OFFSET ?`).all(...m.params, limit, offset) as SummaryRow[]).map(toSummary)
    },

    /** Every member's id in the album's order, shown or not (trashed and hidden ones keep their place). */
    orderedIds(albumId: number): number[] {
      const album = this.row(albumId)
      if (!album) return []
      const m = members(album, 'all')
      return (sql(`SELECT a.id FROM ${m.from} ${orderOf(album)}`).all(...m.params) as { id: number }[]).map((r) => r.id)
    },

    /** Every member's id by date taken (undated ones by their file's time), oldest or newest first. */
    idsByDate(albumId: number, newestFirst: boolean): number[] {
      const album = this.row(albumId)
      if (!album) return []
      const m = members(album, 'all')
      const order = newestFirst ? 'a.sort_ms DESC, a.id DESC' : 'a.sort_ms, a.id'
      return (sql(`SELECT a.id FROM ${m.from} ORDER BY ${order}`).all(...m.params) as { id: number }[]).map((r) => r.id)
    },

    /** Whether the photo is one of the album's (shown or not). */
    has(albumId: number, assetId: number): boolean {
      const album = this.row(albumId)
      if (!album) return false
      const m = members(album, 'all')
      return sql(`SELECT 1 FROM ${m.from} AND a.id = ?`).get(...m.params, assetId) !== undefined
    },

    /** The albums a photo is in (synced albums by its files' folders), by name. */
    ofAsset(assetId: number): { id: number; name: string }[] {
      const albums = sql(
        `SELECT al.id, al.name, al.source_path AS sourcePath, al.synced, al.rule FROM albums al
         WHERE al.synced = 1 OR al.rule IS NOT NULL OR al.id IN (SELECT album_id FROM album_assets WHERE asset_id = ?)
         ORDER BY al.name COLLATE NOCASE, al.id`,
      ).all(assetId) as { id: number; name: string; sourcePath: string | null; synced: number; rule: string | null }[]
      const underFolder = sql(`SELECT 1 FROM locations l WHERE l.asset_id = ? AND l.path >= ? AND l.path < ?`)
      const matches = (a: { id: number; rule: string | null }) => {
        const rule = smartRuleOf(a)
        if (!rule) return false
        const c = smart.compile(rule, smartContext(), a.id)
        return sql(`SELECT 1 FROM assets a WHERE a.id = ? AND ${c.where}`).get(assetId, ...c.params) !== undefined
      }
      return albums
        .filter((a) =>
          a.rule !== null ? matches(a) : a.synced === 0 || (a.sourcePath !== null && underFolder.get(assetId, ...pathRangeUnder(a.sourcePath)) !== undefined),
        )
        .map(({ id, name }) => ({ id, name }))
    },

    /** Creates an album (with `id`: recreates a deleted one under its old id) and returns its id. */
    insert(album: Omit<AlbumRow, 'id' | 'createdAt' | 'updatedAt' | 'rule'> & Partial<Pick<AlbumRow, 'id' | 'createdAt' | 'updatedAt' | 'rule'>>): number {
      const at = now()
      const { lastInsertRowid } = sql(
        `INSERT INTO albums (id, name, description, folder_id, cover_asset_id, source_path, synced, rule, created_at, updated_at)
         VALUES (@id, @name, @description, @folderId, @coverAssetId, @sourcePath, @synced, @rule, @createdAt, @updatedAt)`,
      ).run({ ...album, id: album.id ?? null, synced: album.synced ? 1 : 0, rule: album.rule ?? null, createdAt: album.createdAt ?? at, updatedAt: album.updatedAt ?? at })
      return Number(lastInsertRowid)
    },

    /** Deletes an album and its memberships (never a photo). */
    delete(albumId: number): boolean {
      return sql(`DELETE FROM albums WHERE id = ?`).run(albumId).changes > 0
    },

    /** Sets the album's own fields (name, description, folder, cover); returns whether it changed. */
    update(albumId: number, fields: Partial<Pick<AlbumRow, 'name' | 'description' | 'folderId' | 'coverAssetId'>>, updatedAt = now()): boolean {
      const current = this.row(albumId)
      if (!current) return false
      const next = { ...current, ...fields }
      if (next.name === current.name && next.description === current.description && next.folderId === current.folderId && next.coverAssetId === current.coverAssetId) {
        return false
      }
      sql(
        `UPDATE albums SET name = @name, description = @description, folder_id = @folderId, cover_asset_id = @coverAssetId,
           updated_at = @updatedAt WHERE id = @id`,
      ).run({ id: albumId, name: next.name, description: next.description, folderId: next.folderId, coverAssetId: next.coverAssetId, updatedAt })
      return true
    },

    /** The album's rows of album_assets (membership, or only the order of a synced album). */
    memberRows(albumId: number): AlbumMember[] {
      return (
        sql(`SELECT asset_id AS assetId, position, added_at AS addedAt FROM album_assets WHERE album_id = ? ORDER BY position`).all(albumId) as {
          assetId: number
          position: number
          addedAt: string
        }[]
      ).map((r) => [r.assetId, r.position, r.addedAt])
    },

    /**
     * Appends photos after the album's last one, those of one call by date taken (a selection has
     * no order of its own); photos already in it and unknown ids are skipped. A synced album's
     * photos are its folder's, so nothing is appended to one. Returns the ids added, in that order.
     */
    append(albumId: number, assetIds: readonly number[]): number[] {
      const target = this.row(albumId)
      if (!target || target.synced || target.rule !== null) return []
      const known = sql(`SELECT sort_ms AS sortMs FROM assets WHERE id = ?`)
      const inAlbum = sql(`SELECT 1 FROM album_assets WHERE album_id = ? AND asset_id = ?`)
      const fresh: { id: number; sortMs: number }[] = []
      for (const id of new Set(assetIds)) {
        const asset = known.get(id) as { sortMs: number } | undefined
        if (asset && inAlbum.get(albumId, id) === undefined) fresh.push({ id, sortMs: asset.sortMs })
      }
      fresh.sort((x, y) => x.sortMs - y.sortMs || x.id - y.id)
      let { last } = sql(`SELECT coalesce(max(position), 0) AS last FROM album_assets WHERE album_id = ?`).get(albumId) as { last: number }
      const at = now()
      for (const { id } of fresh) insertMember.run(albumId, id, ++last, at)
      return fresh.map((f) => f.id)
    },

    /** Takes photos out of the album; returns the rows removed (for an undo). */
    remove(albumId: number, assetIds: readonly number[]): AlbumMember[] {
      const select = sql(`SELECT position, added_at AS addedAt FROM album_assets WHERE album_id = ? AND asset_id = ?`)
      const del = sql(`DELETE FROM album_assets WHERE album_id = ? AND asset_id = ?`)
      const removed: AlbumMember[] = []
      for (const id of new Set(assetIds)) {
        const r = select.get(albumId, id) as { position: number; addedAt: string } | undefined
        if (!r) continue
        del.run(albumId, id)
        removed.push([id, r.position, r.addedAt])
      }
      return removed
    },

    /** Puts rows back as they were (an undo), leaving the album's other rows alone. */
    insertRows(albumId: number, rows: readonly AlbumMember[]): void {
      for (const [assetId, position, addedAt] of rows) insertMember.run(albumId, assetId, position, addedAt)
    },

    /** Replaces all of the album's album_assets rows (an undo of a reorder). */
    replaceRows(albumId: number, rows: readonly AlbumMember[]): void {
      sql(`DELETE FROM album_assets WHERE album_id = ?`).run(albumId)
      this.insertRows(albumId, rows)
    },

    /** Gives the album's photos positions 1..n in the order given (rows are created for a synced album's). */
    writeOrder(albumId: number, orderedIds: readonly number[]): void {
      const at = now()
      const addedAt = new Map(this.memberRows(albumId).map(([id, , added]) => [id, added]))
      orderedIds.forEach((id, i) => insertMember.run(albumId, id, i + 1, addedAt.get(id) ?? at))
    },

    /**
     * For every synced album, a fingerprint of the photos it shows (count and id sum): when it
     * differs from an earlier one, the folder gained or lost photos.
     */
    syncedFingerprints(): Map<number, string> {
      const synced = (sql(`SELECT ${ALBUM_COLUMNS} FROM albums al WHERE al.synced = 1`).all() as RawAlbumRow[]).map(toAlbumRow)
      const prints = new Map<number, string>()
      for (const album of synced) {
        const m = members(album, {})
        const r = sql(`SELECT count(*) AS n, total(a.id) AS sum FROM ${m.from}`).get(...m.params) as { n: number; sum: number }
        prints.set(album.id, `${r.n}:${r.sum}`)
      }
      return prints
    },

    /** Asset ids with a file under a folder, by date taken: the photos of an album made from it. */
    assetIdsUnder(dir: string): number[] {
      const [from, to] = pathRangeUnder(dir)
      return (
        sql(
          `SELECT a.id FROM assets a WHERE a.id IN (SELECT l.asset_id FROM locations l WHERE l.path >= ? AND l.path < ?)
           ORDER BY a.sort_ms, a.id`,
        ).all(from, to) as { id: number }[]
      ).map((r) => r.id)
    },

    /** Sets a smart album's rule (JSON); a plain album never becomes smart this way. */
    setRuleText(albumId: number, rule: string): boolean {
      return sql(`UPDATE albums SET rule = ?, updated_at = ? WHERE id = ? AND rule IS NOT NULL`).run(rule, now(), albumId).changes > 0
    },

    touch(albumId: number): void {
      sql(`UPDATE albums SET updated_at = ? WHERE id = ?`).run(now(), albumId)
    },

    // ── Album folders ──

    folders(): AlbumFolder[] {
      return sql(`SELECT id, name, parent_id AS parentId FROM album_folders ORDER BY name COLLATE NOCASE, id`).all() as AlbumFolder[]
    },

    folder(folderId: number): AlbumFolder | undefined {
      return sql(`SELECT id, name, parent_id AS parentId FROM album_folders WHERE id = ?`).get(folderId) as AlbumFolder | undefined
    },

    insertFolder(folder: { id?: number; name: string; parentId: number | null }): number {
      const { lastInsertRowid } = sql(`INSERT INTO album_folders (id, name, parent_id, created_at) VALUES (?, ?, ?, ?)`).run(
        folder.id ?? null,
        folder.name,
        folder.parentId,
        now(),
      )
      return Number(lastInsertRowid)
    },

    updateFolder(folderId: number, fields: Partial<Pick<AlbumFolder, 'name' | 'parentId'>>): boolean {
      const current = this.folder(folderId)
      if (!current) return false
      const next = { ...current, ...fields }
      if (next.name === current.name && next.parentId === current.parentId) return false
      sql(`UPDATE album_folders SET name = ?, parent_id = ? WHERE id = ?`).run(next.name, next.parentId, folderId)
      return true
    },

    /** Deletes an empty album folder. */
    deleteFolder(folderId: number): boolean {
      return sql(`DELETE FROM album_folders WHERE id = ?`).run(folderId).changes > 0
    },

    /** What a folder directly holds. */
    folderContents(folderId: number): { albumIds: number[]; folderIds: number[] } {
      return {
        albumIds: (sql(`SELECT id FROM albums WHERE folder_id = ?`).all(folderId) as { id: number }[]).map((r) => r.id),
        folderIds: (sql(`SELECT id FROM album_folders WHERE parent_id = ?`).all(folderId) as { id: number }[]).map((r) => r.id),
      }
    },
  }
}

export type AlbumsRepository = ReturnType<typeof createAlbumsRepository>
