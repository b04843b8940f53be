// Smart albums (issue 13): a rule (src/shared/smart-albums.ts) compiled to one parameterised WHERE
// over `assets a`. Values only ever travel as parameters; the SQL text is made from the rule's shape
// (fields, operators, groups), never from what the user typed.
import { isGroup, ruleAsksHidden, SmartGroupSchema, type SmartCondition, type SmartRule, type SmartRuleItem } from '../../shared/smart-albums'
import type { AssetSummary } from '../../shared/domain'
import { pathRangeUnder } from './albums.repository'
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './assets.repository'
import { statementCache, type Db } from './connection'
import { escapeLike, LIKE_ESCAPE } from './like'

const DAY_MS = 86_400_000

export interface SmartContext {
  /** Now on the wall clock, as sort_ms keeps times (local time read as if UTC). */
  nowMs: number
  /**
   * Photos of the conditions evaluated outside SQL (see externalKey): free text by the hybrid
   * search, duplicate tiers by the duplicate review. A key missing here falls back to what SQL
   * alone can say (the words index for text, nothing for a duplicate tier).
   */
  resolved: ReadonlyMap<string, readonly number[]>
}

/** Local wall-clock time now, read as UTC (what sort_ms holds). */
export function wallClockNow(date = new Date()): number {
  return date.getTime() - date.getTimezoneOffset() * 60_000
}

/**
 * The key of a condition whose photos are not a SQL filter: free text ranks through the hybrid
 * search (tags, words, CLIP, events — async and not SQL), duplicate tiers are the duplicate review's
 * groups (pHash and vector distances computed in memory). Their photo ids are resolved first and
 * intersected here. Null for every other condition.
 */
export function externalKey(c: SmartCondition): string | null {
  if (c.field === 'text') return `text:${c.value.trim().toLowerCase()}`
  if (c.field === 'duplicate') return `duplicate:${c.value}`
  return null
}

/** One compiled piece: SQL over `a` (assets) and its parameters, in order. */
interface Sql {
  where: string
  params: unknown[]
}

const EMPTY_CONTEXT: SmartContext = { nowMs: 0, resolved: new Map() }
const dayMs = (isoDay: string) => Date.parse(`${isoDay}T00:00:00Z`)
const contains = (value: string) => `%${escapeLike(value)}%`
/** An FTS5 phrase of the text (its quotes doubled): the words side by side, in order. */
const ftsPhrase = (column: string, value: string) => `${column} : "${value.replace(/"/g, '""')}"`
const inIds = (ids: readonly number[]): Sql => ({ where: `a.id IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(ids)] })
const PERSON_IDS = `SELECT id FROM persons WHERE name = ? COLLATE NOCASE`
/**
 * Up to this many photos, a person's or tag's photos drive the query (each one looked up by id);
 * beyond it they are only a membership test (`+a.id IN`, the list built once) while the timeline or
 * another index drives. The catalog has no ANALYZE statistics, so without this SQLite takes every
 * IN list for a short one: Anna in 14,000 photos made a 90 ms walk of her faces instead of a 20 ms
 * one of a year (bench/smart-albums.bench.ts).
 */
const DRIVING_MAX = 2000

/** A photo's file type as the rule says it: the mime subtype, or the file's extension. */
const TYPE_ALIASES: Record<string, string> = { jpg: 'jpeg', tif: 'tiff', heif: 'heic' }

/** The MIME types RAW files are catalogued with (src/main/raw's rawMimeOf; a test keeps the two lists equal). */
export const RAW_MIME_TYPES = [
  'image/x-adobe-dng',
  'image/x-canon-cr2',
  'image/x-canon-cr3',
  'image/x-nikon-nef',
  'image/x-nikon-nrw',
  'image/x-sony-arw',
  'image/x-fujifilm-raf',
  'image/x-olympus-orf',
  'image/x-panasonic-rw2',
  'image/x-pentax-pef',
] as const

export function createSmartAlbumsRepository(db: Db) {
  const sql = statementCache(db)

  /** Albums a rule names: by id, or every album of that name. */
  function albumsNamed(value: string | number): { id: number; rule: string | null; sourcePath: string | null; synced: number }[] {
    const columns = `id, rule, source_path AS sourcePath, synced`
    return (
      typeof value === 'number'
        ? sql(`SELECT ${columns} FROM albums WHERE id = ?`).all(value)
        : sql(`SELECT ${columns} FROM albums WHERE name = ? COLLATE NOCASE ORDER BY id`).all(value.trim())
    ) as { id: number; rule: string | null; sourcePath: string | null; synced: number }[]
  }

  /** `a.id IN (ids)`, as the driving index when the set is small, else as a filter (see DRIVING_MAX). */
  function memberOf(ids: string, params: unknown[], countSql: string): Sql {
    const { n } = sql(`SELECT count(*) AS n FROM (${countSql} LIMIT ${DRIVING_MAX + 1})`).get(...params) as { n: number }
    return { where: `${n > DRIVING_MAX ? '+' : ''}a.id IN (${ids})`, params }
  }

  function storedRule(text: string): SmartRule | null {
    const parsed = SmartGroupSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  }

  function condition(c: SmartCondition, ctx: SmartContext, seen: ReadonlySet<number>): Sql {
    const key = externalKey(c)
    const resolved = key === null ? undefined : ctx.resolved.get(key)
    if (resolved) return inIds(resolved)
    switch (c.field) {
      case 'text':
        // Without the search's answer (a direct read of the catalog), the words index alone.
        return { where: `a.id IN (SELECT rowid FROM asset_text WHERE asset_text MATCH ?)`, params: [`"${c.value.replace(/"/g, '""')}"`] }
      case 'duplicate':
        return { where: '0', params: [] }
      case 'date': {
        switch (c.op) {
          case 'between':
            return { where: `a.sort_ms >= ? AND a.sort_ms < ?`, params: [dayMs(c.value.from), dayMs(c.value.to) + DAY_MS] }
          case 'year':
            return { where: `a.sort_ms >= ? AND a.sort_ms < ?`, params: [Date.UTC(c.value, 0, 1), Date.UTC(c.value + 1, 0, 1)] }
          case 'lastDays':
            return { where: `a.sort_ms >= ? AND a.sort_ms <= ?`, params: [ctx.nowMs - c.value * DAY_MS, ctx.nowMs] }
          case 'thisYear': {
            const year = new Date(ctx.nowMs).getUTCFullYear()
            return { where: `a.sort_ms >= ? AND a.sort_ms < ?`, params: [Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1)] }
          }
          case 'onThisDay': {
            // Today's day and month in earlier years (today's own photos are no memory yet).
            const now = new Date(ctx.nowMs)
            const monthDay = now.toISOString().slice(5, 10)
            return {
              where: `a.taken_at IS NOT NULL AND a.sort_ms < ? AND strftime('%m-%d', a.sort_ms / 1000, 'unixepoch') = ?`,
              params: [Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()), monthDay],
            }
          }
        }
        break
      }
      case 'place':
        return {
          where: `(a.city = ? COLLATE NOCASE OR a.region = ? COLLATE NOCASE OR a.country = ? COLLATE NOCASE OR a.place_label = ? COLLATE NOCASE)`,
          params: [c.value, c.value, c.value, c.value],
        }
      case 'country':
      case 'region':
      case 'city':
        return { where: `a.${c.field} = ? COLLATE NOCASE`, params: [c.value] }
      case 'near': {
        // Within the radius on an equirectangular projection around the point (exact enough at the
        // scale of a trip), after a bounding box on latitude that can skip most rows.
        const { lat, lon, km } = c.value
        const dLat = km / 111.2
        const cosLat = Math.max(0.01, Math.cos((lat * Math.PI) / 180))
        return {
          where: `a.lat BETWEEN ? AND ? AND a.lon IS NOT NULL AND ((a.lat - ?) * (a.lat - ?) + (a.lon - ?) * (a.lon - ?) * ?) <= ?`,
          params: [lat - dLat, lat + dLat, lat, lat, lon, lon, cosLat * cosLat, dLat * dLat],
        }
      }
      case 'person':
        if (c.op === 'with') {
          const faces = `SELECT f.asset_id FROM faces f WHERE f.person_id IN (${PERSON_IDS})`
          return memberOf(faces, [c.value], faces)
        }
        {
          // Each of them is in the photo, and every face given to a person is one of them (faces
          // grouped to nobody, background strangers, do not count).
          const each = c.value.map(() => `a.id IN (SELECT f.asset_id FROM faces f WHERE f.person_id IN (${PERSON_IDS}))`)
          const names = c.value.map(() => '?').join(', ')
          return {
            where: `${each.join(' AND ')} AND NOT EXISTS (SELECT 1 FROM faces o WHERE o.asset_id = a.id AND o.person_id IS NOT NULL
                      AND o.person_id NOT IN (SELECT id FROM persons WHERE name COLLATE NOCASE IN (${names})))`,
            params: [...c.value, ...c.value],
          }
        }
      case 'make':
      case 'model':
      case 'lens':
        return { where: `a.${c.field} LIKE ? ${LIKE_ESCAPE}`, params: [contains(c.value)] }
      case 'description':
        return { where: `a.description LIKE ? ${LIKE_ESCAPE}`, params: [contains(c.value)] }
      case 'tag':
      {
        const tagged = `SELECT t.asset_id FROM asset_tags t WHERE t.label = ? COLLATE NOCASE`
        return memberOf(tagged, [c.value], tagged)
      }
      case 'ocr':
        return { where: `a.id IN (SELECT rowid FROM asset_text WHERE asset_text MATCH ?)`, params: [ftsPhrase('ocr', c.value)] }
      case 'type': {
        const v = c.value.toLowerCase().replace(/^\./, '')
        if (v === 'image' || v === 'video') return { where: `a.mime LIKE ?`, params: [`${v}/%`] }
        // The kinds Apple Photos lists under Media Types: camera RAWs, live photos (a still with its
        // MOV), motion photos (a still with its clip inside), and either of the last two.
        if (v === 'raw') return { where: `a.mime IN (${RAW_MIME_TYPES.map(() => '?').join(', ')})`, params: [...RAW_MIME_TYPES] }
        if (v === 'live' || v === 'motion' || v === 'moving') {
          const kinds = v === 'live' ? ['live-photo'] : v === 'motion' ? ['motion-photo'] : ['live-photo', 'motion-photo']
          return { where: `a.id IN (SELECT m.asset_id FROM asset_motion m WHERE m.kind IN (${kinds.map(() => '?').join(', ')}))`, params: kinds }
        }
        const subtype = TYPE_ALIASES[v] ?? v
        return {
          where: `(a.mime LIKE ? ${LIKE_ESCAPE} OR EXISTS (SELECT 1 FROM locations l WHERE l.asset_id = a.id AND l.path LIKE ? ${LIKE_ESCAPE}))`,
          params: [`%/${escapeLike(subtype)}`, `%.${escapeLike(v)}`],
        }
      }
      case 'folder': {
        const [from, to] = pathRangeUnder(c.value)
        return { where: `a.id IN (SELECT l.asset_id FROM locations l WHERE l.path >= ? AND l.path < ?)`, params: [from, to] }
      }
      case 'rating':
      case 'iso':
      case 'aperture':
      case 'focal': {
        const column = { rating: 'a.rating', iso: 'a.iso', aperture: 'a.f_number', focal: 'a.focal_length' }[c.field]
        if (c.op === 'between') return { where: `${column} BETWEEN ? AND ?`, params: [Math.min(c.value.min, c.value.max), Math.max(c.value.min, c.value.max)] }
        return { where: `${column} ${{ eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.op]} ?`, params: [c.value] }
      }
      case 'favorite':
      case 'hidden':
        return { where: `a.${c.field} = ?`, params: [c.value ? 1 : 0] }
      case 'gps':
        return { where: c.value ? `a.lat IS NOT NULL AND a.lon IS NOT NULL` : `(a.lat IS NULL OR a.lon IS NULL)`, params: [] }
      case 'faces':
        return { where: `${c.value ? '' : 'NOT '}EXISTS (SELECT 1 FROM faces f WHERE f.asset_id = a.id)`, params: [] }
      case 'album': {
        const parts: Sql[] = []
        for (const album of albumsNamed(c.value)) {
          if (album.rule !== null) {
            // A smart album named in a rule is its rule; one that leads back to itself matches nothing.
            const rule = seen.has(album.id) ? null : storedRule(album.rule)
            parts.push(rule ? item(rule, ctx, new Set([...seen, album.id])) : { where: '0', params: [] })
          } else if (album.synced === 1 && album.sourcePath !== null) {
            const [from, to] = pathRangeUnder(album.sourcePath)
            parts.push({ where: `a.id IN (SELECT l.asset_id FROM locations l WHERE l.path >= ? AND l.path < ?)`, params: [from, to] })
          } else {
            parts.push({ where: `a.id IN (SELECT aa.asset_id FROM album_assets aa WHERE aa.album_id = ?)`, params: [album.id] })
          }
        }
        return join(parts, 'OR', '0')
      }
      case 'event':
        return typeof c.value === 'number'
          ? { where: `a.id IN (SELECT m.asset_id FROM photo_event_members m WHERE m.event_id = ?)`, params: [c.value] }
          : {
              where: `a.id IN (SELECT m.asset_id FROM photo_event_members m JOIN photo_events e ON e.id = m.event_id
                        WHERE coalesce(e.name, e.title) LIKE ? ${LIKE_ESCAPE})`,
              params: [contains(c.value)],
            }
    }
    return { where: '0', params: [] }
  }

  function join(parts: Sql[], op: 'AND' | 'OR', empty: string): Sql {
    if (parts.length === 0) return { where: empty, params: [] }
    return { where: parts.map((p) => `(${p.where})`).join(` ${op} `), params: parts.flatMap((p) => p.params) }
  }

  // NOT over a NULL (a photo with no camera, say) must hold: "-make:Canon" matches it.
  const not = (inner: Sql): Sql => ({ where: `NOT coalesce((${inner.where}), 0)`, params: inner.params })

  function item(rule: SmartRuleItem, ctx: SmartContext, seen: ReadonlySet<number>): Sql {
    if (!isGroup(rule)) {
      const compiled = condition(rule, ctx, seen)
      return rule.negate ? not(compiled) : compiled
    }
    // An empty group asks nothing of a photo (a builder row not filled in yet).
    if (rule.rules.length === 0) return { where: '1', params: [] }
    const parts = rule.rules.map((r) => item(r, ctx, seen))
    if (rule.match === 'all') return join(parts, 'AND', '1')
    if (rule.match === 'any') return join(parts, 'OR', '1')
    return not(join(parts, 'OR', '0'))
  }

  /**
   * The photos a rule matches: shown (imported, file present, not trashed), hidden ones only when
   * the rule names `hidden`, and the rule. `selfId`: the smart album being read (so a rule naming
   * its own album matches nothing instead of recursing).
   */
  function compile(rule: SmartRule, ctx: SmartContext = EMPTY_CONTEXT, selfId?: number): Sql {
    const body = item(rule, ctx, new Set(selfId === undefined ? [] : [selfId]))
    const shown = `a.state = 'ready' AND a.missing_since IS NULL AND a.trashed_at IS NULL${ruleAsksHidden(rule) ? '' : ' AND a.hidden = 0'}`
    return { where: `${shown} AND (${body.where})`, params: body.params }
  }

  /** The conditions of a rule that need resolving outside SQL, with those of the smart albums it names. */
  function externalConditions(rule: SmartRule, seen: Set<number> = new Set()): SmartCondition[] {
    const out: SmartCondition[] = []
    const walk = (r: SmartRuleItem) => {
      if (isGroup(r)) return r.rules.forEach(walk)
      if (externalKey(r) !== null) out.push(r)
      if (r.field === 'album') {
        for (const album of albumsNamed(r.value)) {
          if (album.rule === null || seen.has(album.id)) continue
          seen.add(album.id)
          const named = storedRule(album.rule)
          if (named) out.push(...externalConditions(named, seen))
        }
      }
    }
    walk(rule)
    return out
  }

  // Newest first, as the timeline: a rule has no order of its own.
  const ORDER = `ORDER BY a.sort_ms DESC, a.id DESC`

  return {
    compile,
    externalConditions,
    order: ORDER,

    /** How many photos the rule matches. */
    count(rule: SmartRule, ctx?: SmartContext, selfId?: number): number {
      const c = compile(rule, ctx, selfId)
      return (sql(`SELECT count(*) AS n FROM assets a WHERE ${c.where}`).get(...c.params) as { n: number }).n
    },

    /** A window of the photos the rule matches, newest first. */
    page(rule: SmartRule, offset: number, limit: number, ctx?: SmartContext, selfId?: number): AssetSummary[] {
      const c = compile(rule, ctx, selfId)
      return (sql(`SELECT ${SUMMARY_COLUMNS} FROM assets a WHERE ${c.where} ${ORDER} LIMIT ? OFFSET ?`).all(...c.params, limit, offset) as SummaryRow[]).map(toSummary)
    },

    /** Every smart album's id and stored rule (rules this version cannot read are left out). */
    rules(): { id: number; rule: SmartRule }[] {
      const rows = sql(`SELECT id, rule FROM albums WHERE rule IS NOT NULL ORDER BY id`).all() as { id: number; rule: string }[]
      return rows.flatMap((r) => {
        const rule = storedRule(r.rule)
        return rule ? [{ id: r.id, rule }] : []
      })
    },
  }
}

export type SmartAlbumsRepository = ReturnType<typeof createSmartAlbumsRepository>
