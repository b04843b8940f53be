// onnxruntime sessions, created once per model file and reused. Each session tries the configured
// execution providers in order (CUDA -> DirectML -> CoreML -> CPU) and remembers which one it got,
// so every result can say where it ran.
import ort from 'onnxruntime-node'
import type { ExecutionProviderName, ProviderAttempt, WorkerConfig } from './protocol'

/**
 * What inference code needs of a session: its inputs/outputs and run. An onnxruntime session, or
 * one that runs on an inference lane (lanes.ts).
 */
export interface SessionLike {
  readonly inputNames: readonly string[]
  readonly outputNames: readonly string[]
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[]
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[]
  run(feeds: Record<string, ort.Tensor>, fetches: string[]): Promise<Record<string, ort.Tensor>>
}

export interface RunnableSession {
  session: SessionLike
  provider: ExecutionProviderName
  attempts: ProviderAttempt[]
}

export interface PooledSession extends RunnableSession {
  session: ort.InferenceSession
}

/**
 * Sessions by key, made on first use from what `load` returns (a model path or bytes). `spread`
 * (lanes only): runs may go to any lane, each then holding its own copy of the model; false keeps
 * the model on one lane (text queries: one at a time, latency matters, no second copy wanted).
 */
export interface SessionSource<S extends RunnableSession = RunnableSession> {
  get(key: string, load: () => Promise<string | Uint8Array>, options?: { spread?: boolean }): Promise<S>
}

/** onnxruntime's backend names for our provider names. */
const BACKEND_NAME: Record<ExecutionProviderName, string> = { cuda: 'cuda', dml: 'dml', coreml: 'coreml', cpu: 'cpu' }

// Failed provider attempts are reported back in `attempts`; onnxruntime's own stderr dump of the same
// failure (e.g. a missing CUDA library on every CPU-only machine) would only be noise.
ort.env.logLevel = 'fatal'

function backendsInThisBuild(): Set<string> {
  try {
    return new Set(ort.listSupportedBackends().map((b) => b.name))
  } catch {
    return new Set(['cpu'])
  }
}

export function providerOrder(config: WorkerConfig): ExecutionProviderName[] {
  const order = config.providers.filter((p, i, all) => all.indexOf(p) === i)
  if (!order.includes('cpu')) order.push('cpu')
  return order
}

export async function createSessionWithFallback(
  model: string | Uint8Array,
  config: WorkerConfig,
): Promise<PooledSession> {
  const available = backendsInThisBuild()
  const attempts: ProviderAttempt[] = []
  for (const provider of providerOrder(config)) {
    if (!available.has(BACKEND_NAME[provider])) {
      attempts.push({ provider, error: 'not available in this onnxruntime build' })
      continue
    }
    const options: ort.InferenceSession.SessionOptions = {
      executionProviders: [BACKEND_NAME[provider]],
      graphOptimizationLevel: 'all',
      // Warnings about unused initializers in zoo models are noise in our logs.
      logSeverityLevel: 3,
      ...(config.intraOpThreads ? { intraOpNumThreads: config.intraOpThreads } : {}),
      ...(config.interOpThreads ? { interOpNumThreads: config.interOpThreads } : {}),
      // onnxruntime's pool threads busy-wait between operators by default. This process also decodes
      // the next batch (libvips, wasm) while a session runs, on machines with as few as 2 cores: spinning
      // threads took that CPU away (measured: classify pipeline at half the bare session.run rate, the
      // decode starved). Sleeping threads cost a wake-up per parallel operator instead.
      extra: { session: { 'intra_op.allow_spinning': '0', 'inter_op.allow_spinning': '0' } },
    }
    try {
      const session =
        typeof model === 'string'
          ? await ort.InferenceSession.create(model, options)
          : await ort.InferenceSession.create(model, options)
      attempts.push({ provider })
      return { session, provider, attempts }
    } catch (error) {
      attempts.push({ provider, error: error instanceof Error ? error.message.split('\n')[0] : String(error) })
    }
  }
  throw new Error(`No execution provider could load the model: ${attempts.map((a) => `${a.provider}: ${a.error}`).join('; ')}`)
}

/** Sessions by key (model id + file + variant); concurrent first requests share one creation. */
export function createSessionPool(getConfig: () => WorkerConfig) {
  const sessions = new Map<string, Promise<PooledSession>>()
  return {
    get(key: string, load: () => Promise<string | Uint8Array>): Promise<PooledSession> {
      let pending = sessions.get(key)
      if (!pending) {
        pending = load().then((model) => createSessionWithFallback(model, getConfig()))
        // A failed creation must not stick: the next request tries again.
        pending.catch(() => sessions.delete(key))
        sessions.set(key, pending)
      }
      return pending
    },
    async clear(): Promise<void> {
      const all = [...sessions.values()]
      sessions.clear()
      for (const p of all) await p.then((s) => s.session.release()).catch(() => undefined)
    },
  }
}
export type SessionPool = ReturnType<typeof createSessionPool>
