// Event segmentation: where a library's photos, in capture order, break into events.
//
// Time: a gap is a boundary when it is large relative to the gaps around it, as in PhotoTOC (Platt
// et al. 2002) and Cooper et al. 2005: log(gap) against the mean log-gap of a window of neighbouring
// gaps. A user who shoots every 30 s makes a 2-hour pause an event break; one who shoots a photo
// every 40 minutes through a day does not. Two bounds keep the relative rule sane: a gap under
// FLOOR is never a break by time (bursts, a coffee between two shots), a gap over CAP always is (a
// night's sleep), except on a trip (below).
//
// Space: consecutive located photos far apart (>= FAR_KM) are two events whatever the time (the
// morning in Berlin and the afternoon in Munich); the break goes at the largest time gap between
// them when photos without GPS lie in between.
//
// Trips: a night (CAP..TRIP_NIGHT) between photos taken near each other away from home (home: the
// place most of the library's located photos are from) is not a break, so a week in Tokyo stays
// one event while a weekend at home is two days. Without GPS nothing tells a trip from home, and
// each day is its own event.

export interface SegmentPoint {
  id: number
  /** Wall-clock capture time (assets.sort_ms). */
  t: number
  lat: number | null
  lon: number | null
}

/** The user's edits, applied after the automatic rules (they win). */
export interface SegmentEdits {
  /** Merged events: no break between photos whose times both lie in [fromMs, toMs]. */
  joins: readonly { fromMs: number; toMs: number }[]
  /** Splits: a break right before this photo's place in the order (time, then id). */
  splits: readonly { t: number; id: number }[]
}

export const SEGMENT_PARAMS = {
  /** Neighbouring gaps on each side in the mean (PhotoTOC's d = 10). */
  window: 10,
  /** A break when log(gap) exceeds the window's mean log-gap by this (PhotoTOC's K = log 17). */
  k: Math.log(17),
  floorMs: 60 * 60 * 1000,
  capMs: 8 * 60 * 60 * 1000,
  /** The longest pause a trip spans (a night plus a quiet morning). */
  tripNightMs: 36 * 60 * 60 * 1000,
  farKm: 50,
  /** Home: photos within this of the most common place. */
  homeKm: 50,
}

const EARTH_KM = 6371.0088

export function distanceKm(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const toRad = Math.PI / 180
  const dLat = (bLat - aLat) * toRad
  const dLon = (bLon - aLon) * toRad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * toRad) * Math.cos(bLat * toRad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Order of the timeline's capture order: time, then id (ties are common in bursts and file times). */
export function comparePoints(a: { t: number; id: number }, b: { t: number; id: number }): number {
  return a.t - b.t || a.id - b.id
}

/**
 * Home: the centre of the ~0.5° cell holding the most located photos, or null when fewer than a
 * quarter of them are there (a library of trips only has no home to tell trips from).
 */
export function findHome(points: readonly SegmentPoint[]): { lat: number; lon: number } | null {
  const cells = new Map<string, { n: number; lat: number; lon: number }>()
  let located = 0
  for (const p of points) {
    if (p.lat === null || p.lon === null) continue
    located++
    const key = `${Math.round(p.lat * 2)}:${Math.round(p.lon * 2)}`
    const cell = cells.get(key) ?? { n: 0, lat: 0, lon: 0 }
    cell.n++
    cell.lat += p.lat
    cell.lon += p.lon
    cells.set(key, cell)
  }
  let best: { n: number; lat: number; lon: number } | null = null
  for (const cell of cells.values()) if (!best || cell.n > best.n) best = cell
  if (!best || best.n * 4 < located) return null
  return { lat: best.lat / best.n, lon: best.lon / best.n }
}

/**
 * Breaks of `points` (sorted by comparePoints): breaks[i] is true when an event ends after
 * points[i]. Returns the start index of each event.
 */
export function segment(points: readonly SegmentPoint[], edits: SegmentEdits = { joins: [], splits: [] }, params = SEGMENT_PARAMS): number[] {
  const n = points.length
  if (n === 0) return []
  const gaps = n - 1
  const breaks = new Uint8Array(Math.max(0, gaps))
  const logGap = new Float64Array(gaps)
  for (let i = 0; i < gaps; i++) logGap[i] = Math.log(Math.max(1000, points[i + 1]!.t - points[i]!.t) / 1000)
  // Window sums by prefix sums: O(n) whatever the window.
  const prefix = new Float64Array(gaps + 1)
  for (let i = 0; i < gaps; i++) prefix[i + 1] = prefix[i]! + logGap[i]!
  const home = findHome(points)
  const awayFrom = (p: SegmentPoint) => home !== null && p.lat !== null && p.lon !== null && distanceKm(p.lat, p.lon, home.lat, home.lon) >= params.homeKm

  // The last located photo at or before each index (for trips).
  const lastLocated = new Int32Array(n)
  let seen = -1
  for (let i = 0; i < n; i++) {
    const p = points[i]!
    if (p.lat !== null && p.lon !== null) seen = i
    lastLocated[i] = seen
  }
  const nextLocated = new Int32Array(n)
  seen = -1
  for (let i = n - 1; i >= 0; i--) {
    const p = points[i]!
    if (p.lat !== null && p.lon !== null) seen = i
    nextLocated[i] = seen
  }

  for (let i = 0; i < gaps; i++) {
    const gap = points[i + 1]!.t - points[i]!.t
    if (gap < params.floorMs) continue
    if (gap <= params.tripNightMs) {
      const before = lastLocated[i]!
      const after = nextLocated[i + 1]!
      if (before >= 0 && after >= 0) {
        const a = points[before]!
        const b = points[after]!
        // Positions a day or more from the pause say nothing about where the night was spent.
        const fresh = points[i]!.t - a.t <= params.tripNightMs && b.t - points[i + 1]!.t <= params.tripNightMs
        if (fresh && awayFrom(a) && awayFrom(b) && distanceKm(a.lat!, a.lon!, b.lat!, b.lon!) < params.farKm) continue
      }
    }
    if (gap > params.capMs) {
      breaks[i] = 1
      continue
    }
    // The neighbours only: in a short run the gap itself would drag the mean up to meet it.
    const lo = Math.max(0, i - params.window)
    const hi = Math.min(gaps, i + params.window + 1)
    if (hi - lo <= 1) {
      breaks[i] = 1
      continue
    }
    const mean = (prefix[hi]! - prefix[lo]! - logGap[i]!) / (hi - lo - 1)
    if (logGap[i]! >= mean + params.k) breaks[i] = 1
  }

  // Far apart in space: a break between consecutive located photos, unless one lies between already.
  let prev = -1
  for (let i = 0; i < n; i++) {
    const p = points[i]!
    if (p.lat === null || p.lon === null) continue
    if (prev >= 0) {
      const q = points[prev]!
      if (distanceKm(q.lat!, q.lon!, p.lat, p.lon) >= params.farKm) {
        let has = false
        let widest = prev
        for (let g = prev; g < i; g++) {
          if (breaks[g]) has = true
          if (points[g + 1]!.t - points[g]!.t > points[widest + 1]!.t - points[widest]!.t) widest = g
        }
        if (!has) breaks[widest] = 1
      }
    }
    prev = i
  }

  // The user's merges, then splits (a split made inside a merged event cuts it again).
  if (edits.joins.length > 0) {
    for (let i = 0; i < gaps; i++) {
      if (!breaks[i]) continue
      const a = points[i]!.t
      const b = points[i + 1]!.t
      if (edits.joins.some((j) => a >= j.fromMs && b <= j.toMs)) breaks[i] = 0
    }
  }
  for (const split of edits.splits) {
    const at = lowerBound(points, split)
    if (at > 0 && at < n) breaks[at - 1] = 1
  }

  const starts = [0]
  for (let i = 0; i < gaps; i++) if (breaks[i]) starts.push(i + 1)
  return starts
}

/** The first index whose point is not before `key` in capture order. */
export function lowerBound(points: readonly { t: number; id: number }[], key: { t: number; id: number }): number {
  let lo = 0
  let hi = points.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (comparePoints(points[mid]!, key) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}
