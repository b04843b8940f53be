import { describe, expect, it } from 'vitest'
import {
  EMPTY_SELECTION,
  chunkIds,
  collectIds,
  clearSelection,
  clickIntent,
  extendAnchor,
  flatRows,
  inRanges,
  keepOnly,
  keyIntent,
  moveFocus,
  positionsInRect,
  rangesSize,
  rectBetween,
  selectAll,
  selectRange,
  selectRect,
  toggle,
  type PlacedRow,
  type SelectionState,
  type TileRow,
} from './selection'

const plain = { shift: false, toggle: false }
const ctrl = { shift: false, toggle: true }
const shift = { shift: true, toggle: false }
// Ids unlike positions, so a mix-up shows: the photo at position p has id 100 + p.
const idAt = (p: number) => 100 + p
const idsOf = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => idAt(first + i))
const sorted = (s: SelectionState) => [...s.selected].sort((a, b) => a - b)

function applyClick(state: SelectionState, position: number, mods = plain, viaCheckbox = false): SelectionState {
  const intent = clickIntent(state, position, mods, viaCheckbox)
  if (intent.kind === 'open') return state
  if (intent.kind === 'toggle') return toggle(state, intent.position, idAt(intent.position))
  return selectRange(state, idsOf(intent.range[0], intent.range[1]), intent.to)
}

describe('clicks', () => {
  it('a plain click opens the photo while nothing is selected', () => {
    expect(clickIntent(EMPTY_SELECTION, 4, plain, false)).toEqual({ kind: 'open', position: 4 })
  })

  it('the checkbox or Ctrl/Cmd-click starts selecting; then plain clicks toggle', () => {
    expect(clickIntent(EMPTY_SELECTION, 4, plain, true)).toEqual({ kind: 'toggle', position: 4 })
    let s = applyClick(EMPTY_SELECTION, 4, ctrl)
    expect(sorted(s)).toEqual([104])
    s = applyClick(s, 7)
    expect(sorted(s)).toEqual([104, 107])
    s = applyClick(s, 4)
    expect(sorted(s)).toEqual([107])
  })

  it('Shift-click selects from the anchor, in either direction, keeping what was selected before', () => {
    let s = applyClick(EMPTY_SELECTION, 1, ctrl)
    s = applyClick(s, 10, ctrl)
    s = applyClick(s, 7, shift)
    expect(sorted(s)).toEqual([101, 107, 108, 109, 110])
    expect(s.anchor).toBe(10)
    expect(s.focus).toBe(7)
  })

  it('a second Shift-click from the same anchor replaces the range instead of growing it', () => {
    let s = applyClick(EMPTY_SELECTION, 5, ctrl)
    s = applyClick(s, 9, shift)
    expect(sorted(s)).toEqual(idsOf(5, 9))
    s = applyClick(s, 6, shift)
    expect(sorted(s)).toEqual(idsOf(5, 6))
    s = applyClick(s, 3, shift)
    expect(sorted(s)).toEqual(idsOf(3, 5))
  })

  it('Shift-click with no anchor toggles the one photo and anchors there', () => {
    const s = applyClick(EMPTY_SELECTION, 3, shift)
    expect(sorted(s)).toEqual([103])
    expect(s.anchor).toBe(3)
  })

  it('a range across pages not loaded yet is whatever ids the caller resolved for it', () => {
    const s = applyClick(EMPTY_SELECTION, 150, ctrl)
    const intent = clickIntent(s, 2150, shift, false)
    expect(intent).toEqual({ kind: 'range', range: [150, 2150], to: 2150 })
    const next = selectRange(s, idsOf(150, 2150), 2150)
    expect(next.selected.size).toBe(2001)
    expect(next.selected.has(idAt(1234))).toBe(true)
    expect(next.selected.has(idAt(2151))).toBe(false)
  })
})

describe('select all, clear, prune', () => {
  it('Ctrl/Cmd+A selects every id of the view; Escape clears but keeps the focus', () => {
    let s: SelectionState = { ...applyClick(EMPTY_SELECTION, 2, ctrl), focus: 2 }
    s = selectAll(s, idsOf(0, 9))
    expect(s.selected.size).toBe(10)
    s = clearSelection(s)
    expect(s.selected.size).toBe(0)
    expect(s.anchor).toBeNull()
    expect(s.focus).toBe(2)
  })

  it('keepOnly drops ids that left the view and keeps the same object when none did', () => {
    const s = selectAll(EMPTY_SELECTION, [1, 2, 3])
    expect(keepOnly(s, () => true)).toBe(s)
    expect([...keepOnly(s, (id) => id !== 2).selected]).toEqual([1, 3])
  })
})

describe('keyboard', () => {
  // Two months: 5 photos then 3, four columns: rows [0..3] [4] | [5..7]
  const rows: TileRow[] = [
    { start: 0, count: 4 },
    { start: 4, count: 1 },
    { start: 5, count: 3 },
  ]

  it('arrows move within the whole list; up and down keep the column, clamped to short rows', () => {
    expect(moveFocus(rows, 8, 2, 'ArrowRight')).toBe(3)
    expect(moveFocus(rows, 8, 3, 'ArrowRight')).toBe(4)
    expect(moveFocus(rows, 8, 7, 'ArrowRight')).toBe(7)
    expect(moveFocus(rows, 8, 0, 'ArrowLeft')).toBe(0)
    expect(moveFocus(rows, 8, 3, 'ArrowDown')).toBe(4)
    expect(moveFocus(rows, 8, 4, 'ArrowDown')).toBe(5)
    expect(moveFocus(rows, 8, 7, 'ArrowUp')).toBe(4)
    expect(moveFocus(rows, 8, 2, 'ArrowUp')).toBe(2)
    expect(moveFocus(rows, 8, 6, 'ArrowDown')).toBe(6)
    expect(moveFocus(rows, 8, null, 'ArrowDown')).toBe(0)
    expect(moveFocus(rows, 8, 5, 'End')).toBe(7)
    expect(moveFocus(rows, 0, null, 'ArrowDown')).toBeNull()
  })

  it('flat rows of a plain grid', () => {
    expect(flatRows(7, 3)).toEqual([
      { start: 0, count: 3 },
      { start: 3, count: 3 },
      { start: 6, count: 1 },
    ])
    expect(moveFocus(flatRows(7, 3), 7, 4, 'ArrowDown')).toBe(6)
  })

  it('maps keys: Space toggles and Enter opens the focused photo, Escape clears, Ctrl/Cmd+A selects all', () => {
    const focused: SelectionState = { ...EMPTY_SELECTION, focus: 3 }
    const press = (key: string, mods: { shift?: boolean; mod?: boolean } = {}) =>
      keyIntent(focused, { key, shift: mods.shift ?? false, mod: mods.mod ?? false }, rows, 8)
    expect(press(' ')).toEqual({ kind: 'toggle', position: 3 })
    expect(press('Enter')).toEqual({ kind: 'open', position: 3 })
    expect(press('a', { mod: true })).toEqual({ kind: 'select-all' })
    expect(press('ArrowDown', { shift: true })).toEqual({ kind: 'focus', position: 4, extend: true })
    expect(press('ArrowRight')).toEqual({ kind: 'focus', position: 4, extend: false })
    // Escape with nothing selected is left to others (it closes dialogs, the viewer).
    expect(press('Escape')).toBeNull()
    expect(keyIntent({ ...focused, selected: new Set([1]) }, { key: 'Escape', shift: false, mod: false }, rows, 8)).toEqual({ kind: 'clear' })
    expect(press('c', { mod: true })).toBeNull()
    expect(keyIntent(EMPTY_SELECTION, { key: ' ', shift: false, mod: false }, rows, 8)).toBeNull()
  })

  it('Shift+arrows extend from where focus was when there is no anchor', () => {
    const s: SelectionState = { ...EMPTY_SELECTION, focus: 2 }
    const anchored = extendAnchor(s, 2)
    expect(anchored.anchor).toBe(2)
    const next = selectRange(anchored, idsOf(2, 3), 3)
    expect(sorted(next)).toEqual([102, 103])
    // The range shrinks back when Shift+Left returns over it.
    expect(sorted(selectRange(extendAnchor(next, 3), idsOf(2, 2), 2))).toEqual([102])
  })
})

describe('drag rectangle', () => {
  // 100 px tiles, 4 px gaps, 4 columns; rows at y = 0, 104, then a month header and y = 260.
  const rows: PlacedRow[] = [
    { top: 0, start: 0, count: 4 },
    { top: 104, start: 4, count: 2 },
    { top: 260, start: 6, count: 4 },
  ]

  it('selects the tiles the rectangle touches, as merged ranges of positions', () => {
    // From inside tile 1 to inside tile 6's column 1 row: columns 1..1 of every row.
    expect(positionsInRect(rows, rectBetween({ x: 150, y: 50 }, { x: 120, y: 300 }), 100, 4, 4)).toEqual([
      [1, 1],
      [5, 5],
      [7, 7],
    ])
    // Columns 1..3 of the first two rows: the second row has only columns 0..1.
    expect(positionsInRect(rows, rectBetween({ x: 380, y: 120 }, { x: 150, y: 10 }), 100, 4, 4)).toEqual([
      [1, 3],
      [5, 5],
    ])
    // Whole rows in a row join into one range.
    expect(positionsInRect(rows, { left: 0, top: 50, right: 400, bottom: 120 }, 100, 4, 4)).toEqual([[0, 5]])
  })

  it('a rectangle only in a gap or below the last row touches nothing', () => {
    expect(positionsInRect(rows, { left: 101, top: 0, right: 103, bottom: 400 }, 100, 4, 4)).toEqual([])
    expect(positionsInRect(rows, { left: 0, top: 361, right: 400, bottom: 500 }, 100, 4, 4)).toEqual([])
    expect(positionsInRect(rows, { left: 0, top: 205, right: 400, bottom: 259 }, 100, 4, 4)).toEqual([])
  })

  it('replaces the selection, or adds to the one before the drag with Ctrl/Cmd', () => {
    const before = new Set([1, 2])
    expect([...selectRect(before, [5, 6], false).selected]).toEqual([5, 6])
    expect([...selectRect(before, [2, 5], true).selected].sort()).toEqual([1, 2, 5])
  })

  it('ranges helpers', () => {
    expect(inRanges([[1, 3], [7, 7]], 7)).toBe(true)
    expect(inRanges([[1, 3]], 4)).toBe(false)
    expect(rangesSize([[1, 3], [7, 7]])).toBe(4)
  })
})

describe('chunkIds', () => {
  it('splits above the batch limit and keeps every id once, in order', () => {
    const ids = Array.from({ length: 250_001 }, (_, i) => i + 1)
    const chunks = chunkIds(ids, 100_000)
    expect(chunks.map((c) => c.length)).toEqual([100_000, 100_000, 50_001])
    expect(chunks.flat()).toEqual(ids)
    expect(chunkIds([1, 2], 100_000)).toEqual([[1, 2]])
    expect(() => chunkIds([1], 0)).toThrow()
  })
})

describe('collectIds', () => {
  // A list of 5,000 photos whose ids are 100 + position; positions 0-199 and 1000-1199 are loaded.
  const loaded = (p: number) => (p < 200 || (p >= 1000 && p < 1200) ? idAt(p) : undefined)
  const total = 5000

  it('takes loaded ids as they are and fetches the rest in whole windows, in order', async () => {
    const calls: [number, number][] = []
    const fetch = (offset: number, limit: number) => {
      calls.push([offset, limit])
      return Promise.resolve(idsOf(offset, Math.min(total, offset + limit) - 1))
    }
    const ids = await collectIds([[150, 3100]], loaded, fetch, 2000)
    expect(ids).toEqual(idsOf(150, 3100))
    // A window goes on over loaded positions (one request instead of three).
    expect(calls).toEqual([
      [200, 2000],
      [2200, 901],
    ])
  })

  it('several ranges; a list that got shorter ends the range without inventing ids', async () => {
    const fetch = (offset: number, limit: number) => Promise.resolve(offset >= total ? [] : idsOf(offset, Math.min(total, offset + limit) - 1))
    expect(await collectIds([[3, 4], [4990, 5010]], () => undefined, fetch, 2000)).toEqual([...idsOf(3, 4), ...idsOf(4990, 4999)])
  })
})
