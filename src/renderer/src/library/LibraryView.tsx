// The library timeline with its selection and action bar. Ranges and Ctrl/Cmd+A reach photos on
// pages not loaded yet through their timeline positions (useTimelineIds).
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, type Ref } from 'react'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { AssetSummary, TimelineMonth } from '../../../shared/domain'
import { queryKeys, useExpandedStacks, useTimelineIds, useTimelineView, useWholeStacks } from '../api'
import { inTextField } from '../app/undo'
import { SelectionBar, useAssetSelection, useSelectionKeys } from '../selection'
import type { KeyPressEvent } from '../selection/use-asset-selection'
import { LibraryGrid, type LibraryGridHandle } from './LibraryGrid'
import { OnThisDayStrip } from '../memories'

interface LibraryViewProps {
  months: TimelineMonth[]
  /** Photos in the timeline (the sum of the months). */
  total: number
  onOpen(index: number): void
  ref?: Ref<LibraryGridHandle>
}

export function LibraryView({ months, total, onOpen, ref }: LibraryViewProps) {
  const grid = useRef<LibraryGridHandle>(null)
  const view = useTimelineView()
  const { idAt, idsIn, summaryAt } = useTimelineIds()
  const stacks = useExpandedStacks()
  const client = useQueryClient()
  const wholeStacks = useWholeStacks()
  const selection = useAssetSelection({
    total,
    idAt,
    idsIn,
    rows: () => grid.current?.tileRows() ?? [],
    open: onOpen,
    reveal: (position) => grid.current?.scrollToAsset(position),
  })
  useSelectionKeys(selection)

  // S on the focused tile opens its stack in place, or closes the stack it is in.
  const { keyDown: selectionKeyDown, state: selectionState, forget } = selection
  const { toggle } = stacks
  const keyDown = useCallback(
    (event: KeyPressEvent) => {
      const focus = selectionState.focus
      const plain = !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey
      if (plain && event.key.toLowerCase() === 's' && focus !== null && !inTextField(event.target)) {
        const stack = summaryAt(focus)?.stack
        if (stack) {
          event.preventDefault()
          // Closing from one of its photos: focus goes back to the tile that stands for the stack.
          if (stack.role === 'member') selection.setFocus(focus - (stack.place - 1))
          toggle(stack.coverId)
          return
        }
      }
      selectionKeyDown(event)
    },
    [selectionKeyDown, selectionState.focus, summaryAt, toggle, selection],
  )
  const gridSelection = useMemo(() => ({ ...selection, keyDown }), [selection, keyDown])

  // Photos of a stack that closes leave the view: they leave the selection too (a batch action then
  // takes what the user sees; trash and hide of the closed tile take the whole stack anyway).
  const openBefore = useRef(stacks.covers)
  useEffect(() => {
    const closed = openBefore.current.filter((id) => !stacks.covers.includes(id))
    openBefore.current = stacks.covers
    if (closed.length > 0) forget(cachedMemberIds(client, closed))
  }, [stacks.covers, forget, client])
  // The viewer walking the timeline brings its photo into view and gives it the grid's focus.
  const { setFocus } = selection
  useImperativeHandle(
    ref,
    () => ({
      scrollToAsset: (index: number) => {
        grid.current?.scrollToAsset(index)
        setFocus(index)
      },
      tileRows: () => grid.current?.tileRows() ?? [],
    }),
    [setFocus],
  )

  return (
    <>
      <SelectionBar selection={selection} view={view} wholeStacks={wholeStacks} />
      {/* Above the grid, not in its virtualizer: the grid's rows and positions stay the timeline's alone. */}
      {view === 'all' ? <OnThisDayStrip /> : null}
      <LibraryGrid ref={grid} months={months} onOpen={onOpen} selection={gridSelection} />
    </>
  )
}

/** Ids of the photos (not the covers) of these stacks in the timeline pages read so far. */
function cachedMemberIds(client: QueryClient, coverIds: readonly number[]): number[] {
  const ids = new Set<number>()
  for (const [, page] of client.getQueriesData<AssetSummary[]>({ queryKey: queryKeys.assetPages() })) {
    for (const asset of page ?? []) {
      if (asset.stack?.role === 'member' && coverIds.includes(asset.stack.coverId)) ids.add(asset.id)
    }
  }
  return [...ids]
}
