// The timeline scrubber beside the library grid: years and months along the right edge, each as tall
// as its share of the photos. Hovering shows the month under the pointer, a click or drag jumps the
// grid there (rows that fly past load once the grid settles, as in any fast scroll), and as a slider
// it moves by month (arrows), year (Page Up/Down) and to the ends (Home/End). Its DOM is one element
// per year label, never per photo or per month; pointer moves are coalesced to one per frame.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react'
import type { TimelineMonth } from '../../../shared/domain'
import { formatMonthLabel } from '../lib/format'
import { buildScale, monthAtFraction, monthForKey, monthOfPosition, positionAtFraction, yearLabels } from './scrubber-scale'

const YEAR_LABEL_PX = 18

interface TimelineScrubberProps {
  months: readonly TimelineMonth[]
  /** Timeline position of the first photo in view (null before the grid has laid out). */
  current: number | null
  /** Brings timeline position `position` to the top of the grid (a month's first photo: with its header). */
  onJump(position: number): void
}

/** Content-box height of an element, kept current with a ResizeObserver. */
function useElementHeight(ref: RefObject<HTMLElement | null>): number {
  const [height, setHeight] = useState(0)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    setHeight(element.clientHeight)
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1]
      if (entry) setHeight(Math.floor(entry.contentRect.height))
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return height
}

export const TimelineScrubber = memo(function TimelineScrubber({ months, current, onJump }: TimelineScrubberProps) {
  const scale = useMemo(() => buildScale(months), [months])
  const trackRef = useRef<HTMLDivElement>(null)
  const height = useElementHeight(trackRef)
  const labels = useMemo(() => yearLabels(scale, height, YEAR_LABEL_PX), [scale, height])
  // The month under the pointer (hover or drag), shown as a label beside it.
  const [pointed, setPointed] = useState<{ fraction: number; month: number } | null>(null)
  const [dragging, setDragging] = useState(false)
  // The month the keys last moved to: the next key moves on from it, even where the grid cannot
  // bring that month to the top (the last screenful of the library).
  const [keyMonth, setKeyMonth] = useState<number | null>(null)

  // Pointer events come faster than frames: keep the latest, act on it once per animation frame.
  const pending = useRef<{ fraction: number; jump: boolean; position?: number } | null>(null)
  const frame = useRef<number | null>(null)
  const flush = useCallback(() => {
    frame.current = null
    const p = pending.current
    pending.current = null
    if (!p) return
    setPointed({ fraction: p.fraction, month: monthAtFraction(scale, p.fraction) })
    if (p.jump) onJump(p.position ?? positionAtFraction(scale, p.fraction))
  }, [scale, onJump])
  useEffect(() => () => void (frame.current !== null && cancelAnimationFrame(frame.current)), [])
  const schedule = (clientY: number, jump: boolean, position?: number) => {
    const rect = trackRef.current?.getBoundingClientRect()
    if (!rect || rect.height === 0) return
    const fraction = Math.min(Math.max((clientY - rect.top) / rect.height, 0), 1)
    // A jump asked for in this frame is not lost to a plain move after it.
    const jumpAsked = jump || (pending.current?.jump ?? false)
    pending.current = { fraction, jump: jumpAsked, ...(position !== undefined ? { position } : {}) }
    frame.current ??= requestAnimationFrame(flush)
  }

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return
    event.preventDefault()
    setKeyMonth(null)
    event.currentTarget.setPointerCapture(event.pointerId)
    event.currentTarget.focus({ preventScroll: true })
    setDragging(true)
    // A year's label goes to that year's first month, header and all.
    const first = (event.target as HTMLElement).closest<HTMLElement>('[data-first-month]')?.dataset.firstMonth
    const month = first === undefined ? undefined : scale.months[Number(first)]
    schedule(event.clientY, true, month?.start)
  }
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => schedule(event.clientY, dragging)
  const endDrag = (event: PointerEvent<HTMLDivElement>) => {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId)
    setDragging(false)
  }

  const currentMonth = current === null ? -1 : monthOfPosition(scale, current)
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const from = keyMonth ?? Math.max(0, currentMonth)
    const to = monthForKey(scale, from, event.key)
    if (to === null) return
    event.preventDefault()
    const month = scale.months[to]
    if (!month) return
    setKeyMonth(to)
    setPointed({ fraction: month.top, month: to })
    onJump(month.start)
  }

  if (scale.months.length === 0) return null
  const valueMonth = keyMonth ?? currentMonth
  const shown = scale.months[valueMonth]
  const pointedMonth = pointed ? scale.months[pointed.month] : undefined
  return (
    <div
      ref={trackRef}
      className={dragging ? 'timeline-scrubber dragging' : 'timeline-scrubber'}
      data-testid="timeline-scrubber"
      role="slider"
      tabIndex={0}
      aria-label="Timeline: jump to a month"
      aria-orientation="vertical"
      aria-valuemin={0}
      aria-valuemax={scale.months.length - 1}
      aria-valuenow={Math.max(0, valueMonth)}
      aria-valuetext={shown ? formatMonthLabel(shown.month) : undefined}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onPointerLeave={() => !dragging && setPointed(null)}
      onKeyDown={onKeyDown}
      onBlur={() => {
        setKeyMonth(null)
        setPointed(null)
      }}
    >
      {labels.map((y) => (
        <span key={y.year} className="scrubber-year" data-first-month={y.firstMonth} data-year={y.year} style={{ top: `${y.top * 100}%` }}>
          {/^\d{4}$/.test(y.year) ? y.year : formatMonthLabel(y.year)}
        </span>
      ))}
      {current !== null && scale.total > 0 ? <span className="scrubber-thumb" style={{ top: `${(current / scale.total) * 100}%` }} /> : null}
      {pointed && pointedMonth ? (
        <span className="scrubber-label" data-testid="scrubber-label" style={{ top: `${pointed.fraction * 100}%` }}>
          {formatMonthLabel(pointedMonth.month)}
        </span>
      ) : null}
    </div>
  )
})
