// Pure rules of the people screens: card order, which way a merge goes, multi-select of faces.
import type { PersonSummary } from '../../../shared/domain'

export function personLabel(person: { name: string | null }): string {
  return person.name?.trim() || 'Unnamed'
}

function byPhotosThenName(a: PersonSummary, b: PersonSummary): number {
  return b.photoCount - a.photoCount || b.faceCount - a.faceCount || personLabel(a).localeCompare(personLabel(b)) || a.id - b.id
}

/** Named people first (alphabetical), then the unnamed review queue, largest first. */
export function arrangePeople(people: readonly PersonSummary[]): { named: PersonSummary[]; unnamed: PersonSummary[] } {
  const named = people.filter((p) => p.name?.trim()).sort((a, b) => personLabel(a).localeCompare(personLabel(b)) || byPhotosThenName(a, b))
  const unnamed = people.filter((p) => !p.name?.trim()).sort(byPhotosThenName)
  return { named, unnamed }
}

/**
 * Which of two people a one-click merge keeps: the named one (a name is the user's work), else the
 * one with more faces; ties go to the older (smaller id) person.
 */
export function mergeDirection(a: PersonSummary, b: PersonSummary): { into: PersonSummary; from: PersonSummary } {
  const aNamed = Boolean(a.name?.trim())
  const bNamed = Boolean(b.name?.trim())
  if (aNamed !== bNamed) return aNamed ? { into: a, from: b } : { into: b, from: a }
  if (a.faceCount !== b.faceCount) return a.faceCount > b.faceCount ? { into: a, from: b } : { into: b, from: a }
  return a.id <= b.id ? { into: a, from: b } : { into: b, from: a }
}

/** Another person who already carries `name` (case- and accent-insensitive), to offer a merge instead of a duplicate. */
export function findNamesake(people: readonly PersonSummary[], name: string, selfId: number): PersonSummary | null {
  const key = normalizeName(name)
  if (!key) return null
  return people.find((p) => p.id !== selfId && p.name !== null && normalizeName(p.name) === key) ?? null
}

export function normalizeName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').trim().replace(/\s+/g, ' ').toLowerCase()
}

export interface FaceSelection {
  selected: ReadonlySet<number>
  /** Index of the last plain click, where a shift-click range starts. */
  anchor: number | null
}

export const EMPTY_SELECTION: FaceSelection = { selected: new Set(), anchor: null }

/**
 * A click on the face at `index` of `ids`: a plain click toggles it; a shift-click selects everything
 * between the anchor and it (like a file manager), keeping what was selected before.
 */
export function clickFace(selection: FaceSelection, ids: readonly number[], index: number, shift: boolean): FaceSelection {
  const id = ids[index]
  if (id === undefined) return selection
  const selected = new Set(selection.selected)
  if (shift && selection.anchor !== null && selection.anchor < ids.length) {
    const [lo, hi] = selection.anchor <= index ? [selection.anchor, index] : [index, selection.anchor]
    for (let i = lo; i <= hi; i++) selected.add(ids[i]!)
    return { selected, anchor: selection.anchor }
  }
  if (selected.has(id)) selected.delete(id)
  else selected.add(id)
  return { selected, anchor: index }
}

/** Drops selected ids that are no longer shown (faces moved away by an edit or a recluster). */
export function pruneSelection(selection: FaceSelection, ids: readonly number[]): FaceSelection {
  const present = new Set(ids)
  const kept = [...selection.selected].filter((id) => present.has(id))
  if (kept.length === selection.selected.size) return selection
  return { selected: new Set(kept), anchor: selection.anchor !== null && selection.anchor < ids.length ? selection.anchor : null }
}
