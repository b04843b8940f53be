/**
 * Near-duplicate grouping benchmark: PhotoHouse's grouping (multi-index pHash search + vector check
 * + union-find, src/main/duplicates) beside a bare usearch loop doing the same search (a binary
 * Hamming HNSW index over the same 64-bit hashes, each hash's neighbours within the distance).
 *
 *   npm run bench:duplicates                      # 100k assets
 *   options: --size 100000  --copies 10000  --distance 6  --dims 512  --k 16
 *
 * Synthetic library: random 64-bit hashes, and planted near copies of random originals (1 to
 * `distance` bits flipped, an image vector close to the original's). Recall is the share of planted
 * (original, copy) pairs found. Uniform random hashes are kinder to both than real pHashes, which
 * cluster (dark photos, skies): the bands' buckets and HNSW's neighbourhoods fill up more there.
 */
import { Index, MetricKind, ScalarKind, type BatchMatches } from 'usearch'
import { cosine, DisjointSets, findPairs, parseHashes } from '../src/main/duplicates'
import { seededRandom } from '../src/main/platform/seeded-random'

function parseArgs(argv: string[]) {
  const get = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`)
    const value = i >= 0 ? Number(argv[i + 1]) : fallback
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`)
    return value
  }
  return { size: get('size', 100_000), copies: get('copies', 10_000), distance: get('distance', 6), dims: get('dims', 512), k: get('k', 16) }
}

const args = parseArgs(process.argv.slice(2))
const random = seededRandom(12)
const u32 = () => Math.floor(random() * 2 ** 32) >>> 0

// ── The synthetic library ──
const originals = args.size - args.copies
const hi = new Uint32Array(args.size)
const lo = new Uint32Array(args.size)
const vectors: Float32Array[] = []
const planted: [number, number][] = []
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
for (let i = 0; i < originals; i++) {
  hi[i] = u32()
  lo[i] = u32()
  vectors.push(Float32Array.from({ length: args.dims }, gaussian))
}
for (let i = originals; i < args.size; i++) {
  const of = Math.floor(random() * originals)
  let h = hi[of]!
  let l = lo[of]!
  const flips = 1 + Math.floor(random() * args.distance)
  const flipped = new Set<number>()
  while (flipped.size < flips) flipped.add(Math.floor(random() * 64))
  for (const bit of flipped) {
    if (bit < 32) h ^= 1 << bit
    else l ^= 1 << (bit - 32)
  }
  hi[i] = h >>> 0
  lo[i] = l >>> 0
  // A re-encoded copy's vector: the original's plus a little noise (cosine ~0.98).
  vectors.push(Float32Array.from(vectors[of]!, (v) => v + 0.2 * gaussian()))
  planted.push([of, i])
}
const hex = Array.from({ length: args.size }, (_, i) => hi[i]!.toString(16).padStart(8, '0') + lo[i]!.toString(16).padStart(8, '0'))

// ── PhotoHouse: the service's grouping path, without the catalog ──
const VECTOR_FLOOR = 0.85
const ours = (() => {
  const start = performance.now()
  const table = parseHashes(hex)
  const pairs = findPairs(table, args.distance)
  const sets = new DisjointSets(args.size)
  let confirmed = 0
  for (let p = 0; p < pairs.a.length; p++) {
    const a = pairs.a[p]!
    const b = pairs.b[p]!
    if (cosine(vectors[a]!, vectors[b]!) < VECTOR_FLOOR) continue
    sets.union(a, b)
    confirmed++
  }
  const groups = sets.groups()
  const ms = performance.now() - start
  const found = planted.filter(([a, b]) => sets.find(a) === sets.find(b)).length
  return { ms, pairs: pairs.a.length, confirmed, groups: groups.length, recall: found / planted.length }
})()

// ── Bare usearch: a binary Hamming index over the same hashes, k neighbours of each, within the distance ──
const bare = (() => {
  const start = performance.now()
  const bits = new Float32Array(args.size * 64)
  for (let i = 0; i < args.size; i++) {
    for (let b = 0; b < 32; b++) {
      bits[i * 64 + b] = (hi[i]! >>> (31 - b)) & 1
      bits[i * 64 + 32 + b] = (lo[i]! >>> (31 - b)) & 1
    }
  }
  const index = new Index({ dimensions: 64, metric: MetricKind.Hamming, quantization: ScalarKind.B1, connectivity: 16, expansion_add: 128, expansion_search: 64, multi: false })
  const keys = new BigUint64Array(args.size)
  for (let i = 0; i < args.size; i++) keys[i] = BigInt(i)
  index.add(keys, bits)
  const built = performance.now()
  const found = new Set<string>()
  const batch = 10_000
  for (let from = 0; from < args.size; from += batch) {
    const to = Math.min(args.size, from + batch)
    const result = index.search(bits.subarray(from * 64, to * 64), args.k, 0) as BatchMatches
    for (let q = from; q < to; q++) {
      const m = result.get(q - from)
      for (let r = 0; r < m.keys.length; r++) {
        const j = Number(m.keys[r]!)
        if (j !== q && m.distances[r]! <= args.distance) found.add(q < j ? `${q}-${j}` : `${j}-${q}`)
      }
    }
  }
  const ms = performance.now() - start
  const recall = planted.filter(([a, b]) => found.has(`${a}-${b}`)).length / planted.length
  return { ms, buildMs: built - start, pairs: found.size, recall }
})()

console.log(`duplicates bench: ${args.size} assets, ${args.copies} planted near copies (1-${args.distance} bits), ${args.dims}-d vectors`)
console.log(
  `  PhotoHouse grouping (multi-index pHash search, vector check, union-find): ${ours.ms.toFixed(0)} ms; ${ours.pairs} pairs within ${args.distance} bits, ${ours.confirmed} confirmed, ${ours.groups} groups; recall of planted pairs ${(ours.recall * 100).toFixed(2)}%`,
)
console.log(
  `  bare usearch (binary Hamming HNSW, k=${args.k}, same distance): ${bare.ms.toFixed(0)} ms (build ${bare.buildMs.toFixed(0)} ms); ${bare.pairs} pairs; recall of planted pairs ${(bare.recall * 100).toFixed(2)}%`,
)
console.log(`  ratio PhotoHouse / bare usearch: ${(ours.ms / bare.ms).toFixed(3)}`)
