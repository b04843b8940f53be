import { describe, expect, it } from 'vitest'
import { ARCFACE_TEMPLATE, alignFace, applySimilarity, estimateSimilarity, invertSimilarity } from './align'
import type { FivePoints, Point } from './landmarks'
import { ImagePyramid } from './pyramid'

describe('estimateSimilarity (least-squares Umeyama, 2-D)', () => {
  it('recovers an exact similarity transform', () => {
    const truth = { a: 0.8 * Math.cos(0.3), b: 0.8 * Math.sin(0.3), tx: 12, ty: -7 }
    const src: Point[] = [[10, 20], [60, 22], [35, 50], [15, 80], [58, 79]]
    const dst = src.map((p) => applySimilarity(truth, p))
    const found = estimateSimilarity(src, dst)
    expect(found.a).toBeCloseTo(truth.a, 10)
    expect(found.b).toBeCloseTo(truth.b, 10)
    expect(found.tx).toBeCloseTo(truth.tx, 8)
    expect(found.ty).toBeCloseTo(truth.ty, 8)
  })

  it('is the least-squares fit for noisy points (residual orthogonal to small perturbations)', () => {
    const src: Point[] = [[0, 0], [10, 0], [5, 6], [1, 11], [9, 12]]
    const dst: Point[] = [[1, 1], [21, 0.5], [11, 13], [3, 23], [19, 25]]
    const best = estimateSimilarity(src, dst)
    const cost = (t: typeof best) => src.reduce((sum, p, i) => {
      const q = applySimilarity(t, p)
      const d = dst[i] as Point
      return sum + (q[0] - d[0]) ** 2 + (q[1] - d[1]) ** 2
    }, 0)
    for (const key of ['a', 'b', 'tx', 'ty'] as const) {
      for (const delta of [-1e-3, 1e-3]) expect(cost({ ...best, [key]: best[key] + delta })).toBeGreaterThan(cost(best))
    }
  })

  it('inverts', () => {
    const t = estimateSimilarity(ARCFACE_TEMPLATE, ARCFACE_TEMPLATE.map(([x, y]) => [x * 3 + 100, y * 3 + 50] as Point))
    const back = applySimilarity(invertSimilarity(t), applySimilarity(t, [17, 33]))
    expect(back[0]).toBeCloseTo(17, 9)
    expect(back[1]).toBeCloseTo(33, 9)
  })

  it('rejects degenerate input', () => {
    expect(() => estimateSimilarity([[1, 1], [1, 1]], [[0, 0], [1, 1]])).toThrow(/coincide/)
    expect(() => estimateSimilarity([[1, 1]], [[0, 0]])).toThrow()
  })
})

describe('alignFace', () => {
  it('moves the five points onto the ArcFace template', () => {
    // A synthetic image whose pixel colour encodes its coordinates, so the warp can be checked.
    const width = 400
    const height = 300
    const data = Buffer.alloc(width * height * 3)
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
      data[(y * width + x) * 3] = Math.round((x * 255) / (width - 1))
      data[(y * width + x) * 3 + 1] = Math.round((y * 255) / (height - 1))
    }
    // Face twice the template size, rotated 10 degrees, placed at (150, 80).
    const angle = (10 * Math.PI) / 180
    const five = ARCFACE_TEMPLATE.map(([x, y]) => [
      150 + 2 * (x * Math.cos(angle) - y * Math.sin(angle)),
      80 + 2 * (x * Math.sin(angle) + y * Math.cos(angle)),
    ]) as FivePoints
    const { rgb } = alignFace(new ImagePyramid({ data, width, height }), five)
    for (let i = 0; i < 5; i++) {
      const [tx, ty] = ARCFACE_TEMPLATE[i] as Point
      const [sx, sy] = five[i] as Point
      const at = (Math.floor(ty) * 112 + Math.floor(tx)) * 3
      // The output pixel at the template point shows the source pixel at the landmark (within one
      // output pixel = two source pixels, i.e. ~1.5 colour steps, plus resampling).
      expect(Math.abs((rgb[at] as number) - (sx * 255) / (width - 1))).toBeLessThan(2)
      expect(Math.abs((rgb[at + 1] as number) - (sy * 255) / (height - 1))).toBeLessThan(2)
    }
  })
})
