// First-fit ranges of the prepared-input file: lowest range first, merging on free, refusing a
// double free.
import { describe, expect, it } from 'vitest'
import { FreeExtents } from './free-extents'

describe('FreeExtents', () => {
  it('hands out ranges from the start, one after another', () => {
    const space = new FreeExtents(100)
    expect(space.take(30)).toBe(0)
    expect(space.take(30)).toBe(30)
    expect(space.take(40)).toBe(60)
    expect(space.take(1)).toBeUndefined()
    expect(space.freeBytes).toBe(0)
  })

  it('reuses the lowest freed range that fits', () => {
    const space = new FreeExtents(100)
    const a = space.take(20)!
    const b = space.take(20)!
    space.take(20)
    space.give(b, 20)
    space.give(a, 20)
    // a and b merged into 0..40: a 30-byte range fits at 0.
    expect(space.take(30)).toBe(0)
    expect(space.take(10)).toBe(30)
    expect(space.take(40)).toBe(60)
  })

  it('merges a freed range with both neighbours', () => {
    const space = new FreeExtents(90)
    const a = space.take(30)!
    const b = space.take(30)!
    const c = space.take(30)!
    space.give(a, 30)
    space.give(c, 30)
    expect(space.take(60)).toBeUndefined() // 60 free, but in two pieces
    space.give(b, 30)
    expect(space.take(90)).toBe(0)
  })

  it('refuses when the free bytes are there but not in one piece', () => {
    const space = new FreeExtents(60)
    const a = space.take(20)!
    space.take(20)
    space.give(a, 20)
    expect(space.freeBytes).toBe(40)
    expect(space.take(40)).toBeUndefined()
    expect(space.take(20)).toBe(0)
  })

  it('throws on a double free, a range outside the space, and nonsense sizes', () => {
    const space = new FreeExtents(50)
    const a = space.take(10)!
    space.give(a, 10)
    expect(() => space.give(a, 10)).toThrow(/free already/)
    space.take(10)
    expect(() => space.give(5, 10)).toThrow(/free already/) // overlaps the free 10..50
    expect(() => space.give(45, 10)).toThrow(RangeError)
    expect(() => space.give(-1, 2)).toThrow(RangeError)
    expect(() => space.take(0)).toThrow(RangeError)
    expect(() => space.take(1.5)).toThrow(RangeError)
    expect(() => new FreeExtents(-1)).toThrow(RangeError)
  })

  it('a space of no bytes hands out nothing', () => {
    expect(new FreeExtents(0).take(1)).toBeUndefined()
  })

  it('stays consistent under many random takes and gives', () => {
    const space = new FreeExtents(10_000)
    const held = new Map<number, number>()
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let step = 0; step < 5000; step++) {
      if (held.size > 0 && random() < 0.45) {
        const offsets = [...held.keys()]
        const offset = offsets[Math.floor(random() * offsets.length)]!
        space.give(offset, held.get(offset)!)
        held.delete(offset)
      } else {
        const bytes = 1 + Math.floor(random() * 400)
        const offset = space.take(bytes)
        if (offset === undefined) continue
        // No overlap with any range held.
        for (const [o, b] of held) expect(offset + bytes <= o || o + b <= offset).toBe(true)
        held.set(offset, bytes)
      }
      const heldBytes = [...held.values()].reduce((s, b) => s + b, 0)
      expect(space.freeBytes).toBe(10_000 - heldBytes)
    }
  })
})
