import { Index, MetricKind, ScalarKind } from 'usearch'
import { seededRandom } from './synthetic'
import type { ClusteringControl } from './types'

export interface Neighbour {
  /** Position of the neighbour in insertion order. */
  index: number
  /** Cosine distance, 1 - cosine similarity. */
  distance: number
}

const CHUNK = 2048

/**
 * Multi-threaded HNSW inserts make the graph depend on thread timing, so the same faces could
 * cluster slightly differently run to run. Up to this many vectors we build single-threaded (fast
 * enough, reproducible); above it we take both cores.
 */
const DETERMINISTIC_UP_TO = 20_000

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('Clustering aborted', 'AbortError')
}

/** Lets abort signals and progress events through between synchronous native batches. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Very sparse random projection (Achlioptas / Li et al.): each output coordinate sums about
 * sqrt(inputs) randomly signed inputs. Distances are roughly preserved (Johnson-Lindenstrauss),
 * which is all candidate generation needs, at a fraction of a dense matrix product's cost.
 */
class SparseProjection {
  readonly #rows: { index: Int32Array; sign: Float32Array }[] = []

  constructor(inputs: number, outputs: number, seed = 0x5eed) {
    const random = seededRandom(seed)
    const density = 1 / Math.sqrt(inputs)
    for (let o = 0; o < outputs; o++) {
      const index: number[] = []
      const sign: number[] = []
      for (let i = 0; i < inputs; i++) {
        if (random() < density) {
          index.push(i)
          sign.push(random() < 0.5 ? -1 : 1)
        }
      }
      this.#rows.push({ index: Int32Array.from(index), sign: Float32Array.from(sign) })
    }
  }

  get outputs(): number {
    return this.#rows.length
  }

  apply(vector: Float32Array, out: Float32Array, offset: number): void {
    this.#rows.forEach(({ index, sign }, o) => {
      let sum = 0
      for (let j = 0; j < index.length; j++) sum += (sign[j] as number) * (vector[index[j] as number] as number)
      out[offset + o] = sum
    })
  }
}

/** Above this many dimensions the ANN graph is built on a random projection to this size. */
const PROJECTED_DIMENSIONS = 128

/**
 * Approximate nearest neighbours over face embeddings (usearch HNSW, cosine). Keys are insertion
 * positions, so callers keep their own arrays. The graph is built on a 128-d sparse random
 * projection (4x less work per distance than 512-d); every candidate is then re-ranked with its
 * exact full-dimensional cosine distance, so callers only ever see exact distances. Adds and
 * searches run in native batches with a yield in between, so a 100k recluster can report
 * progress and be cancelled.
 */
export class FaceNeighbourIndex {
  readonly dimensions: number
  #index: Index
  #size = 0
  /** Exact vectors by key, for re-ranking the candidates. */
  readonly #vectors: Float32Array[] = []
  readonly #projection: SparseProjection | undefined

  constructor(dimensions: number) {
    this.dimensions = dimensions
    this.#projection = dimensions > PROJECTED_DIMENSIONS ? new SparseProjection(dimensions, PROJECTED_DIMENSIONS) : undefined
    this.#index = new Index({
      dimensions: this.#projection?.outputs ?? dimensions,
      metric: MetricKind.Cos,
      // int8 storage is 4x smaller and ~4x faster to build than f32 on CPU; its small distance
      // error does not matter because callers re-rank candidates with exact float distances.
      quantization: ScalarKind.I8,
      connectivity: 16,
      expansion_add: 40,
      expansion_search: 40,
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
      for (const v of batch) {
        if (v.length !== this.dimensions) throw new RangeError(`Embedding has ${v.length} dimensions, expected ${this.dimensions}`)
      }
      const flat = this.#flatten(batch)
      const keys = new BigUint64Array(batch.length)
      for (let i = 0; i < batch.length; i++) keys[i] = BigInt(first + start + i)
      this.#index.add(keys, flat, this.#threads(first + vectors.length))
      control.onProgress?.({ phase: 'index', done: progressOffset + start + batch.length, total: progressTotal })
      if (vectors.length > CHUNK) await yieldToEventLoop()
    }
    this.#size += vectors.length
    for (const v of vectors) this.#vectors.push(v)
    return vectors.map((_, i) => first + i)
  }

  /** k nearest indexed faces of one vector, nearest first (may include the vector itself if indexed). */
  search(vector: Float32Array, k: number): Neighbour[] {
    if (this.#size === 0) return []
    const matches = this.#index.search(this.#flatten([vector]), Math.min(k, this.#size), this.#threads(this.#size))
    return this.#rerank(vector, Array.from(matches.keys, Number))
  }

  /** k nearest neighbours of many vectors, batched; result[i] belongs to vectors[i]. */
  async searchMany(vectors: readonly Float32Array[], k: number, control: ClusteringControl = {}): Promise<Neighbour[][]> {
    const result: Neighbour[][] = []
    const kk = Math.min(k, this.#size)
    if (kk === 0) return vectors.map(() => [])
    for (let start = 0; start < vectors.length; start += CHUNK) {
      throwIfAborted(control.signal)
      const batch = vectors.slice(start, start + CHUNK)
      const matches = this.#index.search(this.#flatten(batch), kk, this.#threads(this.#size))
      if (batch.length === 1) {
        const single = matches as unknown as { keys: BigUint64Array; distances: Float32Array }
        result.push(this.#rerank(batch[0] as Float32Array, Array.from(single.keys, Number)))
      } else {
        const batchMatches = matches as unknown as { keys: BigUint64Array; distances: Float32Array; counts: BigUint64Array }
        for (let q = 0; q < batch.length; q++) {
          const count = Number(batchMatches.counts[q])
          const keys: number[] = []
          for (let j = 0; j < count; j++) keys.push(Number(batchMatches.keys[q * kk + j]))
          result.push(this.#rerank(batch[q] as Float32Array, keys))
        }
      }
      control.onProgress?.({ phase: 'neighbours', done: start + batch.length, total: vectors.length })
      if (vectors.length > CHUNK) await yieldToEventLoop()
    }
    return result
  }

  /**
   * usearch sizes its per-thread scratch space on the first add, and a later search with more
   * threads fails ("Reserve capacity ahead of searches"), so searches use the same policy.
   */
  #threads(size: number): number {
    return size <= DETERMINISTIC_UP_TO ? 1 : 0
  }

  /** Vectors as one flat array in index space (projected when the index is). */
  #flatten(batch: readonly Float32Array[]): Float32Array {
    const width = this.#projection?.outputs ?? this.dimensions
    const flat = new Float32Array(batch.length * width)
    batch.forEach((v, i) => {
      if (this.#projection) this.#projection.apply(v, flat, i * width)
      else flat.set(v, i * width)
    })
    return flat
  }

  /** Exact cosine distances (vectors are unit length, so 1 - dot), nearest first. */
  #rerank(query: Float32Array, keys: number[]): Neighbour[] {
    const out: Neighbour[] = []
    for (const key of keys) {
      const v = this.#vectors[key]
      if (!v) continue
      let dot = 0
      for (let i = 0; i < v.length; i++) dot += (v[i] as number) * (query[i] as number)
      out.push({ index: key, distance: 1 - dot })
    }
    return out.sort((a, b) => a.distance - b.distance)
  }
}
