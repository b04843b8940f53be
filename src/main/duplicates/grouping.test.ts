import { describe, expect, it } from 'vitest'
import { seededRandom } from '../platform/seeded-random'
import { DisjointSets, distanceAt, findPairs, parseHashes, popcount32 } from './grouping'

const hex = (hi: number, lo: number) => (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0')

describe('pHash pair search', () => {
  it('popcount and distance agree with bit counting', () => {
    expect(popcount32(0)).toBe(0)
    expect(popcount32(0xffffffff)).toBe(32)
    expect(popcount32(0x80000001)).toBe(2)
    const t = parseHashes(['ffffffffffffffff', '0000000000000000', 'fffffffffffffff0'])
    expect(distanceAt(t, 0, 1)).toBe(64)
    expect(distanceAt(t, 0, 2)).toBe(4)
  })

  it.each([0, 3, 6, 12])('finds exactly the pairs all-pairs finds, within distance %i', (maxDistance) => {
    const random = seededRandom(maxDistance + 1)
    const u32 = () => Math.floor(random() * 2 ** 32)
    const hashes: string[] = []
    for (let i = 0; i < 400; i++) {
      const hi = u32()
      const lo = u32()
      hashes.push(hex(hi, lo))
      // Planted near copies: a few bits flipped, anywhere in the 64.
      if (i % 4 === 0) {
        let h = hi
        let l = lo
        const flips = Math.floor(random() * (maxDistance + 3))
        for (let f = 0; f < flips; f++) {
          const bit = Math.floor(random() * 64)
          if (bit < 32) h ^= 1 << bit
          else l ^= 1 << (bit - 32)
        }
        hashes.push(hex(h, l))
      }
    }
    const table = parseHashes(hashes)
    const expected: string[] = []
    for (let i = 0; i < hashes.length; i++) for (let j = i + 1; j < hashes.length; j++) if (distanceAt(table, i, j) <= maxDistance) expected.push(`${i}-${j}`)
    const found = findPairs(table, maxDistance)
    const got = found.a.map((a, k) => `${a}-${found.b[k]}`)
    expect(got.sort()).toEqual(expected.sort())
    expect(expected.length).toBeGreaterThan(10)
    found.distance.forEach((d, k) => expect(d).toBe(distanceAt(table, found.a[k]!, found.b[k]!)))
  })

  it('groups connected pairs', () => {
    const sets = new DisjointSets(6)
    sets.union(0, 1)
    sets.union(1, 2)
    sets.union(4, 5)
    expect(sets.groups()).toEqual([
      [0, 1, 2],
      [4, 5],
    ])
  })
})
