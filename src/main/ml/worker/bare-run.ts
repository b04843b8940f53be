// The yardstick for bench/embed.bench.ts: onnxruntime alone, in-process, on tensors already made.
// Lives here because only src/main/ml may import onnxruntime-node.
import ort from 'onnxruntime-node'

/** Runs `session.run` over every batch, `rounds` times; returns images per second. */
export async function bareSessionRunRate(options: {
  modelPath: string
  /** Each entry: one batch, NCHW float32 of [n, 3, size, size]. */
  batches: { data: Float32Array; n: number }[]
  size: number
  intraOpThreads?: number
  rounds: number
}): Promise<{ imagesPerSecond: number; images: number; seconds: number; cpuSeconds: number }> {
  const session = await ort.InferenceSession.create(options.modelPath, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
  })
  const input = session.inputNames[0] ?? 'input'
  const tensors = options.batches.map((b) => new ort.Tensor('float32', b.data, [b.n, 3, options.size, options.size]))
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
