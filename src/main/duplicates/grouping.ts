// Finding every pair of 64-bit pHashes within a Hamming distance, at library scale, and grouping the
// pairs. All-pairs is n²/2 (5e9 comparisons at 100k photos); multi-index hashing (Norouzi et al.)
// splits each hash into 4 bands of 16 bits: two hashes within distance d agree within floor(d/4) bits
// on at least one band (pigeonhole), so each hash only looks up the band values within that radius
// of its own, in tables indexed by band value. Exact: no pair within d is missed.

/** Hashes as two 32-bit halves (typed arrays: 100k hashes in 800 KB, no BigInt in the loops). */
export interface HashTable {
  hi: Uint32Array
  lo: Uint32Array
}

export function parseHashes(hex: readonly string[]): HashTable {
  const hi = new Uint32Array(hex.length)
  const lo = new Uint32Array(hex.length)
  for (let i = 0; i < hex.length; i++) {
    const h = hex[i]!
    if (!/^[0-9a-f]{16}$/i.test(h)) throw new Error(`not a 64-bit hex hash: "${h}"`)
    hi[i] = parseInt(h.slice(0, 8), 16) >>> 0
    lo[i] = parseInt(h.slice(8), 16) >>> 0
  }
  return { hi, lo }
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  x = (x + (x >>> 4)) & 0x0f0f0f0f
  return Math.imul(x, 0x01010101) >>> 24
}

export function distanceAt(t: HashTable, i: number, j: number): number {
  return popcount32(t.hi[i]! ^ t.hi[j]!) + popcount32(t.lo[i]! ^ t.lo[j]!)
}

const BANDS = 4
const BAND_BITS = 16
const BAND_VALUES = 1 << BAND_BITS

function band(t: HashTable, i: number, b: number): number {
  switch (b) {
    case 0:
      return t.hi[i]! >>> 16
    case 1:
      return t.hi[i]! & 0xffff
    case 2:
      return t.lo[i]! >>> 16
    default:
      return t.lo[i]! & 0xffff
  }
}

/** Every 16-bit mask with at most `radius` bits set (the band values to look up around a band value). */
function masksUpTo(radius: number): Uint32Array {
  const masks: number[] = []
  for (let m = 0; m < BAND_VALUES; m++) if (popcount32(m) <= radius) masks.push(m)
  return Uint32Array.from(masks)
}

/** Pairs (i < j) with their distance, as parallel arrays. */
export interface Pairs {
  a: number[]
  b: number[]
  distance: number[]
}

/**
 * Every pair of hashes at most `maxDistance` bits apart. Each band's table is a counting sort of
 * the hashes by band value (offsets + members), so a lookup is two array reads. A pair agreeing in
 * several bands is reported once: by the first band in which it is within the radius.
 */
export function findPairs(t: HashTable, maxDistance: number): Pairs {
  const n = t.hi.length
  const radius = Math.floor(maxDistance / BANDS)
  const masks = masksUpTo(radius)
  const offsets: Uint32Array[] = []
  const members: Uint32Array[] = []
  for (let b = 0; b < BANDS; b++) {
    const start = new Uint32Array(BAND_VALUES + 1)
    for (let i = 0; i < n; i++) start[band(t, i, b) + 1]!++
    for (let v = 0; v < BAND_VALUES; v++) start[v + 1]! += start[v]!
    const fill = start.slice(0, BAND_VALUES)
    const list = new Uint32Array(n)
    for (let i = 0; i < n; i++) list[fill[band(t, i, b)]!++] = i
    offsets.push(start)
    members.push(list)
  }
  const out: Pairs = { a: [], b: [], distance: [] }
  const own = new Uint32Array(BANDS)
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < BANDS; b++) own[b] = band(t, i, b)
    for (let b = 0; b < BANDS; b++) {
      const start = offsets[b]!
      const list = members[b]!
      const value = own[b]!
      for (let m = 0; m < masks.length; m++) {
        const probe = value ^ masks[m]!
        for (let k = start[probe]!, end = start[probe + 1]!; k < end; k++) {
          const j = list[k]!
          if (j <= i) continue
          // Reported already by an earlier band where the two are within the radius too.
          let earlier = false
          for (let e = 0; e < b && !earlier; e++) earlier = popcount32(own[e]! ^ band(t, j, e)) <= radius
          if (earlier) continue
          const d = distanceAt(t, i, j)
          if (d <= maxDistance) {
            out.a.push(i)
            out.b.push(j)
            out.distance.push(d)
          }
        }
      }
    }
  }
  return out
}

/** Union-find with path halving and union by size, over 0..n-1. */
export class DisjointSets {
  private readonly parent: Uint32Array
  private readonly size: Uint32Array
  constructor(n: number) {
    this.parent = new Uint32Array(n)
    this.size = new Uint32Array(n).fill(1)
    for (let i = 0; i < n; i++) this.parent[i] = i
  }
  find(x: number): number {
    const p = this.parent
    while (p[x] !== x) {
      p[x] = p[p[x]!]!
      x = p[x]!
    }
    return x
  }
  union(a: number, b: number): void {
    let ra = this.find(a)
    let rb = this.find(b)
    if (ra === rb) return
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra]
    this.parent[rb] = ra
    this.size[ra]! += this.size[rb]!
  }
  /** The sets of more than one member, each in ascending order, ordered by their smallest member. */
  groups(): number[][] {
    const byRoot = new Map<number, number[]>()
    for (let i = 0; i < this.parent.length; i++) {
      const r = this.find(i)
      if (this.size[r]! < 2) continue
      const members = byRoot.get(r)
      if (members) members.push(i)
      else byRoot.set(r, [i])
    }
    return [...byRoot.values()]
  }
}

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!
    na += a[i]! * a[i]!
    nb += b[i]! * b[i]!
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb)
}
