import { describe, expect, it } from 'vitest'
import { iou, nonMaxSuppression, planDetectionRegions, touchesInnerBorder } from './detector'

describe('planDetectionRegions', () => {
  it('uses the whole image alone when it is small', () => {
    expect(planDetectionRegions(640, 480)).toEqual([{ x: 0, y: 0, width: 640, height: 480 }])
  })

  it('covers a large image with overlapping tiles no larger than maxTileSide', () => {
    const regions = planDetectionRegions(3072, 2304, 800)
    const tiles = regions.slice(1)
    expect(tiles.length).toBe(25)
    for (const t of tiles) expect(Math.max(t.width, t.height)).toBeLessThanOrEqual(800)
    // Every pixel column/row is covered, and neighbours overlap by about a quarter.
    const right = Math.max(...tiles.map((t) => t.x + t.width))
    const bottom = Math.max(...tiles.map((t) => t.y + t.height))
    expect(right).toBeGreaterThanOrEqual(3071)
    expect(bottom).toBeGreaterThanOrEqual(2303)
    const [a, b] = tiles as [(typeof tiles)[number], (typeof tiles)[number]]
    expect((a.x + a.width - b.x) / a.width).toBeCloseTo(0.25, 1)
  })

  it('sees every tile of wide and tall photos at the same detector scale, without padding-only tiles', () => {
    // Input pixels per image pixel when a region is letterboxed into the 320x240 detector input.
    const scale = (r: { width: number; height: number }) => Math.min(320 / r.width, 240 / r.height)
    for (const [width, height] of [[3072, 2304], [2304, 3072], [3072, 1728], [1728, 3072], [1616, 512]] as const) {
      const tiles = planDetectionRegions(width, height, 800).slice(1)
      for (const t of tiles) expect(scale(t)).toBeGreaterThanOrEqual(0.4 - 1e-3)
      expect(Math.max(...tiles.map((t) => t.x + t.width))).toBeGreaterThanOrEqual(width - 1)
      expect(Math.max(...tiles.map((t) => t.y + t.height))).toBeGreaterThanOrEqual(height - 1)
    }
    // A 1616x512 strip needs one row of three tiles, not a 3x3 grid of flat ones.
    expect(planDetectionRegions(1616, 512, 800)).toHaveLength(1 + 3)
    expect(planDetectionRegions(3072, 1728, 800)).toHaveLength(1 + 20)
  })
})

describe('nonMaxSuppression', () => {
  it('keeps the best of overlapping boxes and nested small boxes are dropped', () => {
    const kept = nonMaxSuppression([
      { x: 0, y: 0, width: 100, height: 100, score: 0.9 },
      { x: 5, y: 5, width: 100, height: 100, score: 0.95 },
      { x: 30, y: 30, width: 20, height: 20, score: 0.8 },
      { x: 300, y: 300, width: 50, height: 50, score: 0.7 },
    ], 0.4)
    expect(kept.map((k) => k.score)).toEqual([0.95, 0.7])
  })

  it('computes IoU', () => {
    expect(iou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150)
  })
})

describe('touchesInnerBorder', () => {
  it('flags boxes cut by a tile edge that is inside the image, not by the image edge', () => {
    const tile = { x: 100, y: 0, width: 200, height: 200 }
    expect(touchesInnerBorder({ x: 100, y: 50, width: 30, height: 30 }, tile, 1000, 200)).toBe(true)
    expect(touchesInnerBorder({ x: 150, y: 0, width: 30, height: 30 }, tile, 1000, 200)).toBe(false)
    expect(touchesInnerBorder({ x: 150, y: 50, width: 30, height: 30 }, tile, 1000, 200)).toBe(false)
  })
})
