// Inference lanes on the real MobileNetV2: sessions made in lane threads describe the model and
// compute exactly what onnxruntime computes in this process, runs at once spread over the lanes,
// and the pool survives bad models and closes its threads.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import ort from 'onnxruntime-node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { sharedModelsDir } from '../testing/models-dir'
import { createLanePool, defaultLaneLayout, LaneUnavailableError } from './lanes'
import type { WorkerConfig } from './protocol'
import type { RunnableSession } from './sessions'
import { laneThreadOptions, startedThreads, type StartedThread } from './test-support/lane-threads'

// Real worker threads, loading lane.worker.ts through tsx as the app's inference process does (see
// test-support/lane-threads.ts), and recording what each thread is sent.
vi.mock('node:worker_threads', async (importOriginal) => {
  const { workerThreadsWithTsx } = await import('./test-support/lane-threads')
  return workerThreadsWithTsx(await importOriginal())
})

const MODEL = path.join(sharedModelsDir(), 'mobilenetv2-12-int8', 'mobilenetv2-12-int8.onnx')
const PLANE = 3 * 224 * 224
const LANE_CONFIG: WorkerConfig = { providers: ['cpu'], intraOpThreads: 1 }

/** Deterministic pseudo-random values in [-2, 2) (roughly a normalised image's range); mulberry32. */
function randomImages<T extends Float32Array<ArrayBufferLike> = Float32Array>(seed: number, n: number, into?: T): T {
  const out = into ?? (new Float32Array(n * PLANE) as T)
  let a = seed >>> 0
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 4 - 2
  }
  return out
}

const imageTensor = (data: Float32Array<ArrayBufferLike>, n: number) => new ort.Tensor('float32', data, [n, 3, 224, 224])

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let max = 0
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!))
  return max
}

let direct: ort.InferenceSession

/** The logits onnxruntime gives in this process, on the main thread, for the same input. */
async function directLogits(data: Float32Array<ArrayBufferLike>, n: number): Promise<Float32Array> {
  const out = await direct.run({ input: imageTensor(data, n) })
  return out['output']!.data as Float32Array
}

async function expectSameAsDirect(session: RunnableSession, data: Float32Array<ArrayBufferLike>, n: number): Promise<Float32Array> {
  const out = await session.session.run({ input: imageTensor(data, n) }, ['output'])
  const logits = out['output']!
  expect(logits.type).toBe('float32')
  expect(logits.dims).toEqual([n, 1000])
  expect(maxAbsDiff(logits.data as Float32Array, await directLogits(data, n))).toBeLessThanOrEqual(1e-5)
  return logits.data as Float32Array
}

const runsSentTo = (thread: StartedThread) => thread.sent.filter((kind) => kind === 'run').length

beforeAll(async () => {
  direct = await ort.InferenceSession.create(MODEL, { executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: 1 })
})
afterAll(async () => {
  await direct?.release()
})

describe('defaultLaneLayout', () => {
  it('uses one lane on one core and two lanes sharing the cores from two up', () => {
    expect(defaultLaneLayout(1)).toEqual({ lanes: 1, threadsPerLane: 1 })
    expect(defaultLaneLayout(2)).toEqual({ lanes: 2, threadsPerLane: 1 })
    expect(defaultLaneLayout(8)).toEqual({ lanes: 2, threadsPerLane: 4 })
  })
})

describe('a pool of two lanes on MobileNetV2', () => {
  const pool = createLanePool(2, () => LANE_CONFIG)
  let firstThread: number
  let mobilenet: RunnableSession

  beforeAll(async () => {
    firstThread = startedThreads.length
    mobilenet = await pool.get('mobilenet', async () => MODEL)
  })
  afterAll(async () => {
    await pool.close()
  })
  const poolThreads = () => startedThreads.slice(firstThread)

  it('describes the session like a direct onnxruntime session, on the CPU', () => {
    expect(mobilenet.provider).toBe('cpu')
    expect(mobilenet.attempts).toEqual([{ provider: 'cpu' }])
    expect(mobilenet.session.inputNames).toEqual(['input'])
    expect(mobilenet.session.outputNames).toEqual(['output'])
    expect(mobilenet.session.inputNames).toEqual(direct.inputNames)
    expect(mobilenet.session.outputNames).toEqual(direct.outputNames)
    expect(mobilenet.session.inputMetadata).toEqual(direct.inputMetadata)
    expect(mobilenet.session.outputMetadata).toEqual(direct.outputMetadata)
  })

  it('gives the same session to every get of a key', async () => {
    expect(await pool.get('mobilenet', () => Promise.reject(new Error('must not load again')))).toBe(mobilenet)
  })

  it('computes the logits a direct session.run computes', async () => {
    await expectSameAsDirect(mobilenet, randomImages(1, 1), 1)
    await expectSameAsDirect(mobilenet, randomImages(2, 3), 3)
    expect(mobilenet.provider).toBe('cpu')
  })

  it('runs requests made at once on both lanes, each with its own right result', async () => {
    const inputs = Array.from({ length: 6 }, (_, i) => ({ n: 1 + (i % 2), seed: 100 + i }))
      .map(({ n, seed }) => ({ n, data: randomImages(seed, n) }))
    const runsBefore = poolThreads().map(runsSentTo)
    const outputs = await Promise.all(inputs.map(({ data, n }) => mobilenet.session.run({ input: imageTensor(data, n) }, ['output'])))
    for (const [i, { data, n }] of inputs.entries()) {
      const logits = outputs[i]!['output']!
      expect(logits.dims).toEqual([n, 1000])
      expect(maxAbsDiff(logits.data as Float32Array, await directLogits(data, n)), `run ${i}`).toBeLessThanOrEqual(1e-5)
    }
    // Different inputs, different logits: a reply handed to the wrong caller could not go unseen.
    const first = (outputs[0]!['output']!.data as Float32Array).subarray(0, 1000)
    const third = (outputs[2]!['output']!.data as Float32Array).subarray(0, 1000)
    expect(maxAbsDiff(first, third)).toBeGreaterThan(1e-3)
    // Both lanes' threads ran some of them (each run goes to the lane with the fewest waiting).
    const threads = poolThreads()
    expect(threads).toHaveLength(2)
    const runsNow = threads.map((t, i) => runsSentTo(t) - (runsBefore[i] ?? 0))
    expect(runsNow.reduce((a, b) => a + b)).toBe(6)
    for (const runs of runsNow) expect(runs).toBeGreaterThan(0)
  })

  it('takes inputs in shared memory and leaves the caller’s buffer as it was', async () => {
    const n = 2
    const shared = randomImages(7, n, new Float32Array(new SharedArrayBuffer(n * PLANE * Float32Array.BYTES_PER_ELEMENT)))
    const before = shared.slice()
    // Twice, so that both lanes (least busy first, ties to the first) get to see shared memory.
    await Promise.all([expectSameAsDirect(mobilenet, shared, n), expectSameAsDirect(mobilenet, shared, n)])
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(maxAbsDiff(shared, before)).toBe(0)
  })

  it('leaves out fetched outputs the graph does not have instead of failing', async () => {
    const data = randomImages(11, 1)
    const out = await mobilenet.session.run({ input: imageTensor(data, 1) }, ['output', 'no_such_output'])
    expect(Object.keys(out)).toEqual(['output'])
    expect(maxAbsDiff(out['output']!.data as Float32Array, await directLogits(data, 1))).toBeLessThanOrEqual(1e-5)
  })

  it('fails get() for a model that does not load, and loads the key again on the next get()', async () => {
    await expect(pool.get('retry', async () => Buffer.from('not a model'))).rejects.toThrow(/No execution provider could load the model/)
    // Model bytes this time rather than a path: the other kind of source a lane can be sent.
    const bytes = new Uint8Array(await readFile(MODEL))
    const recovered = await pool.get('retry', async () => bytes)
    expect(recovered.provider).toBe('cpu')
    expect(recovered.session.inputNames).toEqual(['input'])
    // On both lanes: the lane that failed holds no stale state for the key.
    await Promise.all([expectSameAsDirect(recovered, randomImages(21, 1), 1), expectSameAsDirect(recovered, randomImages(22, 1), 1)])
    // The bad model did not disturb the key that was already there.
    await expectSameAsDirect(mobilenet, randomImages(23, 1), 1)
  })

  it('fails a run with a clear error for an input the model cannot take, and keeps working', async () => {
    const wrongShape = new ort.Tensor('float32', randomImages(31, 1, new Float32Array(3 * 100 * 100)), [1, 3, 100, 100])
    await expect(mobilenet.session.run({ input: wrongShape }, ['output'])).rejects.toThrow(/dimension|shape|Got invalid/i)
    await expectSameAsDirect(mobilenet, randomImages(32, 1), 1)
  })
})

describe('spread: false', () => {
  it('keeps every run of the session on one lane', async () => {
    const pool = createLanePool(2, () => LANE_CONFIG)
    const firstThread = startedThreads.length
    try {
      const text = await pool.get('one-lane', async () => MODEL, { spread: false })
      const inputs = Array.from({ length: 4 }, (_, i) => randomImages(200 + i, 1))
      const outputs = await Promise.all(inputs.map((data) => text.session.run({ input: imageTensor(data, 1) }, ['output'])))
      for (const [i, data] of inputs.entries()) {
        expect(maxAbsDiff(outputs[i]!['output']!.data as Float32Array, await directLogits(data, 1))).toBeLessThanOrEqual(1e-5)
      }
      // Four runs at once would have gone to both lanes with spread (see above); here the second
      // lane never even started.
      const threads = startedThreads.slice(firstThread)
      expect(threads).toHaveLength(1)
      expect(runsSentTo(threads[0]!)).toBe(4)
    } finally {
      await pool.close()
    }
  })
})

describe('close', () => {
  it('ends every lane thread', async () => {
    const pool = createLanePool(2, () => LANE_CONFIG)
    const firstThread = startedThreads.length
    const session = await pool.get('mobilenet', async () => MODEL)
    await Promise.all([1, 2].map((seed) => expectSameAsDirect(session, randomImages(seed, 1), 1)))
    const threads = startedThreads.slice(firstThread)
    expect(threads).toHaveLength(2)
    expect(threads.some((t) => t.exited)).toBe(false)
    await pool.close()
    for (const t of threads) expect(t.exited).toBe(true)
  })

  // The request in flight here is the first get()'s describe, closed while the new thread is still
  // starting.
  it('settles requests still in flight when the pool closes', async () => {
    const pool = createLanePool(1, () => LANE_CONFIG)
    const firstThread = startedThreads.length
    let settled = false
    const describing = pool.get('mobilenet', async () => MODEL)
    describing.then(
      () => (settled = true),
      () => (settled = true),
    )
    // get() sends the describe after load() resolves: a few microtasks, no event-loop turn, so the
    // thread it starts cannot have answered (it has not even loaded its entry yet).
    for (let i = 0; i < 100 && !startedThreads[firstThread]?.sent.includes('describe'); i++) await Promise.resolve()
    expect(startedThreads[firstThread]?.sent).toEqual(['configure', 'describe'])
    await pool.close()
    expect(startedThreads[firstThread]!.exited).toBe(true)
    // close() resolves after the thread's 'exit'; a rejection made there has run by now.
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toBe(true)
  })
})

describe('closing during a run', () => {
  it('fails the run, lets the thread finish it and end, and the process lives on', async () => {
    const pool = createLanePool(1, () => LANE_CONFIG)
    const firstThread = startedThreads.length
    const session = await pool.get('mobilenet', async () => MODEL)
    const running = session.session.run({ input: imageTensor(randomImages(61, 8), 8) }, ['output'])
    // Until the thread has the run (terminating it inside session.run would abort the process).
    for (let i = 0; i < 1000 && runsSentTo(startedThreads[firstThread]!) === 0; i++) await Promise.resolve()
    const failed = expect(running).rejects.toThrow(/closed/)
    await pool.close()
    await failed
    expect(startedThreads[firstThread]!.exited).toBe(true)
  })
})

describe('a lane thread that cannot start', () => {
  it('fails with LaneUnavailableError, so the caller can run elsewhere', async () => {
    const pool = createLanePool(1, () => LANE_CONFIG)
    laneThreadOptions.failNextStart = true
    try {
      await expect(pool.get('mobilenet', async () => MODEL)).rejects.toBeInstanceOf(LaneUnavailableError)
    } finally {
      laneThreadOptions.failNextStart = false
      await pool.close()
    }
  })
})

describe('a lane thread that dies', () => {
  // The replacement thread must be sent the model with its first request.
  it('is started again and the next run on it succeeds', async () => {
    const pool = createLanePool(1, () => LANE_CONFIG)
    const firstThread = startedThreads.length
    try {
      const session = await pool.get('mobilenet', async () => MODEL)
      await expectSameAsDirect(session, randomImages(51, 1), 1)
      const [thread] = startedThreads.slice(firstThread)
      // Ended from outside, as a crash of the thread would end it.
      await thread!.worker.terminate()
      await expectSameAsDirect(session, randomImages(52, 1), 1)
    } finally {
      await pool.close()
    }
  })
})
