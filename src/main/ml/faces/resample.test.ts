import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeUpright } from './image'
import { realPhoto } from './real-photos'
import { resampleRgb } from './resample'

const meanAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number))
  return sum / a.length
}

describe('resampleRgb', () => {
  it('copies pixels exactly at one output pixel per source pixel', async () => {
    const { image } = await decodeUpright(realPhoto.astronaut)
    const out = resampleRgb(image, { x: 100, y: 50, width: 40, height: 30 }, 40, 30).data
    for (const [x, y] of [[0, 0], [39, 0], [17, 11], [39, 29]] as const) {
      for (let c = 0; c < 3; c++) expect(out[(y * 40 + x) * 3 + c]).toBe(image.data[((50 + y) * image.width + 100 + x) * 3 + c])
    }
  })

  it('shrinks a real photo like libvips does (area-averaging, no aliasing)', async () => {
    const { image } = await decodeUpright(realPhoto.astronaut)
    const ours = resampleRgb(image, { x: 0, y: 0, width: 512, height: 512 }, 128, 128).data
    const theirs = await sharp(image.data, { raw: { width: 512, height: 512, channels: 3 } }).resize(128, 128, { kernel: 'linear' }).raw().toBuffer()
    expect(meanAbsDiff(ours, theirs)).toBeLessThan(1.5)
    // Plain point sampling of the same photo differs far more: the filter really averages.
    const pointSampled = Float32Array.from({ length: 128 * 128 * 3 }, (_, i) => {
      const p = Math.floor(i / 3)
      return image.data[((Math.floor(p / 128) * 4 + 2) * 512 + (p % 128) * 4 + 2) * 3 + (i % 3)] as number
    })
    expect(meanAbsDiff(pointSampled, theirs)).toBeGreaterThan(2 * meanAbsDiff(ours, theirs))
  })

  it('fills what lies outside the image and keeps flat areas flat at any fractional frame', () => {
    const data = Buffer.alloc(20 * 10 * 3, 200)
    const out = resampleRgb({ data, width: 20, height: 10 }, { x: -10.3, y: 2.7, width: 20.6, height: 5.1 }, 16, 8, { fill: 9 }).data
    // Left half of the frame is outside the image: fill; right half: the flat 200.
    expect(out[(4 * 16 + 2) * 3]).toBe(9)
    expect(out[(4 * 16 + 13) * 3]).toBeCloseTo(200, 4)
    for (let i = 0; i < out.length; i++) expect([9, 200].some((v) => Math.abs((out[i] as number) - v) < 1e-3)).toBe(true)
  })

  it('treats pixels outside `valid` as fill', () => {
    const data = Buffer.alloc(10 * 10 * 3, 50)
    const out = resampleRgb({ data, width: 10, height: 10 }, { x: 0, y: 0, width: 10, height: 10 }, 10, 10, { valid: { x: 0, y: 0, width: 5, height: 10 }, fill: 127 }).data
    expect(out[(3 * 10 + 2) * 3]).toBe(50)
    expect(out[(3 * 10 + 7) * 3]).toBe(127)
  })
})
