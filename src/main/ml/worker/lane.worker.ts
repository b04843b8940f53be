// One inference lane: a worker thread of the inference process with its own onnxruntime sessions.
// onnxruntime-node runs session.run synchronously on the calling thread, so sessions on the
// process's main thread run one at a time; lanes run side by side (see lanes.ts for why that is
// faster than one session with more threads). Bundled as the 'inference-lane' entry.
import { parentPort } from 'node:worker_threads'
import ort from 'onnxruntime-node'
import type { LaneReply, LaneRequest, LaneTensor } from './lanes'
import type { WorkerConfig } from './protocol'
import { createSessionPool, type PooledSession } from './sessions'

const port = parentPort
if (!port) throw new Error('lane.worker must run in a worker thread')

// Replaced by the first message (lanes.ts configures every lane before anything else).
let config: WorkerConfig = { providers: ['cpu'] }
const pool = createSessionPool(() => config)
/** What each key's session was made from, sent with the first request that needs it here. */
const sources = new Map<string, string | Uint8Array>()

function session(key: string, source: string | Uint8Array | undefined): Promise<PooledSession> {
  if (source !== undefined) sources.set(key, source)
  const from = sources.get(key)
  if (from === undefined) return Promise.reject(new Error(`lane: no model source for session ${key}`))
  return pool.get(key, async () => from)
}

const metadataOf = (s: PooledSession) => ({
  provider: s.provider,
  attempts: s.attempts,
  inputNames: [...s.session.inputNames],
  outputNames: [...s.session.outputNames],
  inputMetadata: structuredClone([...s.session.inputMetadata]),
  outputMetadata: structuredClone([...s.session.outputMetadata]),
})

async function handle(request: Extract<LaneRequest, { id: number }>): Promise<{ reply: LaneReply; transfer: ArrayBuffer[] }> {
  const s = await session(request.key, request.source)
  if (request.kind === 'describe') return { reply: { id: request.id, ok: true, kind: 'describe', ...metadataOf(s) }, transfer: [] }
  const feeds: Record<string, ort.Tensor> = {}
  for (const [name, t] of Object.entries(request.feeds)) feeds[name] = new ort.Tensor(t.type, t.data as never, t.dims)
  // Outputs the graph does not have are left out rather than failing the run (an optional output,
  // e.g. pooled features that could not be added to a graph).
  const fetches = request.fetches?.filter((name) => s.session.outputNames.includes(name))
  const out = fetches ? await s.session.run(feeds, fetches) : await s.session.run(feeds)
  const outputs: Record<string, LaneTensor> = {}
  const transfer: ArrayBuffer[] = []
  for (const [name, value] of Object.entries(out)) {
    const tensor = value as ort.Tensor
    const data = tensor.data as LaneTensor['data']
    outputs[name] = { type: tensor.type as LaneTensor['type'], dims: [...tensor.dims], data }
    if (data.buffer instanceof ArrayBuffer) transfer.push(data.buffer)
  }
  return { reply: { id: request.id, ok: true, kind: 'run', provider: s.provider, outputs }, transfer }
}

// Closing is a message, handled between runs: a thread terminated from outside while onnxruntime is
// inside session.run takes the whole process down (Napi::Error, abort).
let closing = false
let active = 0
async function exitWhenIdle(): Promise<void> {
  if (!closing || active > 0) return
  await pool.clear()
  process.exit(0)
}

port.on('message', (request: LaneRequest) => {
  if (request.kind === 'configure') {
    config = request.config
    return
  }
  if (request.kind === 'close') {
    closing = true
    void exitWhenIdle()
    return
  }
  if (closing) {
    port.postMessage({ id: request.id, ok: false, error: { name: 'Error', message: 'the inference lane is closing' } } satisfies LaneReply)
    return
  }
  active++
  handle(request)
    .finally(() => {
      active--
      void exitWhenIdle()
    })
    .then(
      ({ reply, transfer }) => port.postMessage(reply, transfer),
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error))
        const code = (e as { code?: unknown }).code
        port.postMessage({ id: request.id, ok: false, error: { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) } } satisfies LaneReply)
      },
    )
})
