// The timeline with stacks: each stack is one tile (the collapsed sequence, read by SQL with its index),
// and the photos of an expanded stack follow its tile. Those few are spliced in here, so a position
// means the same photo in assets.page, the month counts and a selection range asking ids by offset.

/** The other photos of one expanded stack, after the tile at collapsed position `rank`. */
export interface StackInsert<T> {
  rank: number
  extras: readonly T[]
}

/**
 * Rows `offset`..`offset + limit` of the expanded sequence. `inserts` are sorted by rank (distinct);
 * `fetch(offset, limit)` reads the collapsed sequence. At most one read, of at most `limit` rows.
 */
export function spliceWindow<T>(offset: number, limit: number, inserts: readonly StackInsert<T>[], fetch: (offset: number, limit: number) => T[]): T[] {
  const used = inserts.filter((i) => i.extras.length > 0)
  // Skip the stacks whose photos all lie before the window; `before` counts those photos.
  let i = 0
  let before = 0
  while (i < used.length && used[i]!.rank + before + used[i]!.extras.length < offset) {
    before += used[i]!.extras.length
    i++
  }
  const out: T[] = []
  let collapsed: number
  const first = used[i]
  if (first && offset > first.rank + before) {
    // The window starts inside this stack's photos (its tile is before the window).
    out.push(...first.extras.slice(offset - (first.rank + before) - 1))
    collapsed = first.rank + 1
    i++
  } else collapsed = offset - before
  if (out.length >= limit) return out.slice(0, limit)
  const rows = fetch(collapsed, limit - out.length)
  rows.forEach((row, j) => {
    out.push(row)
    const insert = used[i]
    if (insert && insert.rank === collapsed + j) {
      out.push(...insert.extras)
      i++
    }
  })
  return out.slice(0, limit)
}
