// One thread of bareParallelSessionRunRate (bare-run.ts): onnxruntime alone, a session.run loop.
import { parentPort, workerData } from 'node:worker_threads'
import ort from 'onnxruntime-node'

interface BareLoop {
  modelPath: string
  batches: { data: Float32Array | Uint8Array; n: number }[]
  size: number
  intraOpThreads: number
  rounds: number
}

const port = parentPort
if (!port) throw new Error('bare-run.worker must run in a worker thread')
const job = workerData as BareLoop
const session = await ort.InferenceSession.create(job.modelPath, {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3,
  intraOpNumThreads: job.intraOpThreads,
})
const input = session.inputNames[0] ?? 'input'
const tensors = job.batches.map((b) =>
  b.data instanceof Uint8Array ? new ort.Tensor('uint8', b.data, [b.n, job.size, job.size, 3]) : new ort.Tensor('float32', b.data, [b.n, 3, job.size, job.size]),
)
await session.run({ [input]: tensors[0]! }) // warm-up: first run allocates
port.postMessage('ready')
async function loop(): Promise<number> {
  let images = 0
  for (let r = 0; r < job.rounds; r++) {
    for (let i = 0; i < tensors.length; i++) {
      await session.run({ [input]: tensors[i]! })
      images += job.batches[i]!.n
    }
  }
  await session.release()
  return images
}
port.once('message', () => {
  loop().then(
    (images) => port.postMessage(images),
    (error: unknown) => {
      throw error
    },
  )
})
