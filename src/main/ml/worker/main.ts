// Entry of the inference worker process: the ONE process that loads onnxruntime-node. Runs as a
// child_process.fork child (CLI / browser mode) or an Electron utilityProcess (the built app: the
// electron-vite entry 'inference-worker'). Requests are handled concurrently; sessions are cached.
import { bundledOcrModelPaths, loadOcrModels, recognizeText, type OcrModels } from '../ocr'
import path from 'node:path'
import sharp from 'sharp'
import { detectFacesDetailed, loadFaceModels, type FaceModels } from '../faces'
import { clipEmbedImage, clipEmbedText, loadClipTokenizer, type ClipTokenizer } from '../clip'
import { createClassifier } from './classify'
import type { FaceModelFiles, HostToWorker, WorkerConfig, WorkerError, WorkerMethod, WorkerMethods, WorkerToHost } from './protocol'
import { DEFAULT_PROVIDERS } from './protocol'
import { createRunner } from './run'
import { createLanePool, defaultLaneLayout, LaneUnavailableError } from './lanes'
import { createSessionPool, type SessionSource } from './sessions'
import { FLOAT32_ELEMENTS, SharedTensorBuffers } from './tensor-buffers'

/** Electron's utilityProcess child side (typed structurally: this file must not import electron). */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

interface Channel {
  send(message: WorkerToHost): void
  onMessage(listener: (message: unknown) => void): void
}

function connect(): Channel {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (parentPort) {
    return {
      send: (m) => parentPort.postMessage(m),
      onMessage: (l) => parentPort.on('message', (e) => l(e.data)),
    }
  }
  const send = process.send?.bind(process)
  if (send) {
    // Without a parent there is no one to answer: do not linger as an orphan holding model memory.
    process.on('disconnect', () => process.exit(0))
    return { send: (m) => void send(m), onMessage: (l) => process.on('message', l) }
  }
  throw new Error('The inference worker must be started by the inference host (fork or utilityProcess)')
}

function toWorkerError(error: unknown): WorkerError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) }
  }
  return { name: 'Error', message: String(error) }
}

// Every image is read once (import), so libvips' operation cache would only pin memory and hand
// a repeated benchmark cached decodes. One libvips thread per image: images that are not grid
// thumbnails decode a batch at a time, one per libuv thread, beside onnxruntime's threads.
sharp.cache(false)
sharp.concurrency(1)

let config: WorkerConfig = { providers: [...DEFAULT_PROVIDERS] }
const pool = createSessionPool(() => config)
// The classifier and CLIP, the stages every photo goes through, run on lanes; the lanes start on
// first use, after the host's 'configure'.
const layout = () => {
  const fallback = defaultLaneLayout()
  return { lanes: config.lanes ?? fallback.lanes, threads: config.laneThreads ?? fallback.threadsPerLane }
}
let lanePool: ReturnType<typeof createLanePool> | undefined
// A build whose lane threads cannot start (say, a packaging mistake) still classifies and embeds:
// on this thread, one run at a time, as before there were lanes.
let lanesUnavailable = false
const lanes: SessionSource = {
  async get(key, load, options) {
    if (!lanesUnavailable) {
      lanePool ??= createLanePool(layout().lanes, () => ({ ...config, intraOpThreads: layout().threads }))
      try {
        return await lanePool.get(key, load, options)
      } catch (error) {
        if (!(error instanceof LaneUnavailableError)) throw error
        lanesUnavailable = true
        console.error(`${error.message}; running inference on the worker's main thread`)
      }
    }
    return pool.get(key, load)
  },
}
const classifier = createClassifier(lanes)
const clipInputBuffers = new SharedTensorBuffers(FLOAT32_ELEMENTS)
const runner = createRunner(pool)
// OCR sessions are made on first use, with the providers configured at that time.
let ocrModels: Promise<OcrModels> | undefined
function ocr(image: string): Promise<WorkerMethods['ocr']['result']> {
  ocrModels ??= loadOcrModels(bundledOcrModelPaths(), {
    executionProviders: config.providers,
    ...(config.intraOpThreads ? { intraOpNumThreads: config.intraOpThreads } : {}),
  })
  ocrModels.catch(() => (ocrModels = undefined))
  return ocrModels.then(async (models) => {
    const r = await recognizeText(models, image)
    return { provider: r.provider, width: r.width, height: r.height, lines: r.lines.map((l) => ({ text: l.text, confidence: l.confidence, box: l.box })) }
  })
}

type Handler<M extends WorkerMethod> = (params: WorkerMethods[M]['params']) => Promise<WorkerMethods[M]['result']>
// Face models: the files the host resolved (like every model: env, user models, bundled resources;
// from source also the npm-pack cache). Loaded once per set of files, with the configured providers.
let faceModels: { key: string; models: Promise<FaceModels & { provider: string }> } | undefined

/** The first provider that loads all four sessions, CPU last: the one used is recorded with each face. */
async function loadFaceModelsWithFallback(paths: Parameters<typeof loadFaceModels>[0]): Promise<FaceModels & { provider: string }> {
  const errors: string[] = []
  for (const provider of [...new Set([...config.providers, 'cpu' as const])]) {
    try {
      const models = await loadFaceModels(paths, { executionProviders: [provider], ...(config.intraOpThreads ? { intraOpNumThreads: config.intraOpThreads } : {}) })
      return Object.assign(models, { provider })
    } catch (e) {
      errors.push(`${provider}: ${(e as Error).message}`)
    }
  }
  throw new Error(`No execution provider could load the face models (${errors.join('; ')})`)
}
async function faces(image: string, files: FaceModelFiles): Promise<WorkerMethods['faces']['result']> {
  const key = JSON.stringify(files)
  if (faceModels?.key !== key) {
    const loading = loadFaceModelsWithFallback(files)
    const entry = { key, models: loading }
    faceModels = entry
    loading.catch(() => {
      if (faceModels === entry) faceModels = undefined
    })
  }
  const models = await faceModels.models
  const { faces: found, width, height } = await detectFacesDetailed(models, image)
  return {
    provider: models.provider,
    width,
    height,
    faces: found.map((f) => ({
      box: f.box,
      landmarks: f.landmarks5.map((p) => [p[0], p[1]] as [number, number]),
      score: f.score,
      quality: { size: f.quality.size, blur: f.quality.blur, yaw: f.quality.yaw },
      embedding: f.embedding,
      modelId: f.modelId,
    })),
  }
}

// CLIP: sessions on the lanes (created once per lane, providers with fallback); tokenizers cached.
const tokenizers = new Map<string, Promise<ClipTokenizer>>()
function tokenizerFor(ref: { id: string; files: Record<string, string> }): Promise<ClipTokenizer> {
  let t = tokenizers.get(ref.id)
  if (!t) {
    const anyFile = Object.values(ref.files)[0]
    if (!anyFile) return Promise.reject(new Error(`Tokenizer ${ref.id} has no files`))
    t = loadClipTokenizer(path.dirname(anyFile))
    t.catch(() => tokenizers.delete(ref.id))
    tokenizers.set(ref.id, t)
  }
  return t
}
/** `spread`: image encoders run on every lane (imports); text encoders on one (a query at a time). */
function clipSession(ref: { id: string; files: Record<string, string> }, file: string, spread: boolean) {
  const modelPath = ref.files[file]
  if (!modelPath) return Promise.reject(new Error(`Model ${ref.id} has no file ${file}`))
  return lanes.get(`clip:${ref.id}:${modelPath}`, async () => modelPath, { spread })
}

const handlers: { [M in WorkerMethod]: Handler<M> } = {
  clipImage: async (p) => {
    const { session, provider } = await clipSession(p.model, p.file, true)
    return { provider, vectors: await clipEmbedImage(session, p.images, { buffers: clipInputBuffers }) }
  },
  clipText: async (p) => {
    const [{ session, provider }, tokenizer] = await Promise.all([clipSession(p.model, p.file, false), tokenizerFor(p.tokenizer)])
    return { provider, vectors: await clipEmbedText(session, tokenizer, p.texts) }
  },
  faces: (p) => faces(p.image, p.models),
  classify: (p) => classifier.classify(p),
  ocr: (p) => ocr(p.image),
  run: (p) => runner.run(p),
  sessionInfo: (p) => runner.sessionInfo(p),
  ping: async () => ({ pid: process.pid }),
  warmUp: async (p) => {
    if (p.classifier) await classifier.warm(p.classifier, lanesUnavailable ? 1 : layout().lanes)
    return { pid: process.pid }
  },
}

const channel = connect()
channel.onMessage((raw) => {
  const message = raw as HostToWorker
  if (message.kind === 'configure') {
    config = message.config
    return
  }
  if (message.kind !== 'request') return
  const handler = handlers[message.method] as Handler<WorkerMethod> | undefined
  const reply = handler
    ? handler(message.params as never)
    : Promise.reject(new Error(`Unknown inference method "${message.method}"`))
  reply.then(
    (result) => channel.send({ kind: 'response', id: message.id, ok: true, result }),
    (error: unknown) => channel.send({ kind: 'response', id: message.id, ok: false, error: toWorkerError(error) }),
  )
})
channel.send({ kind: 'ready', pid: process.pid })
