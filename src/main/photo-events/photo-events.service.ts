// Events: the library cut into events (segment.ts), kept in the catalog, recomputed as photos arrive
// or change, with the user's renames, merges and splits kept across every recompute.
import type { EventEditRow, EventEditsSnapshot, EventRow, EventWrite, PhotoEventsRepository } from '../catalog'
import type { UndoService } from '../curation'
import type { TaskHandler } from '../tasks'
import type { BatchResult } from '../../shared/domain'
import { PEOPLE_SHOWN, type PhotoEventChange, type PhotoEventSummary } from '../../shared/photo-events'
import { segment, type SegmentEdits } from './segment'
import { eventPlace, eventTitle } from './title'

const UNDO_KIND = 'photoEvents.snapshot'

export interface PhotoEventsDeps {
  events: PhotoEventsRepository
  undo: UndoService
  /** Events changed (a recompute, an edit or its undo): screens refetch. */
  changed(): void
}

/** One event of the CLI's `events list --json`. */
export interface PhotoEventListing {
  id: number
  title: string
  start: string
  end: string
  place: string | null
  assets: { assetId: number; path: string }[]
}

const wallIso = (ms: number) => new Date(ms).toISOString().slice(0, 19)

/** Words that ask for an event rather than describe what is in the photos ("trip to Tokyo"). */
const EVENT_WORDS = new Set(['trip', 'trips', 'vacation', 'vacations', 'holiday', 'holidays', 'journey', 'visit', 'travel', 'travels', 'weekend', 'event', 'events', 'tour', 'outing'])
/** Words that only tie the rest of a query together. */
const FILLER_WORDS = new Set(['a', 'an', 'the', 'to', 'in', 'at', 'of', 'on', 'from', 'my', 'our', 'photo', 'photos', 'picture', 'pictures', 'pics'])

/** What search understood of a query, as the events read it (dates: local days, `to` exclusive). */
export interface EventQuery {
  text: string
  places: readonly string[]
  dateRanges: readonly { from: string; to: string }[]
}

/**
 * The events a search query asks for: at a place it names ("trip to Tokyo", "paris 2023") when the
 * rest of its words only ask for an event (those words are then used up: `text` is what is left
 * for the photos' own words); else the events the user named with all its words ("train day").
 * Null when the query names no event.
 */
export function matchEvents(repo: PhotoEventsRepository, query: EventQuery, limit: number): { eventIds: number[]; assetIds: number[]; text: string } | null {
  const ranges = query.dateRanges.map((r) => ({ fromMs: Date.parse(`${r.from}T00:00:00Z`), toMs: Date.parse(`${r.to}T00:00:00Z`) }))
  const words = query.text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)
  const rest = words.filter((w) => !EVENT_WORDS.has(w) && !FILLER_WORDS.has(w))
  let eventIds: number[] = []
  let text = query.text
  if (query.places.length > 0 && rest.length === 0) {
    eventIds = repo.eventsAt(query.places, ranges)
    text = ''
  } else if (rest.length > 0) {
    eventIds = repo.eventsNamed(rest, ranges)
  }
  if (eventIds.length === 0) return null
  return { eventIds, assetIds: repo.memberIds(eventIds, limit), text }
}

/** Every event, oldest first, with its photos' paths: the CLI's `events list --json` (reads only). */
export function eventListing(repo: PhotoEventsRepository): PhotoEventListing[] {
  const paths = repo.assetPaths()
  return repo
    .list()
    .reverse()
    .map((r) => ({ id: r.id, title: r.name ?? r.title, start: wallIso(r.startMs), end: wallIso(r.endMs), place: r.place, assets: paths.get(r.id) ?? [] }))
}

function segmentEdits(rows: readonly EventEditRow[]): SegmentEdits {
  return {
    joins: rows.filter((r) => r.kind === 'join').map((r) => ({ fromMs: r.fromMs, toMs: r.toMs })),
    splits: rows.filter((r) => r.kind === 'split' && r.assetId !== null).map((r) => ({ t: r.fromMs, id: r.assetId! })),
  }
}

export function createPhotoEventsService(deps: PhotoEventsDeps) {
  const { events: repo, undo } = deps

  /**
   * Cuts the library again and writes only what differs: an event that keeps most of its photos
   * keeps its id (and the user's name); one whose photos and title are unchanged is not written.
   */
  function resegment(): { written: number; removed: number; events: number } {
    const points = repo.points()
    const starts = segment(points, segmentEdits(repo.edits()))
    const stored = repo.current()
    const storedById = new Map(stored.map((e) => [e.id, e]))

    // How many of each new event's photos each stored event holds.
    const overlaps: { segment: number; eventId: number; n: number }[] = []
    for (let s = 0; s < starts.length; s++) {
      const counts = new Map<number, number>()
      for (let i = starts[s]!; i < (starts[s + 1] ?? points.length); i++) {
        const old = points[i]!.eventId
        if (old !== null) counts.set(old, (counts.get(old) ?? 0) + 1)
      }
      for (const [eventId, n] of counts) overlaps.push({ segment: s, eventId, n })
    }
    // Largest overlaps first: an event split in two keeps its id on its larger part.
    overlaps.sort((a, b) => b.n - a.n || a.segment - b.segment || a.eventId - b.eventId)
    const matched = new Map<number, { eventId: number; n: number }>()
    const taken = new Set<number>()
    for (const o of overlaps) {
      if (matched.has(o.segment) || taken.has(o.eventId)) continue
      matched.set(o.segment, o)
      taken.add(o.eventId)
    }

    const writes: EventWrite[] = []
    for (let s = 0; s < starts.length; s++) {
      const from = starts[s]!
      const to = starts[s + 1] ?? points.length
      const members = points.slice(from, to)
      const startMs = members[0]!.t
      const endMs = members.at(-1)!.t
      const place = eventPlace(members.map((p) => p.city ?? p.country))
      const write: EventWrite = {
        title: eventTitle(place, startMs, endMs),
        place,
        startMs,
        endMs,
        count: members.length,
        fileTimeCount: members.filter((p) => p.fileTime).length,
      }
      const match = matched.get(s)
      const old = match && storedById.get(match.eventId)
      if (!match || !old) {
        writes.push({ ...write, members: members.map((p) => p.id) })
        continue
      }
      // The same photos when every one of them was in it and it held no others.
      const samePhotos = match.n === members.length && old.count === members.length
      const sameFacts =
        old.title === write.title && old.place === write.place && old.startMs === startMs && old.endMs === endMs && old.fileTimeCount === write.fileTimeCount
      if (samePhotos && sameFacts) continue
      const changed = samePhotos ? {} : { members: members.map((p) => p.id), joined: members.filter((p) => p.eventId !== match.eventId).map((p) => p.id) }
      writes.push({ ...write, id: match.eventId, ...changed })
    }
    const removed = stored.filter((e) => !taken.has(e.id)).map((e) => e.id)
    if (writes.length > 0 || removed.length > 0) repo.apply(removed, writes)
    return { written: writes.length, removed: removed.length, events: starts.length }
  }

  undo.register(UNDO_KIND, (payload) => {
    const snapshot = payload as EventEditsSnapshot
    repo.restoreEdits(snapshot.edits)
    resegment()
    repo.restoreNames(snapshot.names)
    deps.changed()
  })

  // Photos that arrive while a recompute runs ask for another, which is refused while this one is
  // live (one live task per key): so it runs again until the catalog stood still during a pass.
  let lastVersion: string | null = null
  const handler: TaskHandler<'library.events'> = async () => {
    for (let pass = 0; pass < 10; pass++) {
      const before = repo.version()
      if (before === lastVersion) return
      const { written, removed } = resegment()
      if (written > 0 || removed > 0) deps.changed()
      if (repo.version() === before) {
        lastVersion = before
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }

  function summaries(rows: readonly EventRow[]): PhotoEventSummary[] {
    const ids = rows.map((r) => r.id)
    const covers = repo.covers(ids)
    const people = repo.people(ids, PEOPLE_SHOWN)
    return rows.map((r) => ({
      id: r.id,
      title: r.name ?? r.title,
      autoTitle: r.title,
      named: r.name !== null,
      start: wallIso(r.startMs),
      end: wallIso(r.endMs),
      year: r.year,
      place: r.place,
      count: r.count,
      fileTimeCount: r.fileTimeCount,
      cover: covers.get(r.id) ?? null,
      people: people.get(r.id) ?? [],
    }))
  }

  const summary = (eventId: number | null): PhotoEventSummary | null => {
    const row = eventId === null ? null : repo.get(eventId)
    return row ? summaries([row])[0]! : null
  }

  /** An edit as one undoable step: the cuts and names before it are what undo puts back. */
  function step(label: string, run: () => number): BatchResult {
    const before = repo.snapshot()
    const result = undo.step(() => {
      const changed = run()
      return { changed, label, ops: [{ kind: UNDO_KIND, payload: before }] }
    })
    if (result.changed > 0) deps.changed()
    return result
  }

  return {
    handlers: { 'library.events': handler },
    resegment,
    list: (year?: number) => summaries(repo.list(year)),
    years: () => repo.years(),
    get: (eventId: number) => summary(eventId),
    photos: (eventId: number, offset: number, limit: number) => repo.photos(eventId, offset, limit),
    ofAsset: (assetId: number) => summary(repo.eventOf(assetId)),

    /** null: no such event. An empty name goes back to the title made from the place and dates. */
    rename(eventId: number, name: string): BatchResult | null {
      const row = repo.get(eventId)
      if (!row) return null
      const next = name.trim() === '' ? null : name.trim()
      return step(next ? `Renamed the event "${row.name ?? row.title}" to "${next}"` : `Gave the event "${row.name ?? row.title}" its own title back`, () =>
        repo.setName(eventId, next) ? 1 : 0,
      )
    },

    /** null: no such event. Nothing changes when there is no event on that side. */
    merge(eventId: number, side: 'previous' | 'next'): PhotoEventChange | null {
      const row = repo.get(eventId)
      if (!row) return null
      const other = repo.neighbour(eventId, side)
      if (!other) return { changed: 0, undo: null, event: summary(eventId) }
      const [first, second] = side === 'next' ? [row, other] : [other, row]
      const a = repo.bounds(first.id)
      const b = repo.bounds(second.id)
      if (!a || !b) return { changed: 0, undo: null, event: summary(eventId) }
      // The event acted on keeps its name; without one, it takes the other's.
      const name = row.name ?? other.name
      const result = step(`Merged "${row.name ?? row.title}" with the ${side} event`, () => {
        repo.addJoin(a.first, b.last)
        resegment()
        const merged = repo.eventOf(a.first.id)
        if (merged !== null && name !== null) repo.setName(merged, name)
        return 1
      })
      return { ...result, event: summary(repo.eventOf(a.first.id)) }
    },

    /** null: no such event or the photo is not in it. Splitting at the first photo changes nothing. */
    split(eventId: number, assetId: number): PhotoEventChange | null {
      const row = repo.get(eventId)
      const at = repo.memberKey(eventId, assetId)
      const bounds = repo.bounds(eventId)
      if (!row || !at || !bounds) return null
      if (bounds.first.id === assetId) return { changed: 0, undo: null, event: summary(eventId) }
      const result = step(`Split "${row.name ?? row.title}"`, () => {
        repo.addSplit(at)
        resegment()
        // The user's name stays with the part it began with, whichever part kept the id.
        const head = repo.eventOf(bounds.first.id)
        const tail = repo.eventOf(assetId)
        if (row.name !== null && head !== null && tail !== null && head !== tail) {
          repo.setName(tail, null)
          repo.setName(head, row.name)
        }
        return 1
      })
      return { ...result, event: summary(repo.eventOf(assetId)) }
    },

    listing: () => eventListing(repo),
    /** The events a search query asks for, with their photos (see matchEvents). */
    match: (query: EventQuery, limit: number) => matchEvents(repo, query, limit),
  }
}

export type PhotoEventsService = ReturnType<typeof createPhotoEventsService>
