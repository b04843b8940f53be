import { exactSearch, MetricKind, type Matches } from 'usearch'
import type { VectorEntry, VectorSearchHit } from './vector-index'
import { toKeys, validateVector } from './vector-keys'

/**
 * Brute-force cosine search over the given entries (usearch's SIMD exact search). For a very
 * selective filter — an album of a few hundred photos — ranking their own vectors exactly is
 * both faster and more complete than over-fetching from the HNSW graph.
 */
export function exactVectorSearch(query: Float32Array, entries: readonly VectorEntry[], k: number): VectorSearchHit[] {
  if (!Number.isInteger(k) || k <= 0) throw new Error(`Exact search: k must be a positive integer, got ${k}`)
  if (entries.length === 0) return []
  const dimensions = query.length
  validateVector(query, dimensions, 'query')
  const ids = toKeys(entries.map((e) => e.id))
  const dataset = new Float32Array(entries.length * dimensions)
  entries.forEach((entry, i) => {
    validateVector(entry.vector, dimensions, `vector for id ${String(entry.id)}`)
    dataset.set(entry.vector, i * dimensions)
  })
  // The binding's exactSearch reads the query's whole ArrayBuffer from byte 0, ignoring a
  // subarray's offset, so hand it a standalone copy when the query is a view.
  const standaloneQuery = query.byteOffset === 0 && query.buffer.byteLength === query.byteLength ? query : query.slice()
  const matches = exactSearch(dataset, standaloneQuery, dimensions, Math.min(k, entries.length), MetricKind.Cos, 1) as Matches
  const hits: VectorSearchHit[] = []
  for (let i = 0; i < matches.keys.length; i++) {
    // exactSearch returns row numbers into the dataset, not our ids.
    const row = Number(matches.keys[i])
    hits.push({ id: Number(ids[row]), score: 1 - (matches.distances[i] ?? 1) })
  }
  return hits
}
