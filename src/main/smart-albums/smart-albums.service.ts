// Smart albums (issue 13): albums whose photos are what a saved rule matches at each read. They are
// albums rows (src/main/catalog/albums.repository.ts reads their photos through the compiled rule),
// so the album screens, folders, rename and delete treat them as albums; this service makes, edits
// and previews rules, and resolves the conditions SQL cannot answer (free text, duplicate tiers).
import { AlbumsInputError } from '../albums'
import type { AlbumSummary } from '../../shared/albums'
import type { AssetSummary, BatchResult } from '../../shared/domain'
import { formatSmartRule, validateSmartText, type SmartCondition, type SmartRule, type SmartRuleValidation } from '../../shared/smart-albums'
import { externalKey, smartRuleOf, wallClockNow, type AlbumsRepository, type SmartAlbumsRepository, type SmartContext } from '../catalog'
import type { UndoService } from '../curation'

const RULE_KIND = 'smartAlbums.rule'
/** The album service's own kind: deletes an album a step created (registered by src/main/albums). */
const DROP_KIND = 'albums.drop'

/**
 * The most photos one free-text condition brings in. The search ranks and cuts its candidates (500
 * per signal), so a text rule is "the photos the search box shows for these words", not every photo
 * that shares a word with them.
 */
const TEXT_LIMIT = 5000

const quoted = (name: string) => `“${name}”`

export interface SmartAlbumsServiceDeps {
  albums: AlbumsRepository
  smart: SmartAlbumsRepository
  undo: UndoService
  /** The hybrid search's photo ids for free text (hidden ones included: the rule's hidden filter applies after). */
  searchIds(text: string, limit: number): Promise<number[]>
  /** The photos of the duplicate review's groups of a tier ('any': every tier, similar shots included). */
  duplicateIds(tier: 'any' | 'same-bytes' | 'same-pixels' | 'near' | 'similar'): number[]
  /** Deletes an album as the album service does (one undoable step, event sent). */
  deleteAlbum(albumId: number): BatchResult
  /** Albums changed (the 'albums.changed' event); 'sync': photos changed, so smart albums may have. */
  changed(albumIds: readonly number[], reason: 'edit' | 'undo' | 'sync'): void
  now?: () => Date
  log?: (message: string) => void
}

export function createSmartAlbumsService(deps: SmartAlbumsServiceDeps) {
  const { albums, smart, undo } = deps
  // Photos of the external conditions (see externalKey), by key, until the library changes.
  const resolved = new Map<string, readonly number[]>()
  let generation = 0

  undo.register(RULE_KIND, (payload) => {
    const { albumId, rule } = payload as { albumId: number; rule: string }
    albums.setRuleText(albumId, rule)
    deps.changed([albumId], 'undo')
  })

  function context(): SmartContext {
    return { nowMs: wallClockNow(deps.now?.()), resolved }
  }

  /** Resolves what the conditions need from outside SQL (once per library change). */
  async function resolve(conditions: readonly SmartCondition[]): Promise<void> {
    const started = generation
    for (const c of conditions) {
      const key = externalKey(c)
      if (key === null || resolved.has(key)) continue
      let ids: readonly number[]
      try {
        if (c.field === 'text') ids = await deps.searchIds(c.value, TEXT_LIMIT)
        else if (c.field === 'duplicate') ids = deps.duplicateIds(c.value)
        else continue
      } catch (e) {
        // The search failing (its inference process, say) must not take the albums screen with it:
        // left unresolved, the rule reads the words index alone (see the repository's fallback).
        deps.log?.(`smart album ${c.field} "${String(c.value)}" could not be resolved: ${(e as Error).message}`)
        continue
      }
      // The library changed while the search ran: this answer may be stale, the next read asks again.
      if (started === generation) resolved.set(key, ids)
    }
  }

  function smartRow(albumId: number) {
    const row = albums.row(albumId)
    if (!row) throw new AlbumsInputError(`No album with id ${albumId}`, 'album-not-found')
    if (row.rule === null) throw new AlbumsInputError(`${quoted(row.name)} is not a smart album`, 'album-smart')
    return row
  }

  return {
    /** What the albums repository reads smart albums with. */
    context,

    /** Photos changed: rules are evaluated afresh at the next read, free text searched again. */
    invalidate(): void {
      generation++
      resolved.clear()
    },

    /** Resolves the free text and duplicate conditions of every smart album (before reading albums). */
    async ready(rule?: SmartRule): Promise<void> {
      const rules = rule ? [rule] : smart.rules().map((r) => r.rule)
      await resolve(rules.flatMap((r) => smart.externalConditions(r)))
    },

    /**
     * Photos changed in a way that sends no library change (a favourite, a rating): every smart
     * album may now match others, so open views refetch. Passes the result on.
     */
    photosChanged<T extends { changed: number }>(result: T): T {
      if (result.changed > 0) {
        this.invalidate()
        const ids = this.ids()
        if (ids.length > 0) deps.changed(ids, 'sync')
      }
      return result
    },

    /** The smart album ids: each may change whenever photos do. */
    ids(): number[] {
      return smart.rules().map((r) => r.id)
    },

    validate(text: string): SmartRuleValidation {
      return validateSmartText(text)
    },

    /** How many photos a rule matches now (the builder's live count), and the first few. */
    async preview(rule: SmartRule, limit = 0): Promise<{ count: number; photos: AssetSummary[]; text: string }> {
      await this.ready(rule)
      return { count: smart.count(rule, context()), photos: limit > 0 ? smart.page(rule, 0, limit, context()) : [], text: formatSmartRule(rule) }
    },

    async create(input: { name: string; description?: string; folderId?: number | null; rule: SmartRule }): Promise<BatchResult & { album: AlbumSummary }> {
      if (input.folderId != null && !albums.folder(input.folderId)) throw new AlbumsInputError(`No album folder with id ${input.folderId}`, 'album-folder-not-found')
      const name = input.name.trim()
      const result = undo.step(() => {
        const albumId = albums.insert({
          name,
          description: input.description ?? '',
          folderId: input.folderId ?? null,
          coverAssetId: null,
          sourcePath: null,
          synced: false,
          rule: JSON.stringify(input.rule),
        })
        return { changed: 1, albumId, label: `Created smart album ${quoted(name)}`, ops: [{ kind: DROP_KIND, payload: { albumId } }] }
      })
      deps.changed([result.albumId], 'edit')
      await this.ready(input.rule)
      return { changed: result.changed, undo: result.undo, album: albums.get(result.albumId)! }
    },

    /** A new name and/or rule: one undoable step. */
    async update(albumId: number, change: { name?: string; rule?: SmartRule }): Promise<BatchResult & { album: AlbumSummary }> {
      const result = undo.step(() => {
        const before = smartRow(albumId)
        const ops = []
        let changed = 0
        if (change.rule !== undefined && JSON.stringify(change.rule) !== before.rule) {
          albums.setRuleText(albumId, JSON.stringify(change.rule))
          ops.push({ kind: RULE_KIND, payload: { albumId, rule: before.rule } })
          changed = 1
        }
        if (change.name !== undefined && change.name.trim() !== before.name) {
          albums.update(albumId, { name: change.name.trim() })
          ops.push({ kind: 'albums.fields', payload: { albumId, fields: { name: before.name, description: before.description, folderId: before.folderId, coverAssetId: before.coverAssetId } } })
          changed = 1
        }
        return { changed, label: `Changed smart album ${quoted(before.name)}`, ops }
      })
      if (result.changed > 0) deps.changed([albumId], 'edit')
      if (change.rule) await this.ready(change.rule)
      return { changed: result.changed, undo: result.undo, album: albums.get(albumId)! }
    },

    delete(albumId: number): BatchResult {
      smartRow(albumId)
      return deps.deleteAlbum(albumId)
    },

    async get(albumId: number): Promise<AlbumSummary | null> {
      const row = albums.row(albumId)
      if (!row || row.rule === null) return null
      const rule = smartRuleOf(row)
      if (rule) await this.ready(rule)
      return albums.get(albumId)
    },

    async photos(albumId: number, offset: number, limit: number): Promise<AssetSummary[]> {
      const rule = smartRuleOf(smartRow(albumId))
      if (rule) await this.ready(rule)
      return albums.photos(albumId, offset, limit)
    },
  }
}

export type SmartAlbumsService = ReturnType<typeof createSmartAlbumsService>
