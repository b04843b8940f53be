// Edits of a photo's date, place and description, kept in the catalog beside what the file says (the
// file is never written). Each batch is one undoable step; the timeline (sort_ms, month) and search
// (date filters, full text, place names) read the values in effect.
import type { EditSnapshot, EditsRepository, PlaceNames } from '../catalog'
import type { UndoService } from '../curation'
import type { TextIndex } from '../search'
import { wallClockMs } from '../assets'
import type { BatchResult } from '../../shared/domain'

const EDITS_KIND = 'edits.snapshot'
const NO_PLACE: PlaceNames = { city: null, region: null, country: null, countryCode: null, timezone: null }
const OFFSET = /(Z|[+-]\d{2}:\d{2})$/

const photos = (n: number) => (n === 1 ? '1 photo' : `${n} photos`)

export interface EditsServiceDeps {
  edits: EditsRepository
  undo: UndoService
  textIndex: TextIndex
  /** Reverse geocoding of a position (offline); null when it names no place (at sea). */
  lookupPlace(lat: number, lon: number): Promise<PlaceNames | null>
  libraryChanged(reason: 'update'): void
}

export type DateEdit = { mode: 'set'; takenAt: string } | { mode: 'shift'; minutes?: number; hours?: number; days?: number } | { mode: 'original' }
export type PlaceEdit = { mode: 'set'; lat: number; lon: number; label?: string } | { mode: 'clear' } | { mode: 'original' }

/** A wall-clock epoch (see assets.sort_ms) as 'yyyy-mm-ddThh:mm:ss'. */
function wallIso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19)
}

/** "+2 h 30 min", "-1 day": how a shift reads in the toast. */
function describeShift(totalMinutes: number): string {
  const sign = totalMinutes < 0 ? '-' : '+'
  let rest = Math.abs(totalMinutes)
  const parts: string[] = []
  const days = Math.floor(rest / 1440)
  rest -= days * 1440
  const hours = Math.floor(rest / 60)
  const minutes = rest - hours * 60
  if (days) parts.push(`${days} ${days === 1 ? 'day' : 'days'}`)
  if (hours) parts.push(`${hours} h`)
  if (minutes || parts.length === 0) parts.push(`${minutes} min`)
  return `${sign}${parts.join(' ')}`
}

export function createEditsService(deps: EditsServiceDeps) {
  const { edits, undo, textIndex } = deps
  undo.register(EDITS_KIND, (payload) => {
    const snapshots = new Map(payload as [number, EditSnapshot][])
    edits.restore(snapshots)
    for (const id of snapshots.keys()) textIndex.refresh(id)
    deps.libraryChanged('update')
  })

  /** One step: snapshots the photos, applies `apply` to each, refreshes the words of those changed. */
  function step(ids: readonly number[], label: (n: number) => string, apply: (id: number, before: EditSnapshot) => boolean): BatchResult {
    const result = undo.step(() => {
      const before = edits.snapshotOf(ids)
      let changed = 0
      for (const [id, snapshot] of before) {
        if (!apply(id, snapshot)) continue
        changed++
        textIndex.refresh(id)
      }
      return { changed, label: label(changed), ops: [{ kind: EDITS_KIND, payload: [...before] }] }
    })
    if (result.changed > 0) deps.libraryChanged('update')
    return result
  }

  return {
    setDate(ids: readonly number[], edit: DateEdit): BatchResult {
      if (edit.mode === 'set') {
        // Seconds written out, as EXIF dates are; an offset given stays with the date.
        const takenAt = edit.takenAt.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?=$|Z|[+-])/, '$1:00')
        const sortMs = wallClockMs(takenAt)
        if (sortMs === null) throw new RangeError(`Not a date: ${edit.takenAt}`)
        return step(ids, (n) => `Set the date of ${photos(n)}`, (id) => edits.setDate(id, takenAt, sortMs))
      }
      if (edit.mode === 'shift') {
        const minutes = (edit.days ?? 0) * 1440 + (edit.hours ?? 0) * 60 + (edit.minutes ?? 0)
        const delta = minutes * 60_000
        // Each photo moves from its own time; the offset it was taken at (if known) stays.
        return step(
          ids,
          (n) => `Shifted the time of ${photos(n)} by ${describeShift(minutes)}`,
          (id, before) => {
            if (delta === 0) return false
            const sortMs = before.sortMs + delta
            const offset = before.takenAt ? (OFFSET.exec(before.takenAt)?.[1] ?? '') : ''
            return edits.setDate(id, `${wallIso(sortMs)}${offset}`, sortMs)
          },
        )
      }
      return step(ids, (n) => `Restored the original date of ${photos(n)}`, (id) => edits.revertDate(id))
    },

    async setPlace(ids: readonly number[], edit: PlaceEdit): Promise<BatchResult> {
      if (edit.mode === 'set') {
        // Looked up before the step (the step is one synchronous transaction): the same place for all.
        const names = (await deps.lookupPlace(edit.lat, edit.lon)) ?? NO_PLACE
        const label = edit.label?.trim() || null
        return step(ids, (n) => `Set the place of ${photos(n)}`, (id) => edits.setPlace(id, { lat: edit.lat, lon: edit.lon, label, ...names }))
      }
      if (edit.mode === 'clear') {
        return step(ids, (n) => `Cleared the place of ${photos(n)}`, (id) => edits.setPlace(id, { lat: null, lon: null, label: null, ...NO_PLACE }))
      }
      // Back to the file's position: its place names are found again (one lookup per position).
      const names = new Map<number, PlaceNames>()
      const found = new Map<string, PlaceNames>()
      for (const id of new Set(ids)) {
        const position = edits.originalPosition(id)
        if (!position) continue
        if (position.lat === null || position.lon === null) {
          names.set(id, NO_PLACE)
          continue
        }
        const key = `${position.lat},${position.lon}`
        let place = found.get(key)
        if (!place) {
          place = (await deps.lookupPlace(position.lat, position.lon)) ?? NO_PLACE
          found.set(key, place)
        }
        names.set(id, place)
      }
      return step(ids, (n) => `Restored the original place of ${photos(n)}`, (id) => {
        const place = names.get(id)
        return place !== undefined && edits.revertPlace(id, place)
      })
    },

    setDescription(ids: readonly number[], description: string): BatchResult {
      const text = description.trim() || null
      return step(
        ids,
        (n) => (text === null ? `Cleared the description of ${photos(n)}` : `Described ${photos(n)}`),
        (id) => edits.setDescription(id, text),
      )
    },
  }
}

export type EditsService = ReturnType<typeof createEditsService>
