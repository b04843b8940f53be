import { Index, MetricKind, ScalarKind } from 'usearch'
import type { ClusteringControl } from './types'

export interface Neighbour {
  /** Position of the neighbour in insertion order. */
  index: number
  /** Cosine distance, 1 - cosine similarity. */
  distance: number
}

const CHUNK = 2048

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('Clustering aborted', 'AbortError')
}

/** Lets abort signals and progress events through between synchronous native batches. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Approximate nearest neighbours over face embeddings (usearch HNSW, cosine). Keys are insertion
 * positions, so callers keep their own arrays. Adds and searches run in native batches with a
 * yield in between, so a 100k recluster can report progress and be cancelled.
 */
export class FaceNeighbourIndex {
  readonly dimensions: number
  #index: Index
  #size = 0

  constructor(dimensions: number) {
    this.dimensions = dimensions
    this.#index = new Index({
      dimensions,
      metric: MetricKind.Cos,
      // f16 halves memory and speeds distance maths; face distances need ~1e-3 precision at most.
      quantization: ScalarKind.F16,
      connectivity: 16,
      expansion_add: 128,
      expansion_search: 64,
      multi: false,
    })
  }

  get size(): number {
    return this.#size
  }

  /** Adds vectors (L2-normalised, `dimensions` each); returns their indices. */
  async add(vectors: readonly Float32Array[], control: ClusteringControl = {}, progressOffset = 0, progressTotal = vectors.length): Promise<number[]> {
    const first = this.#size
    for (let start = 0; start < vectors.length; start += CHUNK) {
      throwIfAborted(control.signal)
      const batch = vectors.slice(start, start + CHUNK)
      const flat = new Float32Array(batch.length * this.dimensions)
      batch.forEach((v, i) => {
        if (v.length !== this.dimensions) throw new RangeError(`Embedding has ${v.length} dimensions, expected ${this.dimensions}`)
        flat.set(v, i * this.dimensions)
      })
      const keys = new BigUint64Array(batch.length)
      for (let i = 0; i < batch.length; i++) keys[i] = BigInt(first + start + i)
      this.#index.add(keys, flat, 0)
      control.onProgress?.({ phase: 'index', done: progressOffset + start + batch.length, total: progressTotal })
      if (vectors.length > CHUNK) await yieldToEventLoop()
    }
    this.#size += vectors.length
    return vectors.map((_, i) => first + i)
  }

  /** k nearest indexed faces of one vector, nearest first (may include the vector itself if indexed). */
  search(vector: Float32Array, k: number): Neighbour[] {
    if (this.#size === 0) return []
    const matches = this.#index.search(vector, Math.min(k, this.#size), 0)
    const out: Neighbour[] = []
    for (let i = 0; i < matches.keys.length; i++) out.push({ index: Number(matches.keys[i]), distance: matches.distances[i] as number })
    return out
  }

  /** k nearest neighbours of many vectors, batched; result[i] belongs to vectors[i]. */
  async searchMany(vectors: readonly Float32Array[], k: number, control: ClusteringControl = {}): Promise<Neighbour[][]> {
    const result: Neighbour[][] = []
    const kk = Math.min(k, this.#size)
    if (kk === 0) return vectors.map(() => [])
    for (let start = 0; start < vectors.length; start += CHUNK) {
      throwIfAborted(control.signal)
      const batch = vectors.slice(start, start + CHUNK)
      const flat = new Float32Array(batch.length * this.dimensions)
      batch.forEach((v, i) => flat.set(v, i * this.dimensions))
      const matches = this.#index.search(flat, kk, 0)
      if (batch.length === 1) {
        const single = matches as unknown as { keys: BigUint64Array; distances: Float32Array }
        result.push(Array.from(single.keys, (key, i) => ({ index: Number(key), distance: single.distances[i] as number })))
      } else {
        const batchMatches = matches as unknown as { keys: BigUint64Array; distances: Float32Array; counts: BigUint64Array }
        for (let q = 0; q < batch.length; q++) {
          const count = Number(batchMatches.counts[q])
          const row: Neighbour[] = []
          for (let j = 0; j < count; j++) {
            row.push({ index: Number(batchMatches.keys[q * kk + j]), distance: batchMatches.distances[q * kk + j] as number })
          }
          result.push(row)
        }
      }
      control.onProgress?.({ phase: 'neighbours', done: start + batch.length, total: vectors.length })
      if (vectors.length > CHUNK) await yieldToEventLoop()
    }
    return result
  }
}
