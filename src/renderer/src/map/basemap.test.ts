import { describe, expect, it } from 'vitest'
import { unwrapRing } from './basemap'

describe('unwrapRing', () => {
  it('makes a ring across the antimeridian continuous, so no edge spans the world', () => {
    // Fiji-like: east of 179 and west of -179.
    const ring = [
      [179.5, -16],
      [-179.5, -16],
      [-179.5, -17],
      [179.5, -17],
      [179.5, -16],
    ]
    expect(unwrapRing(ring)).toEqual([
      [179.5, -16],
      [180.5, -16],
      [180.5, -17],
      [179.5, -17],
      [179.5, -16],
    ])
  })

  it('leaves a ring round a pole, and any ordinary ring, as it is', () => {
    const antarctica = [
      [-180, -80],
      [0, -70],
      [180, -80],
      [-180, -89.9],
      [-180, -80],
    ]
    expect(unwrapRing(antarctica)).toEqual(antarctica)
    const france = [
      [2, 48],
      [3, 48],
      [3, 49],
      [2, 48],
    ]
    expect(unwrapRing(france)).toEqual(france)
  })
})
