// Pure rules of photo selection in a grid, as a desktop file manager has them: click, Ctrl/Cmd-click,
// Shift-click ranges from an anchor, drag rectangles, select all, keyboard focus. Selection is by
// asset id (what batch actions take); ranges are by position in the view's full ordered list (the
// library grid is virtualized, so the ids of a range may come from pages not loaded yet: the caller
// resolves positions to ids and hands them back here).

export interface SelectionState {
  /** Selected asset ids. */
  selected: ReadonlySet<number>
  /** Position a Shift range starts from: the last plain toggle (Ctrl/Cmd-click, checkbox, Space). */
  anchor: number | null
  /**
   * The selection when the anchor was set. A Shift range is added to this, not to the previous
   * range, so Shift-clicking again from the same anchor shrinks or moves the range (Explorer, Finder).
   */
  base: ReadonlySet<number>
  /** Position with keyboard focus (arrows move it, Space toggles it, Enter opens it). */
  focus: number | null
}

export const EMPTY_SELECTION: SelectionState = { selected: new Set(), anchor: null, base: new Set(), focus: null }

export interface ClickModifiers {
  shift: boolean
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  toggle: boolean
}

/** Inclusive positions [first, last]. */
export type PositionRange = readonly [number, number]

export type ClickIntent =
  | { kind: 'open'; position: number }
  | { kind: 'toggle'; position: number }
  | { kind: 'range'; range: PositionRange; to: number }

/**
 * What a click on the tile at `position` means. With nothing selected a plain click opens the photo
 * (the grid's behaviour before selection existed); the checkbox or Ctrl/Cmd starts selecting; once
 * something is selected a plain click toggles (selection mode), Shift selects from the anchor.
 */
export function clickIntent(state: SelectionState, position: number, mods: ClickModifiers, viaCheckbox: boolean): ClickIntent {
  if (mods.shift && state.anchor !== null) return { kind: 'range', range: orderedRange(state.anchor, position), to: position }
  if (viaCheckbox || mods.toggle || mods.shift || state.selected.size > 0) return { kind: 'toggle', position }
  return { kind: 'open', position }
}

export function orderedRange(a: number, b: number): PositionRange {
  return a <= b ? [a, b] : [b, a]
}

/** Toggles one photo; it becomes the anchor of the next Shift range and the keyboard focus. */
export function toggle(state: SelectionState, position: number, id: number): SelectionState {
  const selected = new Set(state.selected)
  if (selected.has(id)) selected.delete(id)
  else selected.add(id)
  return { selected, anchor: position, base: selected, focus: position }
}

/** The base selection plus the ids of the range from the anchor to `to` (resolved by the caller). */
export function selectRange(state: SelectionState, rangeIds: readonly number[], to: number): SelectionState {
  const selected = new Set(state.base)
  for (const id of rangeIds) selected.add(id)
  // A range with no anchor yet starts one where it was asked from.
  return { selected, anchor: state.anchor ?? to, base: state.base, focus: to }
}

/** Everything in the view (Ctrl/Cmd+A). */
export function selectAll(state: SelectionState, ids: readonly number[]): SelectionState {
  const selected = new Set(ids)
  return { selected, anchor: state.anchor, base: selected, focus: state.focus }
}

/** Escape: nothing selected, focus kept so the arrows go on from where they were. */
export function clearSelection(state: SelectionState): SelectionState {
  return { ...EMPTY_SELECTION, focus: state.focus }
}

/**
 * A drag rectangle: the photos under it replace the selection, or join `before` (the selection when
 * the drag started) when Ctrl/Cmd was held.
 */
export function selectRect(before: ReadonlySet<number>, rectIds: readonly number[], additive: boolean): SelectionState {
  const selected = new Set(additive ? before : [])
  for (const id of rectIds) selected.add(id)
  return { selected, anchor: null, base: selected, focus: null }
}

/** Only the ids still in the view (after photos left it: hidden, trashed, a new search). */
export function keepOnly(state: SelectionState, present: (id: number) => boolean): SelectionState {
  let removed = false
  const selected = new Set<number>()
  for (const id of state.selected) {
    if (present(id)) selected.add(id)
    else removed = true
  }
  if (!removed) return state
  const base = new Set([...state.base].filter(present))
  return { ...state, selected, base }
}

/** A row of tiles: its first position and how many tiles it has (months end rows early). */
export interface TileRow {
  start: number
  count: number
}

/** Index of the row holding `position` in rows sorted by start, or -1. */
function rowIndexOf(rows: readonly TileRow[], position: number): number {
  let lo = 0
  let hi = rows.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (rows[mid]!.start <= position) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  if (found < 0) return -1
  const row = rows[found]!
  return position < row.start + row.count ? found : -1
}

export type FocusKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End'

/**
 * Where focus goes from `position` on an arrow key. Up and down keep the column, landing on the last
 * tile of a shorter row (the end of a month). With no focus yet, any key starts at the first photo.
 */
export function moveFocus(rows: readonly TileRow[], total: number, position: number | null, key: FocusKey): number | null {
  if (total <= 0) return null
  if (position === null || position < 0 || position >= total) return 0
  switch (key) {
    case 'ArrowLeft':
      return Math.max(0, position - 1)
    case 'ArrowRight':
      return Math.min(total - 1, position + 1)
    case 'Home':
      return 0
    case 'End':
      return total - 1
    case 'ArrowUp':
    case 'ArrowDown': {
      const r = rowIndexOf(rows, position)
      if (r < 0) return position
      const next = rows[key === 'ArrowUp' ? r - 1 : r + 1]
      if (!next) return position
      const column = position - rows[r]!.start
      return next.start + Math.min(column, next.count - 1)
    }
  }
}

/** Rows of a plain grid (search results, a person's photos): `columns` tiles a row. */
export function flatRows(total: number, columns: number): TileRow[] {
  const rows: TileRow[] = []
  const c = Math.max(1, Math.floor(columns))
  for (let start = 0; start < total; start += c) rows.push({ start, count: Math.min(c, total - start) })
  return rows
}

export type KeyIntent =
  | { kind: 'focus'; position: number; extend: boolean }
  | { kind: 'toggle'; position: number }
  | { kind: 'open'; position: number }
  | { kind: 'select-all' }
  | { kind: 'clear' }

export interface KeyPress {
  key: string
  shift: boolean
  /** Ctrl or Cmd. */
  mod: boolean
}

/** What a key pressed in a grid does; null when the grid leaves it alone. */
export function keyIntent(state: SelectionState, press: KeyPress, rows: readonly TileRow[], total: number): KeyIntent | null {
  const { key } = press
  if (press.mod && (key === 'a' || key === 'A')) return total > 0 ? { kind: 'select-all' } : null
  if (press.mod) return null
  if (key === 'Escape') return state.selected.size > 0 ? { kind: 'clear' } : null
  if (key === 'ArrowLeft' || key === 'ArrowRight' || key === 'ArrowUp' || key === 'ArrowDown' || key === 'Home' || key === 'End') {
    const position = moveFocus(rows, total, state.focus, key)
    return position === null ? null : { kind: 'focus', position, extend: press.shift }
  }
  if (state.focus === null || state.focus >= total) return null
  if (key === ' ') return { kind: 'toggle', position: state.focus }
  if (key === 'Enter') return { kind: 'open', position: state.focus }
  return null
}

/**
 * Keyboard focus moved to `to`: with Shift the range from the anchor (the focus before the first
 * Shift+arrow when there was none) is the caller's to resolve; without, focus just moves.
 */
export function focusAt(state: SelectionState, to: number): SelectionState {
  return { ...state, focus: to }
}

/** The anchor a Shift+arrow extends from: the anchor, else where focus was before moving. */
export function extendAnchor(state: SelectionState, from: number | null): SelectionState {
  if (state.anchor !== null || from === null) return state
  return { ...state, anchor: from, base: state.selected }
}

export interface Rect {
  left: number
  top: number
  right: number
  bottom: number
}

/** The rectangle between two points, in either direction. */
export function rectBetween(a: { x: number; y: number }, b: { x: number; y: number }): Rect {
  return { left: Math.min(a.x, b.x), top: Math.min(a.y, b.y), right: Math.max(a.x, b.x), bottom: Math.max(a.y, b.y) }
}

/** A tile row laid out in content coordinates: its top edge in px, with its positions. */
export interface PlacedRow extends TileRow {
  top: number
}

/**
 * Positions of the tiles a rectangle touches in a grid of square tiles (`size` px, `gap` between
 * them, first column at x = 0), as merged ranges. Rows are sorted by top. Computed from the layout,
 * so it also covers tiles the virtualized grid has not rendered.
 */
export function positionsInRect(rows: readonly PlacedRow[], rect: Rect, size: number, gap: number, columns: number): PositionRange[] {
  const pitch = size + gap
  const firstColumn = Math.max(0, Math.ceil((rect.left - size) / pitch))
  const lastColumn = Math.min(columns - 1, Math.floor(rect.right / pitch))
  if (lastColumn < firstColumn) return []
  // First row whose bottom edge reaches the rectangle.
  let lo = 0
  let hi = rows.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (rows[mid]!.top + size < rect.top) lo = mid + 1
    else hi = mid
  }
  const ranges: [number, number][] = []
  for (let r = lo; r < rows.length; r++) {
    const row = rows[r]!
    if (row.top > rect.bottom) break
    if (firstColumn >= row.count) continue
    const first = row.start + firstColumn
    const last = row.start + Math.min(lastColumn, row.count - 1)
    const previous = ranges[ranges.length - 1]
    if (previous && previous[1] + 1 === first) previous[1] = last
    else ranges.push([first, last])
  }
  return ranges
}

/** Whether `position` is in one of the ranges. */
export function inRanges(ranges: readonly PositionRange[], position: number): boolean {
  return ranges.some(([first, last]) => position >= first && position <= last)
}

/** How many positions the ranges cover. */
export function rangesSize(ranges: readonly PositionRange[]): number {
  return ranges.reduce((sum, [first, last]) => sum + (last - first + 1), 0)
}

/**
 * Batch calls take at most `max` ids (the contract's limit): a larger selection goes in several
 * calls, each its own undo step.
 */
export function chunkIds(ids: readonly number[], max: number): number[][] {
  if (!Number.isInteger(max) || max < 1) throw new Error(`max must be a positive integer, got ${max}`)
  const chunks: number[][] = []
  for (let i = 0; i < ids.length; i += max) chunks.push(ids.slice(i, i + max))
  return chunks
}

/**
 * Ids of the positions in `ranges`, in order: those at hand from `idAt` (loaded pages), the rest
 * fetched a window at a time (`fetch(offset, limit)` returns the ids from `offset`, at most `limit`).
 * A window that comes back short ends its range (the list got shorter meanwhile).
 */
export async function collectIds(
  ranges: readonly PositionRange[],
  idAt: (position: number) => number | undefined,
  fetch: (offset: number, limit: number) => Promise<readonly number[]>,
  window: number,
): Promise<number[]> {
  const ids: number[] = []
  for (const [first, last] of ranges) {
    let p = first
    while (p <= last) {
      const id = idAt(p)
      if (id !== undefined) {
        ids.push(id)
        p++
        continue
      }
      const limit = Math.min(window, last - p + 1)
      const fetched = await fetch(p, limit)
      ids.push(...fetched.slice(0, limit))
      if (fetched.length < limit) break
      p += limit
    }
  }
  return ids
}
