// The selection of one grid (library timeline, search results, a person's or an album's photos):
// the pure rules of lib/selection applied to a source that maps positions to asset ids. The library
// source loads ids of unloaded pages on demand, so a Shift range or Ctrl+A over pages never shown
// selects exactly the right photos.
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react'
import { useNotify, errorText } from '../app/notices'
import { inTextField } from '../app/undo'
import {
  EMPTY_SELECTION,
  clearSelection,
  clickIntent,
  extendAnchor,
  focusAt,
  inRanges,
  keepOnly,
  keyIntent,
  orderedRange,
  selectAll,
  selectRange,
  selectRect,
  toggle,
  type PositionRange,
  type SelectionState,
  type TileRow,
} from '../lib/selection'

/** What a grid tells its selection about the photos it shows, in order. */
export interface SelectionSource {
  /** Photos in the view. */
  total: number
  /** The id at a position when it is at hand (loaded), else undefined. */
  idAt(position: number): number | undefined
  /** Ids of the positions in the ranges, loading what is not at hand. */
  idsIn(ranges: readonly PositionRange[]): Promise<number[]>
  /** Rows of tiles, for Up and Down. */
  rows(): readonly TileRow[]
  /** Opens the photo at a position (the viewer). */
  open(position: number): void
  /** Brings a position into view (keyboard focus moved off screen). */
  reveal?(position: number): void
}

/** The parts of a key press the selection reads (a React or a DOM keyboard event). */
export interface KeyPressEvent {
  key: string
  shiftKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  target: EventTarget | null
  preventDefault(): void
}

export interface AssetSelection {
  state: SelectionState
  /** Photos selected. */
  count: number
  /** True while something is selected: a plain click toggles instead of opening. */
  selecting: boolean
  /** True while ids of a range or of Ctrl+A are loading. */
  resolving: boolean
  /** The selected ids, in no particular order. */
  ids(): number[]
  /** Shown selected: selected, or under the drag rectangle. */
  isSelected(id: number, position: number): boolean
  isFocused(position: number): boolean
  /** A click on a tile (viaCheckbox: on its selection checkbox). */
  clickTile(position: number, id: number, event: MouseEvent, viaCheckbox: boolean): void
  /** Keys pressed in the grid: arrows, Shift+arrows, Space, Enter, Escape, Ctrl/Cmd+A. */
  keyDown(event: KeyPressEvent): void
  selectAll(): void
  clear(): void
  /** Moves keyboard focus (the viewer walked to another photo: Enter reopens that one). */
  setFocus(position: number): void
  /** Drops ids that left the view (hidden, trashed). */
  forget(ids: readonly number[]): void
  /** A drag rectangle in progress covers these positions (shown, not yet selected). */
  preview(ranges: readonly PositionRange[], additive: boolean): void
  /** The drag ended: the positions it covered become the selection (or join it). */
  commitRect(ranges: readonly PositionRange[], additive: boolean): void
}

interface Preview {
  ranges: readonly PositionRange[]
  additive: boolean
}

export function useAssetSelection(source: SelectionSource): AssetSelection {
  const [state, setState] = useState<SelectionState>(EMPTY_SELECTION)
  const [preview, setPreview] = useState<Preview | null>(null)
  const [resolving, setResolving] = useState(false)
  const notify = useNotify()
  // Handlers read the latest source and state without changing identity on every render (tiles are memoized).
  const sourceRef = useRef(source)
  const stateRef = useRef(state)
  useLayoutEffect(() => {
    sourceRef.current = source
    stateRef.current = state
  })
  // A newer range request supersedes one still loading.
  const generation = useRef(0)

  const update = useCallback((next: SelectionState) => {
    stateRef.current = next
    setState(next)
  }, [])

  const resolveThen = useCallback(
    (ranges: readonly PositionRange[], apply: (ids: number[]) => void) => {
      const ticket = ++generation.current
      const src = sourceRef.current
      // Everything at hand: apply now, with no flash of a loading state.
      const known: number[] = []
      let missing = false
      for (const [first, last] of ranges) {
        for (let p = first; p <= last && !missing; p++) {
          const id = src.idAt(p)
          if (id === undefined) missing = true
          else known.push(id)
        }
      }
      if (!missing) {
        apply(known)
        return
      }
      setResolving(true)
      src.idsIn(ranges).then(
        (ids) => {
          if (ticket !== generation.current) return
          setResolving(false)
          apply(ids)
        },
        (error: unknown) => {
          if (ticket !== generation.current) return
          setResolving(false)
          notify('error', `Could not select those photos: ${errorText(error)}`)
        },
      )
    },
    [notify],
  )

  const clickTile = useCallback(
    (position: number, id: number, event: MouseEvent, viaCheckbox: boolean) => {
      const mods = { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey }
      // Shift-click would otherwise also select the page's text.
      if (mods.shift) event.preventDefault()
      const current = stateRef.current
      const intent = clickIntent(current, position, mods, viaCheckbox)
      if (intent.kind === 'open') {
        update(focusAt(current, position))
        sourceRef.current.open(position)
      } else if (intent.kind === 'toggle') update(toggle(current, position, id))
      else resolveThen([intent.range], (ids) => update(selectRange(stateRef.current, ids, intent.to)))
    },
    [resolveThen, update],
  )

  const doSelectAll = useCallback(() => {
    const total = sourceRef.current.total
    if (total > 0) resolveThen([[0, total - 1]], (ids) => update(selectAll(stateRef.current, ids)))
  }, [resolveThen, update])

  const clear = useCallback(() => {
    generation.current++
    setResolving(false)
    update(clearSelection(stateRef.current))
  }, [update])

  const keyDown = useCallback(
    (event: KeyPressEvent) => {
      if (event.altKey || inTextField(event.target)) return
      // Focus can stay on the grid under a dialog (the viewer, a picker): the keys are the dialog's.
      if (document.querySelector('[aria-modal="true"]')) return
      const src = sourceRef.current
      const current = stateRef.current
      const intent = keyIntent(current, { key: event.key, shift: event.shiftKey, mod: event.ctrlKey || event.metaKey }, src.rows(), src.total)
      if (!intent) return
      event.preventDefault()
      switch (intent.kind) {
        case 'select-all':
          doSelectAll()
          break
        case 'clear':
          clear()
          break
        case 'open':
          src.open(intent.position)
          break
        case 'toggle': {
          const id = src.idAt(intent.position)
          if (id !== undefined) update(toggle(current, intent.position, id))
          break
        }
        case 'focus': {
          src.reveal?.(intent.position)
          if (!intent.extend) {
            update(focusAt(current, intent.position))
            break
          }
          const anchored = extendAnchor(current, current.focus ?? intent.position)
          update(focusAt(anchored, intent.position))
          const to = intent.position
          resolveThen([orderedRange(anchored.anchor ?? to, to)], (ids) => update(selectRange(stateRef.current, ids, to)))
          break
        }
      }
    },
    [clear, doSelectAll, resolveThen, update],
  )

  const setFocus = useCallback((position: number) => update(focusAt(stateRef.current, position)), [update])

  const forget = useCallback(
    (ids: readonly number[]) => {
      const gone = new Set(ids)
      update(keepOnly(stateRef.current, (id) => !gone.has(id)))
    },
    [update],
  )

  const previewRect = useCallback((ranges: readonly PositionRange[], additive: boolean) => setPreview({ ranges, additive }), [])
  const commitRect = useCallback(
    (ranges: readonly PositionRange[], additive: boolean) => {
      const before = stateRef.current.selected
      resolveThen(ranges, (ids) => {
        setPreview(null)
        update(selectRect(before, ids, additive))
      })
    },
    [resolveThen, update],
  )

  return useMemo<AssetSelection>(() => {
    const count = state.selected.size
    return {
      state,
      count,
      selecting: count > 0 || preview !== null,
      resolving,
      ids: () => [...state.selected],
      isSelected: (id, position) => {
        if (preview && inRanges(preview.ranges, position)) return true
        if (preview && !preview.additive) return false
        return state.selected.has(id)
      },
      isFocused: (position) => state.focus === position,
      clickTile,
      keyDown,
      selectAll: doSelectAll,
      clear,
      setFocus,
      forget,
      preview: previewRect,
      commitRect,
    }
  }, [state, preview, resolving, clickTile, keyDown, doSelectAll, clear, setFocus, forget, previewRect, commitRect])
}
