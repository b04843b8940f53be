// The library timeline with its selection and action bar. Ranges and Ctrl/Cmd+A reach photos on
// pages not loaded yet through their timeline positions (useTimelineIds).
import { useImperativeHandle, useRef, type Ref } from 'react'
import type { TimelineMonth } from '../../../shared/domain'
import { useTimelineIds, useTimelineView } from '../api'
import { SelectionBar, useAssetSelection, useSelectionKeys } from '../selection'
import { LibraryGrid, type LibraryGridHandle } from './LibraryGrid'

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
  const { idAt, idsIn } = useTimelineIds()
  const selection = useAssetSelection({
    total,
    idAt,
    idsIn,
    rows: () => grid.current?.tileRows() ?? [],
    open: onOpen,
    reveal: (position) => grid.current?.scrollToAsset(position),
  })
  useSelectionKeys(selection)
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
      <SelectionBar selection={selection} view={view} />
      <LibraryGrid ref={grid} months={months} onOpen={onOpen} selection={selection} />
    </>
  )
}
