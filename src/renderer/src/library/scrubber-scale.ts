// The timeline scrubber's scale: the months of the timeline (newest first) laid along a track, each
// as tall as its share of the photos, so a drag moves through the library at an even pace per photo.
// Pure: built once per timeline from the months the grid already has (no per-photo work).
import type { TimelineMonth } from '../../../shared/domain'

export interface ScaleMonth {
  month: string
  /** The timeline position of its first photo. */
  start: number
  count: number
  /** Its top and height as fractions of the track. */
  top: number
  height: number
}

export interface ScaleYear {
  /** '2024', or the month key of a month that is not a date ('undated'). */
  year: string
  /** Index of its first (newest) month. */
  firstMonth: number
  top: number
  height: number
}

export interface Scale {
  months: ScaleMonth[]
  years: ScaleYear[]
  total: number
}

const yearOf = (month: string) => (/^\d{4}-\d{2}$/.test(month) ? month.slice(0, 4) : month)

export function buildScale(months: readonly TimelineMonth[]): Scale {
  const total = months.reduce((n, m) => n + Math.max(0, m.count), 0)
  const out: ScaleMonth[] = []
  const years: ScaleYear[] = []
  let start = 0
  for (const { month, count } of months) {
    if (count <= 0) continue
    const m = { month, start, count, top: start / total, height: count / total }
    const year = yearOf(month)
    const last = years.at(-1)
    if (last?.year === year) last.height += m.height
    else years.push({ year, firstMonth: out.length, top: m.top, height: m.height })
    out.push(m)
    start += count
  }
  return { months: out, years, total }
}

/** Index of the month at this fraction of the track (clamped to the track). */
export function monthAtFraction(scale: Scale, fraction: number): number {
  const { months } = scale
  if (months.length === 0) return -1
  const f = Math.min(Math.max(fraction, 0), 1)
  let lo = 0
  let hi = months.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (months[mid]!.top <= f) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** The timeline position at this fraction of the track (clamped to the photos). */
export function positionAtFraction(scale: Scale, fraction: number): number {
  if (scale.total === 0) return 0
  return Math.min(scale.total - 1, Math.max(0, Math.floor(Math.min(Math.max(fraction, 0), 1) * scale.total)))
}

/** Index of the month holding timeline position `position`. */
export function monthOfPosition(scale: Scale, position: number): number {
  return monthAtFraction(scale, scale.total === 0 ? 0 : position / scale.total)
}

/**
 * The years to label on a track `heightPx` tall, each at the top of its first month: the years with
 * the most photos first, a year skipped where its label would overlap one already placed or run past
 * the bottom edge (a year of a few photos between two big ones), so the big years always have theirs.
 */
export function yearLabels(scale: Scale, heightPx: number, labelPx: number): ScaleYear[] {
  const placed: ScaleYear[] = []
  const byPhotos = [...scale.years].sort((a, b) => b.height - a.height || a.top - b.top)
  for (const y of byPhotos) {
    const top = y.top * heightPx
    if (top + labelPx > heightPx && y.top > 0) continue
    if (placed.some((p) => Math.abs(p.top * heightPx - top) < labelPx)) continue
    placed.push(y)
  }
  return placed.sort((a, b) => a.top - b.top)
}

/** The month a key moves to from month `index`: ±1 month with the arrows, ±1 year with Page Up/Down, the ends with Home/End. */
export function monthForKey(scale: Scale, index: number, key: string): number | null {
  const last = scale.months.length - 1
  if (last < 0) return null
  const yearIndex = scale.years.findLastIndex((y) => y.firstMonth <= index)
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return Math.min(last, index + 1)
    case 'ArrowUp':
    case 'ArrowLeft':
      return Math.max(0, index - 1)
    case 'PageDown':
      return scale.years[yearIndex + 1]?.firstMonth ?? last
    case 'PageUp': {
      // Within a year: to its first month; at its first month: to the year before.
      const y = scale.years[yearIndex]
      if (y && y.firstMonth < index) return y.firstMonth
      return scale.years[yearIndex - 1]?.firstMonth ?? 0
    }
    case 'Home':
      return 0
    case 'End':
      return last
    default:
      return null
  }
}
