// Plane geometry for text boxes: convex hull, minimum-area rectangle (what OpenCV's minAreaRect does
// for PaddleOCR's DB post-processing), corner ordering and the DB "unclip" expansion.
//
// Why not @techstark/opencv-js: it installs offline and has findContours/minAreaRect, but it is an
// 11 MB WASM bundle that took ~3-6 s and ~130 MB RSS to initialise per process on this machine, for
// three small algorithms on integer pixel coordinates (where the cross products below are exact).

export type Point = readonly [number, number]
/** Four corners, clockwise in image coordinates: top-left, top-right, bottom-right, bottom-left. */
export type Quad = readonly [Point, Point, Point, Point]

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
}

/** Andrew's monotone chain; returns the hull counter-clockwise (in a y-up frame), no repeated point. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1])
  if (sorted.length <= 2) return sorted
  const lower: Point[] = []
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop()
    lower.push(p)
  }
  const upper: Point[] = []
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop()
    upper.push(p)
  }
  lower.pop()
  upper.pop()
  return lower.concat(upper)
}

export interface RotatedRect {
  readonly center: Point
  /** Unit vector along the first side (`width`); the second side is perpendicular to it. */
  readonly axis: Point
  readonly width: number
  readonly height: number
}

/**
 * Smallest-area enclosing rectangle. One of its sides lies on a hull edge (Freeman & Shapira), so
 * every hull edge direction is tried; hulls of text components have a few dozen edges at most.
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points)
  if (hull.length === 0) throw new Error('minAreaRect needs at least one point')
  if (hull.length === 1) return { center: hull[0]!, axis: [1, 0], width: 0, height: 0 }
  let best: RotatedRect | undefined
  let bestArea = Infinity
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!
    const b = hull[(i + 1) % hull.length]!
    const length = Math.hypot(b[0] - a[0], b[1] - a[1])
    if (length === 0) continue
    const ux = (b[0] - a[0]) / length
    const uy = (b[1] - a[1]) / length
    let minU = Infinity
    let maxU = -Infinity
    let minV = Infinity
    let maxV = -Infinity
    for (const p of hull) {
      const u = p[0] * ux + p[1] * uy
      const v = -p[0] * uy + p[1] * ux
      if (u < minU) minU = u
      if (u > maxU) maxU = u
      if (v < minV) minV = v
      if (v > maxV) maxV = v
    }
    const area = (maxU - minU) * (maxV - minV)
    if (area < bestArea) {
      bestArea = area
      const cu = (minU + maxU) / 2
      const cv = (minV + maxV) / 2
      best = { center: [cu * ux - cv * uy, cu * uy + cv * ux], axis: [ux, uy], width: maxU - minU, height: maxV - minV }
    }
  }
  return best!
}

export function shortSide(rect: RotatedRect): number {
  return Math.min(rect.width, rect.height)
}

/**
 * DB "unclip": grow the shrunk text kernel back to the full text extent. PaddleOCR offsets the box
 * polygon by area * ratio / perimeter with round joins (pyclipper) and takes minAreaRect of the
 * result; for a rectangle that is exactly the same rectangle with every side pushed out by that
 * distance, so no polygon clipper is needed.
 */
export function unclipRect(rect: RotatedRect, ratio: number): RotatedRect {
  const perimeter = 2 * (rect.width + rect.height)
  if (perimeter === 0) return rect
  const distance = (rect.width * rect.height * ratio) / perimeter
  return { ...rect, width: rect.width + 2 * distance, height: rect.height + 2 * distance }
}

/** Corners ordered as PaddleOCR's get_mini_boxes does: [top-left, top-right, bottom-right, bottom-left]. */
export function rectCorners(rect: RotatedRect): Quad {
  const [cx, cy] = rect.center
  const [ux, uy] = rect.axis
  const hw = rect.width / 2
  const hh = rect.height / 2
  const corners: Point[] = [
    [cx - ux * hw + uy * hh, cy - uy * hw - ux * hh],
    [cx + ux * hw + uy * hh, cy + uy * hw - ux * hh],
    [cx + ux * hw - uy * hh, cy + uy * hw + ux * hh],
    [cx - ux * hw - uy * hh, cy - uy * hw + ux * hh],
  ]
  return orderCorners(corners)
}

/** The two left-most points give top-left/bottom-left by y, the two right-most top-right/bottom-right. */
export function orderCorners(points: readonly Point[]): Quad {
  if (points.length !== 4) throw new Error(`A quad needs 4 corners, got ${points.length}`)
  const byX = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1])
  const [l1, l2, r1, r2] = byX as [Point, Point, Point, Point]
  const [tl, bl] = l1[1] <= l2[1] ? [l1, l2] : [l2, l1]
  const [tr, br] = r1[1] <= r2[1] ? [r1, r2] : [r2, r1]
  return [tl, tr, br, bl]
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1])
}

/** Axis-aligned bounds as [x, y, width, height]. */
export function quadBounds(quad: Quad): [number, number, number, number] {
  const xs = quad.map((p) => p[0])
  const ys = quad.map((p) => p[1])
  const x = Math.min(...xs)
  const y = Math.min(...ys)
  return [x, y, Math.max(...xs) - x, Math.max(...ys) - y]
}
