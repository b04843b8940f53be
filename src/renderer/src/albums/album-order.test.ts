import { describe, expect, it } from 'vitest'
import { placeBefore } from './album-order'

describe('placeBefore (move earlier / later in an album)', () => {
  const order = [1, 2, 3, 4, 5]
  it('moves one photo past its neighbour', () => {
    expect(placeBefore(order, new Set([3]), -1)).toBe(2)
    expect(placeBefore(order, new Set([3]), 1)).toBe(5)
    expect(placeBefore(order, new Set([4]), 1)).toBeNull()
  })
  it('stops at the ends', () => {
    expect(placeBefore(order, new Set([1]), -1)).toBeUndefined()
    expect(placeBefore(order, new Set([5]), 1)).toBeUndefined()
    expect(placeBefore(order, new Set([4, 5]), 1)).toBeUndefined()
  })
  it('moves a block as one', () => {
    expect(placeBefore(order, new Set([2, 3]), -1)).toBe(1)
    expect(placeBefore(order, new Set([2, 3]), 1)).toBe(5)
  })
})
