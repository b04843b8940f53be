// Inference lanes: worker threads of the inference process, each with its own onnxruntime sessions
// (lane.worker.ts). onnxruntime-node's session.run holds the calling thread, so on the process's
// main thread requests run one after another, each spreading one operator at a time over the
// intra-op threads, which then wait for each other at every operator. Lanes run whole requests side
// by side instead. Measured on 2 cores (npm run bench:embed prints both): a ViT-B/32-sized CLIP
// image encoder 56 -> 72-77 images/s (35 -> 25 CPU-ms per image) with 2 lanes of 1 thread against
// 1 session of 2 threads; MobileNetV2 the same speed with ~10% less CPU. The main thread stays free
// for preprocessing and messages.
import { cpus } from 'node:os'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
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

function laneEntry(): URL {
  const source = new URL('./lane.worker.ts', import.meta.url)
  if (existsSync(fileURLToPath(source))) return source
  // Bundled by electron-vite: the 'inference-lane' entry beside the worker bundle.
  return new URL('./inference-lane.js', import.meta.url)
}

class LaneError extends Error {
  constructor(error: WorkerError) {
    super(error.message)
    this.name = error.name
    if (error.code) (this as { code?: string }).code = error.code
  }
}

interface Pending {
  resolve(reply: LaneReply & { ok: true }): void
  reject(error: Error): void
}

/** One lane thread; started on first use, started again after it dies (what it held fails). */
class Lane {
  private worker: Worker | undefined
  private readonly pending = new Map<number, Pending>()
  /** Keys whose model this thread has been sent (a new thread starts empty). */
  readonly known = new Set<string>()

  constructor(private readonly config: () => WorkerConfig) {}

  get load(): number {
    return this.pending.size
  }

  request(message: Exclude<LaneRequest, { kind: 'configure' }>): Promise<LaneReply & { ok: true }> {
    const w = this.thread()
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject })
      w.ref()
      w.postMessage(message)
    })
  }

  private thread(): Worker {
    if (this.worker) return this.worker
    const w = new Worker(laneEntry(), { name: 'inference-lane' })
    this.worker = w
    this.known.clear()
    w.postMessage({ kind: 'configure', config: this.config() } satisfies LaneRequest)
    w.on('message', (reply: LaneReply) => {
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
      const held = [...this.pending.values()]
      this.pending.clear()
      for (const p of held) p.reject(error ?? new Error('the inference lane stopped'))
    }
    w.on('error', died)
    w.on('exit', () => died())
    w.unref()
    return w
  }

  async close(): Promise<void> {
    const w = this.worker
    this.worker = undefined
    if (w) await w.terminate()
  }
}

const toLaneTensor = (t: ort.Tensor): LaneTensor => ({ type: t.type as LaneTensor['type'], dims: [...t.dims], data: t.data as LaneTensor['data'] })

/**
 * Sessions that run on lanes, with the SessionPool's interface: `get` resolves once the first lane
 * has made the session (its provider and inputs/outputs are known); each run goes to the lane with
 * the fewest requests waiting, which makes its own session of the same model on first use.
 */
export function createLanePool(count: number, laneConfig: () => WorkerConfig): SessionSource & { close(): Promise<void> } {
  const lanes = Array.from({ length: Math.max(1, count) }, () => new Lane(laneConfig))
  const sessions = new Map<string, Promise<RunnableSession>>()
  let nextId = 1

  function send(lane: Lane, key: string, source: string | Uint8Array, message: { kind: 'describe' } | { kind: 'run'; feeds: Record<string, LaneTensor>; fetches: string[] }) {
    const first = !lane.known.has(key)
    lane.known.add(key)
    const reply = lane.request({ ...message, id: nextId++, key, ...(first ? { source } : {}) })
    // A failed first request (a model that does not load) must send the model again next time.
    if (first) reply.catch(() => lane.known.delete(key))
    return reply
  }

  function leastBusy(): Lane {
    return lanes.reduce((best, lane) => (lane.load < best.load ? lane : best))
  }

  async function create(key: string, load: () => Promise<string | Uint8Array>, spread: boolean): Promise<RunnableSession> {
    const source = await load()
    const described = await send(lanes[0]!, key, source, { kind: 'describe' })
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
        const reply = await send(spread ? leastBusy() : lanes[0]!, key, source, { kind: 'run', feeds: laneFeeds, fetches })
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
