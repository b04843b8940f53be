// npm run bench:search:hybrid [-- --assets 100000]: latency of a whole hybrid query (query
// understanding, FTS5 BM25 over the words around photos, tag matches, a 512-d HNSW vector leg,
// reciprocal rank fusion, summaries) on a synthetic library, beside the bare FTS5 MATCH and the bare
// usearch search doing their parts of the same queries in the same run.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createApp } from '../src/main/app'
import { createSearchService, buildTextDocument } from '../src/main/search'
import { createVectorIndex } from '../src/main/search/vector'
import { expandTagQuery } from '../src/main/ml'
import { seededRandom } from '../src/main/platform/seeded-random'

const { values } = parseArgs({ options: { assets: { type: 'string', default: '100000' } } })
const N = Number(values.assets)
const DIMS = 512
const work = mkdtempSync(join(tmpdir(), 'photohouse-bench-hybrid-'))
const random = seededRandom(7)
const WORDS = ['beach', 'sunset', 'mountain', 'birthday', 'garden', 'paris', 'dog', 'cat', 'snow', 'lake', 'city', 'party', 'forest', 'wedding', 'kids']
const TAGS = ['dog', 'cat', 'seashore', 'alp', 'lakeside', 'balloon', 'pizza', 'bicycle', 'car', 'flower']
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!

const app = createApp({ libraryDir: join(work, 'lib'), log: () => {} })
const { assets, roots, search: searchRepo } = app.repositories
const rootId = roots.add('/bench/photos')
const index = createVectorIndex({ dir: join(work, 'vectors'), modelId: 'bench-512', dimensions: DIMS, saveDebounceMs: false })
console.log(`Building a library of ${N} synthetic assets (text documents, tags, ${DIMS}-d vectors)...`)
const t0 = performance.now()
const ids: number[] = []
const vectors: Float32Array[] = []
app.db.transaction(() => {
  for (let i = 0; i < N; i++) {
    const folder = `${pick(WORDS)} ${2000 + (i % 25)}`
    const path = `/bench/photos/${folder}/IMG_${i}.jpg`
    const { assetId } = assets.attachFile({ sha256: i.toString(16).padStart(64, '0'), size: 1, path, rootId, mtimeMs: 0 })
    const sortMs = Date.UTC(2000 + (i % 25), i % 12, 1 + (i % 28))
    assets.setMetadata(assetId, { mime: 'image/jpeg', fileSize: 1, width: 4000, height: 3000, orientation: 1, takenAt: new Date(sortMs).toISOString().slice(0, 19), sortMs, make: 'Canon', model: `EOS ${i % 7}D`, lens: null, exposureTime: null, fNumber: null, iso: null, focalLength: null, lat: null, lon: null, alt: null })
    assets.markReady(assetId, { width: 4000, height: 3000, phash: '0' })
    const tag = pick(TAGS)
    app.repositories.analysis.saveTags(assetId, { tags: [{ label: tag, score: 0.3 + 0.7 * random(), kind: 'label' }], modelId: 'bench', modelVersion: '1', device: 'cpu', features: new Float32Array(4) })
    searchRepo.upsertText(assetId, buildTextDocument({ ...searchRepo.textSourceOf(assetId)!, places: [], ocr: [], people: [] }))
    const v = new Float32Array(DIMS)
    for (let d = 0; d < DIMS; d++) v[d] = random() - 0.5
    ids.push(assetId)
    vectors.push(v)
  }
})()
index.add(ids, vectors)
console.log(`  built in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

const service = createSearchService({
  search: searchRepo,
  assets,
  expandTagQuery,
  semantic: {
    similarTo: async () => [],
    // The vector leg as CLIP would run it, minus the text encoder: one HNSW search per query.
    textToImage: async (_text, limit) => index.search(vectors[Math.floor(random() * vectors.length)]!, limit).map((h) => ({ assetId: h.id, score: h.score })),
  },
})
const queries = ['beach', 'sunset 2012', 'dog', 'garden party', 'paris', 'canon eos', 'kids snow', 'lake', 'mountain 2019', 'cat']
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]!

async function time(fn: (q: string) => unknown, rounds = 5): Promise<number[]> {
  const out: number[] = []
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const t = performance.now()
      await fn(q)
      out.push(performance.now() - t)
    }
  }
  return out
}

await time((q) => service.query(q), 1) // warm caches
const hybrid = await time((q) => service.query(q))
const bareFts = await time((q) => searchRepo.matchText(`"${q.split(' ')[0]}"*`, {}, 500))
const bareVector = await time(() => index.search(vectors[0]!, 500))
console.log(`hybrid query (understand + FTS5 + tags + HNSW + RRF + summaries), ${N} assets: p50 ${percentile(hybrid, 0.5).toFixed(1)} ms, p95 ${percentile(hybrid, 0.95).toFixed(1)} ms`)
console.log(`bare FTS5 MATCH (500 rows): p50 ${percentile(bareFts, 0.5).toFixed(1)} ms, p95 ${percentile(bareFts, 0.95).toFixed(1)} ms`)
console.log(`bare usearch search (k=500): p50 ${percentile(bareVector, 0.5).toFixed(1)} ms, p95 ${percentile(bareVector, 0.95).toFixed(1)} ms`)
const bareSum = percentile(bareFts, 0.95) + percentile(bareVector, 0.95)
console.log(`ratio (bare FTS + bare vector p95) / hybrid p95: ${(bareSum / percentile(hybrid, 0.95)).toFixed(2)}`)
await index.close()
await app.close()
rmSync(work, { recursive: true, force: true })
