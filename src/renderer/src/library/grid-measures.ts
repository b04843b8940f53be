import { useEffect, useState } from 'react'

// The library grid's measures, shared so an album or any other grid looks like the library.
export const TARGET_TILE_PX = 176
export const GAP_PX = 4
export const PADDING_END_PX = 24
const ROW_SETTLE_MS = 100

/**
 * False until a grid row has stayed on screen a moment. Rows that fly past during a fast scroll never
 * request their thumbnails: the browser would keep fetching them after they are gone and starve the
 * rows the user stops at (6 connections per host).
 */
export function useRowSettled(): boolean {
  const [settled, setSettled] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(true), ROW_SETTLE_MS)
    return () => clearTimeout(timer)
  }, [])
  return settled
}
