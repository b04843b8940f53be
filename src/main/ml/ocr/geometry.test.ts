import { describe, expect, it } from 'vitest'
import { convexHull, minAreaRect, orderCorners, rectCorners, unclipRect, type Point } from './geometry'

/** Pixel centres covering a w x h rectangle turned by `degrees` about (cx, cy). */
function rotatedRectPixels(cx: number, cy: number, w: number, h: number, degrees: number): Point[] {
  const a = (degrees * Math.PI) / 180
  const points: Point[] = []
  for (let y = Math.floor(cy - w - h); y <= cy + w + h; y++) {
    for (let x = Math.floor(cx - w - h); x <= cx + w + h; x++) {
      const u = (x - cx) * Math.cos(a) + (y - cy) * Math.sin(a)
      const v = -(x - cx) * Math.sin(a) + (y - cy) * Math.cos(a)
      if (Math.abs(u) <= w / 2 && Math.abs(v) <= h / 2) points.push([x, y])
    }
  }
  return points
}

describe('convexHull', () => {
  it('keeps only the corners of a filled square', () => {
    const square: Point[] = []
    for (let y = 0; y <= 4; y++) for (let x = 0; x <= 4; x++) square.push([x, y])
    expect(new Set(convexHull(square).map((p) => p.join(',')))).toEqual(new Set(['0,0', '4,0', '4,4', '0,4']))
  })
})

describe('minAreaRect', () => {
  it.each([0, 15, 30, -20, 90])('recovers size and direction of a %i degree rectangle of pixels', (degrees) => {
    const rect = minAreaRect(rotatedRectPixels(50, 40, 60, 14, degrees))
    const long = Math.max(rect.width, rect.height)
    const short = Math.min(rect.width, rect.height)
    // Pixel centres span one pixel less than the continuous rectangle, give or take rasterisation.
    expect(long).toBeGreaterThan(57)
    expect(long).toBeLessThan(61)
    expect(short).toBeGreaterThan(11)
    expect(short).toBeLessThan(15)
    expect(rect.center[0]).toBeCloseTo(50, 0)
    expect(rect.center[1]).toBeCloseTo(40, 0)
    const longAxis = rect.width >= rect.height ? rect.axis : ([-rect.axis[1], rect.axis[0]] as const)
    const angle = (Math.atan2(longAxis[1], longAxis[0]) * 180) / Math.PI
    const diff = (((angle - degrees) % 180) + 180) % 180
    expect(Math.min(diff, 180 - diff)).toBeLessThan(3)
  })
})

describe('unclipRect', () => {
  it('pushes every side out by area * ratio / perimeter', () => {
    const grown = unclipRect({ center: [0, 0], axis: [1, 0], width: 100, height: 20 }, 1.5)
    const d = (100 * 20 * 1.5) / 240
    expect(grown.width).toBeCloseTo(100 + 2 * d)
    expect(grown.height).toBeCloseTo(20 + 2 * d)
  })
})

describe('corner order', () => {
  it('orders any permutation as top-left, top-right, bottom-right, bottom-left', () => {
    const tl: Point = [10, 10]
    const tr: Point = [50, 12]
    const br: Point = [49, 30]
    const bl: Point = [9, 28]
    expect(orderCorners([br, tl, bl, tr])).toEqual([tl, tr, br, bl])
    const corners = rectCorners({ center: [30, 20], axis: [1, 0], width: 40, height: 10 })
    expect(corners).toEqual([
      [10, 15],
      [50, 15],
      [50, 25],
      [10, 25],
    ])
  })
})
