// The yardstick for bench/embed.bench.ts: onnxruntime alone, in-process, on tensors already made.
// Lives here because only src/main/ml may import onnxruntime-node.
import { Worker } from 'node:worker_threads'
import ort from 'onnxruntime-node'
import { createSessionWithFallback } from './sessions'

/**
 * Runs `session.run` over every batch, `rounds` times; returns images per second.
 * `session`: 'defaults' = onnxruntime's own options (its pool threads spin while idle, which wins
 * on a quiet machine and loses CPU to other processes on a loaded one); 'worker' = created exactly
 * as the inference worker creates its sessions. Benchmarks run both and compare against the faster.
 */
export async function bareSessionRunRate(options: {
  modelPath: string
  /** Each entry: one batch, NCHW float32 [n, 3, size, size], or RGB bytes [n, size, size, 3] for a graph that normalises its own input. */
  batches: { data: Float32Array | Uint8Array; n: number }[]
  size: number
  intraOpThreads?: number
  rounds: number
  session?: 'defaults' | 'worker'
}): Promise<{ imagesPerSecond: number; images: number; seconds: number; cpuSeconds: number }> {
  const threads = options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}
  const session =
    options.session === 'worker'
      ? (await createSessionWithFallback(options.modelPath, { providers: ['cpu'], ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}) })).session
      : await ort.InferenceSession.create(options.modelPath, { executionProviders: ['cpu'], graphOptimizationLevel: 'all', logSeverityLevel: 3, ...threads })
  const input = session.inputNames[0] ?? 'input'
  const tensors = options.batches.map((b) =>
    b.data instanceof Uint8Array
      ? new ort.Tensor('uint8', b.data, [b.n, options.size, options.size, 3])
      : new ort.Tensor('float32', b.data, [b.n, 3, options.size, options.size]),
  )
  await session.run({ [input]: tensors[0]! }) // warm-up: first run allocates
  let images = 0
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (let r = 0; r < options.rounds; r++) {
    for (let i = 0; i < tensors.length; i++) {
      await session.run({ [input]: tensors[i]! })
      images += options.batches[i]!.n
    }
  }
  const seconds = (performance.now() - start) / 1000
  const used = process.cpuUsage(cpu)
  await session.release()
  // cpuSeconds: this whole process (all threads) during the loop, the bench's measure of cost.
  return { imagesPerSecond: images / seconds, images, seconds, cpuSeconds: (used.user + used.system) / 1e6 }
}

/**
 * The same loop in `sessions` threads at once, each with its own session of `intraOpThreads`
 * threads and `rounds` passes over the batches: the raw library laid out like the inference lanes
 * (lanes.ts), so a benchmark can say how close the pipeline comes to that layout too.
 */
export async function bareParallelSessionRunRate(options: {
  modelPath: string
  batches: { data: Float32Array | Uint8Array; n: number }[]
  size: number
  sessions: number
  intraOpThreads: number
  rounds: number
}): Promise<{ imagesPerSecond: number; images: number; seconds: number; cpuSeconds: number }> {
  const { sessions, ...job } = options
  const threads = Array.from({ length: sessions }, () => new Worker(new URL('./bare-run.worker.ts', import.meta.url), { workerData: job }))
  try {
    const ready = threads.map((t) => new Promise((resolve, reject) => t.once('message', resolve).once('error', reject)))
    await Promise.all(ready)
    const cpu = process.cpuUsage()
    const start = performance.now()
    const done = threads.map((t) => new Promise<number>((resolve, reject) => t.once('message', resolve).once('error', reject)))
    for (const t of threads) t.postMessage('go')
    const images = (await Promise.all(done)).reduce((a, b) => a + b, 0)
    const seconds = (performance.now() - start) / 1000
    const used = process.cpuUsage(cpu)
    return { imagesPerSecond: images / seconds, images, seconds, cpuSeconds: (used.user + used.system) / 1e6 }
  } finally {
    await Promise.all(threads.map((t) => t.terminate()))
  }
}
