import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Index, MetricKind, ScalarKind } from 'usearch'
import {
  SIDECAR_FORMAT,
  SIDECAR_VERSION,
  fileChecksum,
  fsyncPath,
  publishIndexFiles,
  readSidecar,
  removeQuietly,
  verifyIndexFile,
  writeFileDurably,
  type VectorIndexPaths,
  type VectorIndexSidecar,
  type VectorQuantization,
} from './vector-index-file'
import { toKeys, validateVector } from './vector-keys'

export type VectorId = number | bigint

export interface VectorEntry {
  id: VectorId
  vector: Float32Array
}

export interface VectorSearchHit {
  /** The caller's id (e.g. an asset rowid); always a safe integer. */
  id: number
  /** Cosine similarity in [-1, 1]; higher is closer. */
  score: number
}

export interface VectorSearchOptions {
  /** Keeps only ids for which it returns true. Applied by over-fetching, see `search`. */
  filter?: (id: number) => boolean
}

export type VectorLoadMode = 'auto' | 'load' | 'view'

export type VectorIndexLoadResult =
  | { status: 'loaded'; mode: 'load' | 'view'; count: number }
  | { status: 'missing' }
  | { status: 'corrupt'; reason: string }
  | { status: 'incompatible'; reason: string }

export type VectorIndexOpenResult =
  | Extract<VectorIndexLoadResult, { status: 'loaded' }>
  | { status: 'rebuilt'; count: number; cause: Exclude<VectorIndexLoadResult['status'], 'loaded'>; reason: string }

export type VectorSource = Iterable<VectorEntry> | AsyncIterable<VectorEntry>

export interface VectorIndexOptions {
  /** Folder next to the catalog; created on first save. */
  dir: string
  /** Names the file: `<dir>/<modelId>.usearch`. Letters, digits, `.`, `_`, `-` only. */
  modelId: string
  dimensions: number
  metric?: 'cos'
  /** f16 halves RAM and file size at a small recall cost; f32 is the default. */
  quantization?: VectorQuantization
  /** HNSW graph degree. Default 16 (usearch's). */
  connectivity?: number
  /** Candidate list size while inserting. Default 128 (usearch's). */
  expansionAdd?: number
  /**
   * Candidate list size while searching; raises recall and latency. A number fixes it; a function
   * gets the index size at each query. Default: `expansionSearchFor`, which grows with the size.
   */
  expansionSearch?: number | ((size: number) => number)
  /** Mutations are saved at most once per this many ms; `false` disables auto-save. Default 2000. */
  saveDebounceMs?: number | false
  /** `load({ mode: 'auto' })` memory-maps (read-only view) files at least this big. Default 256 MiB. */
  viewAboveBytes?: number
  /** Threads for batch inserts; 0 = all cores. */
  addThreads?: number
  /** Called when a debounced background save fails (explicit `save()` rejects instead). */
  onSaveError?: (error: Error) => void
  /**
   * Never write the files: a reader of a library (the CLI's reporting commands, beside a running
   * app) keeps an index it had to rebuild in memory, since the library's folder is the app's.
   */
  readOnly?: boolean
}

export interface VectorIndex {
  readonly modelId: string
  readonly dimensions: number
  readonly paths: VectorIndexPaths
  /** Number of live vectors. */
  size(): number
  /** True while the index is a read-only memory map of its file (it is copied into RAM on the first change). */
  isViewed(): boolean
  has(id: VectorId): boolean
  /** Inserts or replaces (same id ⇒ the new vector wins). */
  add(ids: readonly VectorId[], vectors: readonly Float32Array[]): void
  /** Returns how many of the ids were present. */
  remove(ids: readonly VectorId[]): number
  search(vector: Float32Array, k: number, options?: VectorSearchOptions): VectorSearchHit[]
  /** Writes atomically (tmp + rename) now; no-op when nothing changed since the last save. */
  save(): Promise<void>
  load(options?: { mode?: VectorLoadMode }): Promise<VectorIndexLoadResult>
  /** Replaces the whole index with `source` (e.g. vectors read back from SQLite) and saves. */
  rebuildFrom(source: VectorSource): Promise<number>
  /** `load()`, and if the file is missing, corrupt or incompatible, `rebuildFrom(source())`. */
  loadOrRebuild(source: () => VectorSource, options?: { mode?: VectorLoadMode }): Promise<VectorIndexOpenResult>
  /** Saves pending changes and stops the debounce timer. */
  close(): Promise<void>
}

/**
 * HNSW parameters. expansionSearch is doubled from usearch's 64: text→image queries land far
 * from the image clusters (CLIP's modality gap), where a narrow beam misses neighbours, and at
 * this size a query still costs about a millisecond. It is a runtime setting (not stored in the
 * file), so changing it needs no rebuild.
 */
export const VECTOR_INDEX_DEFAULTS = { connectivity: 16, expansionAdd: 128, expansionSearch: 128 } as const

/** Up to this many vectors the default beam (VECTOR_INDEX_DEFAULTS.expansionSearch) is enough. */
const EXPANSION_FLAT_UP_TO = 100_000
/** Growth of the beam with size beyond that: beam ∝ size^0.4. */
const EXPANSION_GROWTH = 0.4
const EXPANSION_MAX = 1024

/**
 * The default search beam for an index of `size` vectors. An HNSW graph of fixed degree needs a
 * wider beam as it grows to keep the same recall: on bench:search's clustered 512-d data,
 * recall@10 at beam 128 was 0.976 with 100k vectors but 0.917 with 1M (0.948 at beam 256). A
 * beam growing as size^0.4 from 128 at 100k gives ~320 at 1M, where the measured gain per
 * doubling (misses x0.63) puts recall@10 at ~0.955, while libraries up to 100k photos keep the
 * cheaper beam they had. Latency grows about linearly with the beam, still around a millisecond.
 */
export function expansionSearchFor(size: number): number {
  const base = VECTOR_INDEX_DEFAULTS.expansionSearch
  if (size <= EXPANSION_FLAT_UP_TO) return base
  return Math.min(EXPANSION_MAX, Math.ceil(base * (size / EXPANSION_FLAT_UP_TO) ** EXPANSION_GROWTH))
}

const MODEL_ID_PATTERN = /^[A-Za-z0-9._-]+$/
const REBUILD_BATCH = 4096
// Below this, spawning usearch's worker threads costs more than it saves.
const PARALLEL_ADD_MIN = 256

export function vectorIndexPaths(dir: string, modelId: string): VectorIndexPaths {
  const indexFile = join(dir, `${modelId}.usearch`)
  return { indexFile, sidecarFile: `${indexFile}.json` }
}

export function createVectorIndex(options: VectorIndexOptions): VectorIndex {
  return new UsearchVectorIndex(options)
}

class UsearchVectorIndex implements VectorIndex {
  readonly modelId: string
  readonly dimensions: number
  readonly paths: VectorIndexPaths
  readonly #options: Required<Omit<VectorIndexOptions, 'onSaveError' | 'expansionSearch'>> &
    Pick<VectorIndexOptions, 'onSaveError' | 'expansionSearch'>
  #index: Index
  #viewed = false
  #generation = 0
  #savedGeneration = 0
  #saveTimer: NodeJS.Timeout | undefined
  #saveChain: Promise<void> = Promise.resolve()

  constructor(options: VectorIndexOptions) {
    if (!MODEL_ID_PATTERN.test(options.modelId)) {
      throw new Error(`Vector index: model id "${options.modelId}" may only contain letters, digits, ".", "_" and "-"`)
    }
    if (!Number.isInteger(options.dimensions) || options.dimensions <= 0) {
      throw new Error(`Vector index: dimensions must be a positive integer, got ${options.dimensions}`)
    }
    if ((options.metric ?? 'cos') !== 'cos') throw new Error(`Vector index: only the cosine metric is supported`)
    this.#options = {
      dir: options.dir,
      modelId: options.modelId,
      dimensions: options.dimensions,
      metric: 'cos',
      quantization: options.quantization ?? 'f32',
      connectivity: options.connectivity ?? VECTOR_INDEX_DEFAULTS.connectivity,
      expansionAdd: options.expansionAdd ?? VECTOR_INDEX_DEFAULTS.expansionAdd,
      expansionSearch: options.expansionSearch,
      saveDebounceMs: options.saveDebounceMs ?? 2000,
      viewAboveBytes: options.viewAboveBytes ?? 256 * 1024 * 1024,
      addThreads: options.addThreads ?? 0,
      onSaveError: options.onSaveError,
      readOnly: options.readOnly ?? false,
    }
    this.modelId = options.modelId
    this.dimensions = options.dimensions
    this.paths = vectorIndexPaths(options.dir, options.modelId)
    this.#index = this.#newIndex()
  }

  size(): number {
    return this.#index.size()
  }

  isViewed(): boolean {
    return this.#viewed
  }

  has(id: VectorId): boolean {
    const present = this.#index.contains(toKeys([id])) as boolean[]
    return present[0] === true
  }

  add(ids: readonly VectorId[], vectors: readonly Float32Array[]): void {
    if (ids.length !== vectors.length) {
      throw new Error(`Vector index: ${ids.length} ids but ${vectors.length} vectors`)
    }
    if (ids.length === 0) return
    vectors.forEach((v, i) => validateVector(v, this.dimensions, `vector #${i}`))
    const keys = toKeys(ids)
    this.#ensureMutable()
    insertReplacing(this.#index, keys, vectors, this.dimensions, this.#options.addThreads)
    this.#markDirty()
  }

  remove(ids: readonly VectorId[]): number {
    if (ids.length === 0) return 0
    const keys = toKeys(ids)
    // Skip the copy-on-write of a viewed index when there is nothing to remove.
    if (!(this.#index.contains(keys) as boolean[]).some(Boolean)) return 0
    this.#ensureMutable()
    const removed = (this.#index.remove(keys) as number[]).reduce((sum, n) => sum + n, 0)
    if (removed > 0) this.#markDirty()
    return removed
  }

  search(vector: Float32Array, k: number, options: VectorSearchOptions = {}): VectorSearchHit[] {
    validateVector(vector, this.dimensions, 'query')
    if (!Number.isInteger(k) || k <= 0) throw new Error(`Vector index: k must be a positive integer, got ${k}`)
    const total = this.#index.size()
    if (total === 0) return []
    const { filter } = options
    if (!filter) return this.#searchRaw(vector, Math.min(k, total))

    // The Node binding has no predicate search, so over-fetch and filter, widening the net
    // until k survivors are found or the whole index has been asked for. A very selective
    // filter (a small album) is better served by exactVectorSearch over its own vectors.
    let fetch = Math.min(total, Math.max(k * 4, 64))
    for (;;) {
      const hits = this.#searchRaw(vector, fetch).filter((hit) => filter(hit.id))
      if (hits.length >= k || fetch >= total) return hits.slice(0, k)
      fetch = Math.min(total, fetch * 4)
    }
  }

  save(): Promise<void> {
    this.#clearTimer()
    if (this.#options.readOnly) return this.#saveChain
    const run = this.#saveChain.then(() => this.#writeSnapshot())
    this.#saveChain = run.catch(() => undefined)
    return run
  }

  async load(options: { mode?: VectorLoadMode } = {}): Promise<VectorIndexLoadResult> {
    await this.#saveChain
    const { indexFile, sidecarFile } = this.paths
    if (!existsSync(indexFile)) return { status: 'missing' }
    const read = await readSidecar(sidecarFile)
    if (!read.ok) return { status: 'corrupt', reason: read.reason }
    const sidecar = read.sidecar
    const mismatch = this.#incompatibility(sidecar)
    if (mismatch) return { status: 'incompatible', reason: mismatch }
    const damage = await verifyIndexFile(indexFile, sidecar)
    if (damage) return { status: 'corrupt', reason: damage }

    const mode = options.mode ?? 'auto'
    // A memory map keeps a big index out of the JS process' private memory. Windows cannot
    // rename over a mapped file, and the binding has no unmap, so there we always copy.
    const view =
      mode === 'view' ||
      (mode === 'auto' && sidecar.byteLength >= this.#options.viewAboveBytes && process.platform !== 'win32')
    const fresh = this.#newIndex()
    try {
      if (view) fresh.view(indexFile)
      else fresh.load(indexFile)
    } catch (error) {
      return { status: 'corrupt', reason: `usearch could not read the file: ${(error as Error).message}` }
    }
    // usearch adopts the file's own dimensions on load, so check them against what we expect.
    if (fresh.dimensions() !== this.dimensions) {
      return { status: 'incompatible', reason: `file has ${fresh.dimensions()} dimensions, expected ${this.dimensions}` }
    }
    if (fresh.size() !== sidecar.count) {
      return { status: 'corrupt', reason: `file holds ${fresh.size()} vectors, sidecar expects ${sidecar.count}` }
    }
    this.#clearTimer()
    this.#index = fresh
    this.#viewed = view
    this.#savedGeneration = this.#generation
    return { status: 'loaded', mode: view ? 'view' : 'load', count: fresh.size() }
  }

  async rebuildFrom(source: VectorSource): Promise<number> {
    const fresh = this.#newIndex()
    let ids: VectorId[] = []
    let vectors: Float32Array[] = []
    const flush = (): void => {
      insertReplacing(fresh, toKeys(ids), vectors, this.dimensions, this.#options.addThreads)
      ids = []
      vectors = []
    }
    for await (const entry of source) {
      validateVector(entry.vector, this.dimensions, `vector for id ${entry.id}`)
      ids.push(entry.id)
      vectors.push(entry.vector)
      if (ids.length >= REBUILD_BATCH) flush()
    }
    if (ids.length > 0) flush()
    // Only swap once the whole source was read: a failing source leaves the old index in place.
    this.#index = fresh
    this.#viewed = false
    this.#generation++
    await this.save()
    return fresh.size()
  }

  async loadOrRebuild(source: () => VectorSource, options: { mode?: VectorLoadMode } = {}): Promise<VectorIndexOpenResult> {
    const loaded = await this.load(options)
    if (loaded.status === 'loaded') return loaded
    const count = await this.rebuildFrom(source())
    const reason = loaded.status === 'missing' ? 'index file missing' : loaded.reason
    return { status: 'rebuilt', count, cause: loaded.status, reason }
  }

  async close(): Promise<void> {
    this.#clearTimer()
    if (this.#generation !== this.#savedGeneration) await this.save()
    else await this.#saveChain
  }

  #newIndex(): Index {
    return new Index({
      dimensions: this.dimensions,
      metric: MetricKind.Cos,
      quantization: this.#options.quantization === 'f16' ? ScalarKind.F16 : ScalarKind.F32,
      connectivity: this.#options.connectivity,
      expansion_add: this.#options.expansionAdd,
      // The base beam; a growing index widens it per query (#searchRaw).
      expansion_search: this.#builtExpansion(),
      multi: false,
    })
  }

  #searchRaw(vector: Float32Array, k: number): VectorSearchHit[] {
    // usearch's beam is max(expansion_search, k) and the Node binding cannot change expansion_search
    // after construction (nor is it stored in the file), so a wider beam for a big index is asked
    // for by fetching that many candidates and keeping the best k.
    const total = this.#index.size()
    const policy = this.#options.expansionSearch ?? expansionSearchFor
    const beam = typeof policy === 'number' ? policy : policy(total)
    const fetch = beam > this.#builtExpansion() ? Math.min(total, Math.max(k, Math.ceil(beam))) : k
    // One query gains nothing from usearch's thread pool; threads = 1 avoids its spawn cost.
    const matches = this.#index.search(vector, fetch, 1)
    const hits: VectorSearchHit[] = []
    for (let i = 0; i < Math.min(k, matches.keys.length); i++) {
      // usearch reports cosine *distance* (1 - similarity).
      hits.push({ id: Number(matches.keys[i]), score: 1 - (matches.distances[i] ?? 1) })
    }
    return hits
  }

  /** The beam usearch's index is constructed with (what a plain `search(k)` gets). */
  #builtExpansion(): number {
    const policy = this.#options.expansionSearch
    return typeof policy === 'number' ? policy : VECTOR_INDEX_DEFAULTS.expansionSearch
  }

  #ensureMutable(): void {
    if (!this.#viewed) return
    // Copy-on-write: the memory map is read-only, so the first change loads the file into RAM.
    const copy = this.#newIndex()
    copy.load(this.paths.indexFile)
    this.#index = copy
    this.#viewed = false
  }

  #incompatibility(sidecar: VectorIndexSidecar): string | null {
    if (sidecar.modelId !== this.modelId) return `sidecar is for model ${sidecar.modelId}, expected ${this.modelId}`
    if (sidecar.dimensions !== this.dimensions) return `sidecar has ${sidecar.dimensions} dimensions, expected ${this.dimensions}`
    if (sidecar.quantization !== this.#options.quantization) {
      return `sidecar quantization ${sidecar.quantization}, expected ${this.#options.quantization}`
    }
    return null
  }

  #markDirty(): void {
    this.#generation++
    const delay = this.#options.saveDebounceMs
    if (delay === false || this.#saveTimer) return
    // Coalesce: one save per window however many mutations arrive, and the window does not
    // restart on each change, so a steady stream of adds still gets persisted.
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined
      this.save().catch((error: unknown) => this.#options.onSaveError?.(error as Error))
    }, delay)
    this.#saveTimer.unref()
  }

  #clearTimer(): void {
    if (this.#saveTimer) clearTimeout(this.#saveTimer)
    this.#saveTimer = undefined
  }

  async #writeSnapshot(): Promise<void> {
    const { indexFile, sidecarFile } = this.paths
    if (this.#generation === this.#savedGeneration && existsSync(indexFile) && existsSync(sidecarFile)) return
    const generation = this.#generation
    await mkdir(this.#options.dir, { recursive: true })
    const tmp: VectorIndexPaths = {
      indexFile: `${indexFile}.${process.pid}.tmp`,
      sidecarFile: `${sidecarFile}.${process.pid}.tmp`,
    }
    try {
      // usearch's save is synchronous, so the snapshot is consistent even if adds follow.
      this.#index.save(tmp.indexFile)
      const count = this.#index.size()
      await fsyncPath(tmp.indexFile)
      const { byteLength, crc32 } = await fileChecksum(tmp.indexFile)
      const sidecar: VectorIndexSidecar = {
        format: SIDECAR_FORMAT,
        version: SIDECAR_VERSION,
        modelId: this.modelId,
        dimensions: this.dimensions,
        metric: 'cos',
        quantization: this.#options.quantization,
        count,
        byteLength,
        crc32,
        savedAt: new Date().toISOString(),
      }
      await writeFileDurably(tmp.sidecarFile, `${JSON.stringify(sidecar, null, 2)}\n`)
      await publishIndexFiles(tmp, this.paths, this.#options.dir)
      this.#savedGeneration = generation
    } catch (error) {
      await removeQuietly(tmp.indexFile, tmp.sidecarFile)
      throw new Error(`Vector index: saving ${indexFile} failed: ${(error as Error).message}`, { cause: error })
    }
  }
}

/** Adds keys → vectors, replacing existing keys (usearch refuses duplicates) and letting the last duplicate in a batch win. */
function insertReplacing(
  index: Index,
  keys: BigUint64Array,
  vectors: readonly Float32Array[],
  dimensions: number,
  threads: number,
): void {
  const lastPosition = new Map<bigint, number>()
  keys.forEach((key, i) => lastPosition.set(key, i))
  const uniqueKeys = BigUint64Array.from(lastPosition.keys())
  const flat = new Float32Array(uniqueKeys.length * dimensions)
  let row = 0
  for (const position of lastPosition.values()) {
    flat.set(vectors[position] as Float32Array, row * dimensions)
    row++
  }
  const present = index.contains(uniqueKeys) as boolean[]
  const existing = uniqueKeys.filter((_, i) => present[i] === true)
  if (existing.length > 0) index.remove(existing)
  index.add(uniqueKeys, flat, uniqueKeys.length >= PARALLEL_ADD_MIN ? threads : 1)
}
