import { describe, expect, it } from 'vitest'
import { spliceWindow, type StackInsert } from './stack-splice'

/** The whole expanded sequence, written the obvious way. */
function expandAll(collapsed: readonly string[], inserts: readonly StackInsert<string>[]): string[] {
  return collapsed.flatMap((row, rank) => [row, ...(inserts.find((i) => i.rank === rank)?.extras ?? [])])
}

describe('spliceWindow', () => {
  const collapsed = Array.from({ length: 12 }, (_, i) => `c${i}`)
  const inserts: StackInsert<string>[] = [
    { rank: 0, extras: ['s0a', 's0b'] },
    { rank: 3, extras: [] },
    { rank: 4, extras: ['s4a'] },
    { rank: 5, extras: ['s5a', 's5b', 's5c'] },
    { rank: 11, extras: ['s11a', 's11b'] },
  ]
  const full = expandAll(collapsed, inserts)

  it('every window equals the same slice of the expanded sequence, with one read of at most `limit` rows', () => {
    for (let offset = 0; offset <= full.length + 2; offset++) {
      for (let limit = 1; limit <= full.length + 2; limit++) {
        const reads: [number, number][] = []
        const window = spliceWindow(offset, limit, inserts, (o, l) => {
          reads.push([o, l])
          return collapsed.slice(o, o + l)
        })
        expect(window, `offset ${offset}, limit ${limit}`).toEqual(full.slice(offset, offset + limit))
        expect(reads.length).toBeLessThanOrEqual(1)
        for (const [, l] of reads) expect(l).toBeLessThanOrEqual(limit)
      }
    }
  })

  it('without expanded stacks it is the collapsed sequence', () => {
    expect(spliceWindow(2, 3, [], (o, l) => collapsed.slice(o, o + l))).toEqual(['c2', 'c3', 'c4'])
  })
})
