// Drag a rectangle over a grid to select the photos under it (Ctrl/Cmd adds to the selection). The
// drag starts anywhere in the grid once the pointer has moved a few pixels (a shorter press is a
// click); near the top or bottom edge the grid scrolls, and the rectangle keeps its start in
// content coordinates, so it grows over photos scrolled into view.
import { useCallback, useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react'
import { rectBetween, type PositionRange, type Rect } from '../lib/selection'
import type { AssetSelection } from './use-asset-selection'

/** Movement before a press becomes a drag (a click with a trembling hand stays a click). */
const DRAG_THRESHOLD_PX = 6
/** Distance from the scroll edge where dragging scrolls, and how far a frame. */
const EDGE_PX = 48
const EDGE_SCROLL_PX = 16

interface DragSelectOptions {
  /** The element that scrolls. */
  scrollRef: RefObject<HTMLElement | null>
  /** The element whose top-left corner is (0, 0) of the rectangle's coordinates. */
  contentRef: RefObject<HTMLElement | null>
  /** Positions of the tiles a rectangle (content coordinates) touches. */
  hitTest(rect: Rect): PositionRange[]
  /** Without one (a grid that does not select), presses are left alone. */
  selection: AssetSelection | undefined
}

interface Drag {
  pointerId: number
  start: { x: number; y: number }
  client: { x: number; y: number }
  additive: boolean
  active: boolean
}

export function useDragSelect({ scrollRef, contentRef, hitTest, selection }: DragSelectOptions) {
  const [rect, setRect] = useState<Rect | null>(null)
  const drag = useRef<Drag | null>(null)
  const latest = useRef({ hitTest, selection })
  useEffect(() => {
    latest.current = { hitTest, selection }
  })

  const toContent = useCallback(
    (client: { x: number; y: number }) => {
      const box = contentRef.current?.getBoundingClientRect()
      return box ? { x: client.x - box.left, y: client.y - box.top } : client
    },
    [contentRef],
  )

  const update = useCallback(() => {
    const current = drag.current
    if (!current?.active) return
    const next = rectBetween(current.start, toContent(current.client))
    setRect(next)
    latest.current.selection?.preview(latest.current.hitTest(next), current.additive)
  }, [toContent])

  useEffect(() => {
    function onMove(event: globalThis.PointerEvent) {
      const current = drag.current
      if (!current || event.pointerId !== current.pointerId) return
      current.client = { x: event.clientX, y: event.clientY }
      if (!current.active) {
        const here = toContent(current.client)
        if (Math.hypot(here.x - current.start.x, here.y - current.start.y) < DRAG_THRESHOLD_PX) return
        current.active = true
      }
      update()
      // Near an edge the grid keeps scrolling while the pointer stays there (a frame at a time).
      if (edgeSpeed(event.clientY) !== 0 && frame === 0) frame = requestAnimationFrame(scrollAtEdge)
    }
    let frame = 0
    function edgeSpeed(clientY: number): number {
      const box = scrollRef.current?.getBoundingClientRect()
      if (!box) return 0
      if (clientY < box.top + EDGE_PX) return -EDGE_SCROLL_PX
      if (clientY > box.bottom - EDGE_PX) return EDGE_SCROLL_PX
      return 0
    }
    function scrollAtEdge() {
      frame = 0
      const current = drag.current
      const scroller = scrollRef.current
      if (!current?.active || !scroller) return
      const speed = edgeSpeed(current.client.y)
      if (speed === 0) return
      const before = scroller.scrollTop
      scroller.scrollTop += speed
      // The scroll event updates the rectangle; at the end of the list there is nothing more to do.
      if (scroller.scrollTop !== before) frame = requestAnimationFrame(scrollAtEdge)
    }
    function onUp(event: globalThis.PointerEvent) {
      const current = drag.current
      if (!current || event.pointerId !== current.pointerId) return
      drag.current = null
      if (!current.active) return
      const final = rectBetween(current.start, toContent({ x: event.clientX, y: event.clientY }))
      setRect(null)
      latest.current.selection?.commitRect(latest.current.hitTest(final), current.additive)
      // The click that ends a drag must not also toggle or open the tile under the pointer.
      const swallow = (click: MouseEvent) => {
        click.stopPropagation()
        click.preventDefault()
      }
      window.addEventListener('click', swallow, { capture: true, once: true })
      setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0)
    }
    function onScroll() {
      update()
    }
    const scroller = scrollRef.current
    window.addEventListener('pointermove', onMove)
    window.addEventListener('pointerup', onUp)
    window.addEventListener('pointercancel', onUp)
    scroller?.addEventListener('scroll', onScroll, { passive: true })
    return () => {
      cancelAnimationFrame(frame)
      window.removeEventListener('pointermove', onMove)
      window.removeEventListener('pointerup', onUp)
      window.removeEventListener('pointercancel', onUp)
      scroller?.removeEventListener('scroll', onScroll)
    }
  }, [scrollRef, toContent, update])

  const onPointerDown = useCallback(
    (event: PointerEvent) => {
      if (!latest.current.selection || event.button !== 0 || event.pointerType === 'touch' || event.shiftKey) return
      // A press on the scroll bar scrolls; it does not draw a rectangle.
      const scroller = scrollRef.current
      if (scroller) {
        const box = scroller.getBoundingClientRect()
        if (event.clientX >= box.left + scroller.clientLeft + scroller.clientWidth) return
      }
      const client = { x: event.clientX, y: event.clientY }
      drag.current = { pointerId: event.pointerId, start: toContent(client), client, additive: event.ctrlKey || event.metaKey, active: false }
    },
    [scrollRef, toContent],
  )

  return { rect, onPointerDown }
}
