import { describe, expect, it } from 'vitest'
import { decodeUpright } from './image'
import { ImagePyramid } from './pyramid'
import { realPhoto } from './real-photos'

describe('ImagePyramid', () => {
  it('makes each level once and crops big regions from a smaller level with nearly the same result', async () => {
    const { image } = await decodeUpright(realPhoto.astronaut)
    const direct = new ImagePyramid(image).crop({ x: 120, y: 20, width: 240, height: 240 }, 64, 64).data
    const pyramid = new ImagePyramid(image)
    const level = await pyramid.level(0.5)
    expect(await pyramid.level(0.5)).toBe(level)
    expect(level.image.width).toBe(256)
    // 240 px -> 64 px needs only 128 px of source: the 0.5 level (120 px) is too small, so the
    // crop must still come from the full image...
    expect(pyramid.crop({ x: 120, y: 20, width: 240, height: 240 }, 64, 64).data).toEqual(direct)
    // ...whereas a 32 px crop can use the level, and comes out close to the direct one.
    const fromLevel = pyramid.crop({ x: 120, y: 20, width: 240, height: 240 }, 32, 32).data
    const fromBase = new ImagePyramid(image).crop({ x: 120, y: 20, width: 240, height: 240 }, 32, 32).data
    expect(fromLevel).not.toEqual(fromBase)
    let diff = 0
    for (let i = 0; i < fromLevel.length; i++) diff += Math.abs((fromLevel[i] as number) - (fromBase[i] as number))
    expect(diff / fromLevel.length).toBeLessThan(3)
  })

  it('hands out one reused buffer per crop size', async () => {
    const { image } = await decodeUpright(realPhoto.astronaut)
    const pyramid = new ImagePyramid(image)
    const first = pyramid.crop({ x: 0, y: 0, width: 100, height: 100 }, 16, 16).data
    const firstCopy = Float32Array.from(first)
    const second = pyramid.crop({ x: 300, y: 300, width: 100, height: 100 }, 16, 16).data
    expect(second).toBe(first)
    expect(second).not.toEqual(firstCopy)
    expect(pyramid.crop({ x: 0, y: 0, width: 100, height: 100 }, 8, 8).data).not.toBe(first)
  })
})
