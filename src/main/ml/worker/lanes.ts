// Inference lanes: worker threads of the inference process, each with its own onnxruntime sessions
// (lane.worker.ts). onnxruntime-node's session.run holds the calling thread, so on the process's
// main thread requests run one after another, each spreading one operator at a time over the
// intra-op threads, which then wait for each other at every operator. Lanes run whole requests side
// by side instead. Measured on 2 cores with bench:embed's bare loops (it prints both layouts): a
// ViT-B/32-sized CLIP image encoder 87-97 images/s with 2 lanes of 1 thread against 60-81 with one
// session of 2 threads (21-25 against 25-35 CPU-ms per image); MobileNetV2 about as fast either way
// with ~10% less CPU. The process's main thread stays free for preprocessing and messages.
import { cpus } from 'node:os'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import ort from 'onnxruntime-node'
import type { ProviderAttempt, WorkerConfig, WorkerError } from './protocol'
import type { RunnableSession, SessionLike, SessionSource } from './sessions'

export interface LaneTensor {
  type: 'float32' | 'int32' | 'int64' | 'uint8' | 'int8' | 'bool'
  dims: number[]
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array
}

/** `source`: the model, sent with the first request for `key` on each lane. */
export type LaneRequest =
  | { kind: 'configure'; config: WorkerConfig }
  /** Ends the thread once its current run is done (see lane.worker.ts). */
  | { kind: 'close' }
  | { kind: 'describe'; id: number; key: string; source?: string | Uint8Array }
  | { kind: 'run'; id: number; key: string; source?: string | Uint8Array; feeds: Record<string, LaneTensor>; fetches?: string[] }

export type LaneReply =
  | {
      id: number
      ok: true
      kind: 'describe'
      provider: RunnableSession['provider']
      attempts: ProviderAttempt[]
      inputNames: string[]
      outputNames: string[]
      inputMetadata: ort.InferenceSession.ValueMetadata[]
      outputMetadata: ort.InferenceSession.ValueMetadata[]
    }
  | { id: number; ok: true; kind: 'run'; provider: RunnableSession['provider']; outputs: Record<string, LaneTensor> }
  | { id: number; ok: false; error: WorkerError }

/** Lanes and threads per lane for this machine: two lanes from 2 cores up, the cores shared between them. */
export function defaultLaneLayout(cores = cpus().length): { lanes: number; threadsPerLane: number } {
  const lanes = cores >= 2 ? 2 : 1
  return { lanes, threadsPerLane: Math.max(1, Math.floor(cores / lanes)) }
}

/** From source the thread loads its TypeScript through tsx; built, it is the 'inference-lane' bundle. */
function laneEntry(): { url: URL; execArgv: string[] } {
  const source = new URL('./lane.worker.ts', import.meta.url)
  if (existsSync(fileURLToPath(source))) {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
    return { url: source, execArgv: [...process.execArgv, '--import', tsx] }
  }
  return { url: new URL('./inference-lane.js', import.meta.url), execArgv: process.execArgv }
}

class LaneError extends Error {
  constructor(error: WorkerError) {
    super(error.message)
    this.name = error.name
    if (error.code) (this as { code?: string }).code = error.code
  }
}

/** A lane thread that could not start at all (its entry missing or unloadable in this build). */
export class LaneUnavailableError extends Error {
  readonly code = 'LANE_UNAVAILABLE'
  constructor(cause?: unknown) {
    super(`The inference lane thread could not start${cause instanceof Error ? `: ${cause.message}` : ''}`, { cause })
    this.name = 'LaneUnavailableError'
  }
}

interface Pending {
  resolve(reply: LaneReply & { ok: true }): void
  reject(error: Error): void
}

type LaneMessage = { kind: 'describe' } | { kind: 'run'; feeds: Record<string, LaneTensor>; fetches: string[] }

/** One lane thread; started on first use, started again after it dies (what it held fails). */
class Lane {
  private worker: Worker | undefined
  private readonly pending = new Map<number, Pending>()
  /** Keys whose model the current thread has been sent (a new thread starts empty). */
  private known = new Set<string>()

  constructor(
    private readonly config: () => WorkerConfig,
    private readonly nextId: () => number,
  ) {}

  get load(): number {
    return this.pending.size
  }

  /** Sends a request for the session `key`, with its model when this thread has not had it yet. */
  request(message: LaneMessage, key: string, source: string | Uint8Array): Promise<LaneReply & { ok: true }> {
    let w: Worker
    try {
      w = this.thread()
    } catch (error) {
      return Promise.reject(error as Error)
    }
    const first = !this.known.has(key)
    this.known.add(key)
    const id = this.nextId()
    const reply = new Promise<LaneReply & { ok: true }>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      w.ref()
      w.postMessage({ ...message, id, key, ...(first ? { source } : {}) } satisfies LaneRequest)
    })
    // A failed first request (a model that does not load) must send the model again next time.
    if (first) reply.catch(() => w === this.worker && this.known.delete(key))
    return reply
  }

  private thread(): Worker {
    if (this.worker) return this.worker
    const entry = laneEntry()
    let w: Worker
    try {
      w = new Worker(entry.url, { name: 'inference-lane', execArgv: entry.execArgv })
    } catch (error) {
      throw new LaneUnavailableError(error)
    }
    this.worker = w
    this.known = new Set()
    let answered = false
    w.postMessage({ kind: 'configure', config: this.config() } satisfies LaneRequest)
    w.on('message', (reply: LaneReply) => {
      answered = true
      const p = this.pending.get(reply.id)
      if (!p) return
      this.pending.delete(reply.id)
      if (this.pending.size === 0) w.unref()
      if (reply.ok) p.resolve(reply)
      else p.reject(new LaneError(reply.error))
    })
    const died = (error?: Error) => {
      if (this.worker !== w) return
      this.worker = undefined
      // A thread that never answered did not start: the caller may run elsewhere instead.
      this.failPending(answered ? (error ?? new Error('the inference lane stopped')) : new LaneUnavailableError(error))
    }
    w.on('error', died)
    w.on('exit', () => died())
    w.unref()
    return w
  }

  private failPending(error: Error): void {
    const held = [...this.pending.values()]
    this.pending.clear()
    for (const p of held) p.reject(error)
  }

  /** Fails what waits here, lets the thread finish its current run, and waits for it to end. */
  async close(): Promise<void> {
    const w = this.worker
    this.worker = undefined
    this.failPending(new Error('the inference lanes were closed'))
    if (!w) return
    const exited = new Promise((resolve) => w.once('exit', resolve))
    w.postMessage({ kind: 'close' } satisfies LaneRequest)
    // Only if a run never ends: terminating during session.run can abort the process.
    const lastResort = setTimeout(() => void w.terminate(), 30_000)
    await exited
    clearTimeout(lastResort)
  }
}

const toLaneTensor = (t: ort.Tensor): LaneTensor => ({ type: t.type as LaneTensor['type'], dims: [...t.dims], data: t.data as LaneTensor['data'] })

/**
 * Sessions that run on lanes, with the SessionPool's interface: `get` resolves once the first lane
 * has made the session (its provider and inputs/outputs are known); each run goes to the lane with
 * the fewest requests waiting, which makes its own session of the same model on first use.
 */
export function createLanePool(count: number, laneConfig: () => WorkerConfig): SessionSource & { close(): Promise<void> } {
  let nextId = 1
  const lanes = Array.from({ length: Math.max(1, count) }, () => new Lane(laneConfig, () => nextId++))
  const sessions = new Map<string, Promise<RunnableSession>>()

  function leastBusy(): Lane {
    return lanes.reduce((best, lane) => (lane.load < best.load ? lane : best))
  }

  async function create(key: string, load: () => Promise<string | Uint8Array>, spread: boolean): Promise<RunnableSession> {
    const source = await load()
    const described = await lanes[0]!.request({ kind: 'describe' }, key, source)
    if (described.kind !== 'describe') throw new Error('lane answered a describe with a run')
    let provider = described.provider
    const session: SessionLike = {
      inputNames: described.inputNames,
      outputNames: described.outputNames,
      inputMetadata: described.inputMetadata,
      outputMetadata: described.outputMetadata,
      async run(feeds, fetches) {
        const laneFeeds: Record<string, LaneTensor> = {}
        for (const [name, t] of Object.entries(feeds)) laneFeeds[name] = toLaneTensor(t)
        const reply = await (spread ? leastBusy() : lanes[0]!).request({ kind: 'run', feeds: laneFeeds, fetches }, key, source)
        if (reply.kind !== 'run') throw new Error('lane answered a run with a describe')
        provider = reply.provider
        const out: Record<string, ort.Tensor> = {}
        for (const [name, t] of Object.entries(reply.outputs)) out[name] = new ort.Tensor(t.type, t.data as never, t.dims)
        return out
      },
    }
    return {
      session,
      get provider() {
        return provider
      },
      attempts: described.attempts,
    }
  }

  return {
    get(key, load, options) {
      let pending = sessions.get(key)
      if (!pending) {
        pending = create(key, load, options?.spread ?? true)
        // A failed creation must not stick: the next request tries again.
        pending.catch(() => sessions.delete(key))
        sessions.set(key, pending)
      }
      return pending
    },
    async close() {
      sessions.clear()
      await Promise.all(lanes.map((lane) => lane.close()))
    },
  }
}
