// The inference host: main-process side of the one worker process that owns onnxruntime, so model
// loading and inference never block the main thread. Requests carry ids; classify calls are batched;
// if the worker dies, a new one is started and every request it held is sent again.
import { fork } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { appRoot } from '../platform/app-root'
import { ensureFaceModelFiles, resolveFaceModelsDir } from './faces/model-files'
import type { ModelManager, ResolvedModel } from './models'
import { defaultResourcesDir } from './resources'
import {
  DEFAULT_PROVIDERS,
  isPreparedImage,
  type ClassifierTag,
  type ClassifyItem,
  type ClassifyResult,
  type ExecutionProviderName,
  type FaceModelFiles,
  type HostToWorker,
  type ModelImage,
  type ModelRef,
  type OcrWireResult,
  type RunResult,
  type SerializedTensor,
  type SessionInfoResult,
  type WorkerConfig,
  type WorkerError,
  type WorkerMethod,
  type WorkerMethods,
  type WorkerToHost,
} from './worker/protocol'

/** The worker process as the host sees it: a child_process child or an Electron utilityProcess. */
export interface ChildLike {
  send(message: HostToWorker): void
  onMessage(listener: (message: unknown) => void): void
  onExit(listener: (info: { code: number | null; signal: string | null }) => void): void
  kill(): void
  readonly pid: number | undefined
}

export const DEFAULT_CLASSIFIER_MODEL = 'mobilenetv2-12-int8'
/** Images per classify batch unless configured; also how many tags/CLIP tasks the app runs at once. */
export const DEFAULT_INFERENCE_BATCH = 8

export interface ClassifyOutput {
  tags: ClassifierTag[]
  /** L2-normalised; 1280-d pooled MobileNetV2 features (or the 1000 logits if the graph had no pool). */
  features: Float32Array
  featureKind: 'pooled' | 'logits'
  modelId: string
  provider: ExecutionProviderName
}

export interface InferenceHostOptions {
  models: ModelManager
  /** Starts a worker. Default: child_process.fork of worker/main (via tsx from source). */
  spawn?: () => ChildLike
  /** Execution providers, tried in order per session. Default CUDA -> DirectML -> CoreML -> CPU. */
  providers?: ExecutionProviderName[]
  /** Threads per session of the faces, OCR and plain-run models (on the worker's main thread). */
  intraOpThreads?: number
  interOpThreads?: number
  /** Inference lanes for the classifier and CLIP, and threads per lane; default: defaultLaneLayout. */
  lanes?: number
  laneThreads?: number
  /** Images per classify batch (one session.run). Default 8. */
  batchSize?: number
  /**
   * Requests the worker holds at once; more wait here and form bigger batches. Default 3: a batch
   * running on each of the two inference lanes and the next one being decoded, so a lane that
   * finishes finds work ready. (Before lanes, 2 left the decode thread idle whenever a run outlasted
   * a decode: measured ~10-30% fewer images/s.)
   */
  maxInFlight?: number
  /** A request lost in this many worker crashes is failed rather than sent again. Default 3. */
  maxAttempts?: number
  /** Holds models/imagenet-hypernyms.json. Default: the repo's resources/. */
  resourcesDir?: string
  classifierModelId?: string
}

export interface InferenceHost {
  /** Tags and features of an image file, or of pixels prepared for the classifier (prepareClassifierInput). */
  classify(image: ModelImage): Promise<ClassifyOutput>
  /** Starts the inference process and loads the classifier on every lane (skipped when not installed). */
  warmUp(): Promise<void>
  /** CLIP image vectors (L2-normalised) from the model's image encoder; files or prepared pixels (prepareClipInput). */
  clipImage(modelId: string, images: ModelImage[]): Promise<WorkerMethods['clipImage']['result']>
  /** CLIP text vectors (L2-normalised) from the model's text encoder and tokenizer. */
  clipText(modelId: string, tokenizerId: string, texts: string[]): Promise<WorkerMethods['clipText']['result']>
  /** Faces in the image (boxes in the oriented image's pixels) with their embeddings. */
  faces(imagePath: string): Promise<WorkerMethods['faces']['result']>
  /** Lines of text in the image, in reading order, with boxes in the image's pixels. */
  ocr(imagePath: string): Promise<OcrWireResult>
  /** Plain session.run on one ONNX file of a model, with tensors prepared by the caller. */
  run(modelId: string, file: string, feeds: Record<string, SerializedTensor>, fetches?: string[]): Promise<RunResult>
  sessionInfo(modelId: string, file: string): Promise<SessionInfoResult>
  /** 'spawn' (pid), 'exit' ({code, signal}), 'sent' ({id, method}). */
  readonly events: EventEmitter
  readonly workerPid: number | undefined
  /** Workers started again after a crash. */
  readonly restarts: number
  close(): Promise<void>
}

export class WorkerCrashedError extends Error {
  readonly code = 'WORKER_CRASHED'
  constructor(method: string, attempts: number) {
    super(`The inference worker died ${attempts} times while running "${method}"; giving up on this request`)
    this.name = 'WorkerCrashedError'
  }
}

export class InferenceError extends Error {
  constructor(
    readonly workerError: WorkerError,
    readonly code = workerError.code ?? 'INFERENCE_FAILED',
  ) {
    super(workerError.message)
    this.name = workerError.name
  }
}

export class HostClosedError extends Error {
  readonly code = 'HOST_CLOSED'
  constructor() {
    super('The inference host was closed')
    this.name = 'HostClosedError'
  }
}

/** child_process.fork of the worker entry; from TypeScript sources the child runs through tsx. */
export function forkWorkerProcess(options: { workerPath?: string; execArgv?: string[] } = {}): ChildLike {
  const here = fileURLToPath(import.meta.url)
  const fromSource = here.endsWith('.ts')
  let workerPath = options.workerPath
  if (!workerPath) {
    if (fromSource) workerPath = path.join(path.dirname(here), 'worker', 'main.ts')
    else {
      // Bundled by electron-vite: the worker is the 'inference-worker' entry beside this bundle.
      const candidates = ['inference-worker.js', 'inference-worker.mjs', 'inference-worker.cjs']
      workerPath = candidates.map((c) => path.join(path.dirname(here), c)).find((p) => existsSync(p)) ?? candidates[0]!
    }
  }
  const execArgv =
    options.execArgv ??
    (workerPath.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [])
  const child = fork(workerPath, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exitListeners: ((info: { code: number | null; signal: string | null }) => void)[] = []
  let exited = false
  const exit = (code: number | null, signal: string | null) => {
    if (exited) return
    exited = true
    for (const l of exitListeners) l({ code, signal })
  }
  child.on('exit', exit)
  // A send racing the child's death fails with EPIPE; unhandled, that 'error' would take down the
  // main process. 'exit' re-sends whatever the dead worker held, so only a failed spawn (no pid,
  // and then no 'exit' either) needs handling here.
  child.on('error', () => {
    if (child.pid === undefined) exit(null, null)
  })
  return {
    send: (m) => {
      if (child.connected) child.send(m, (error) => void error)
    },
    onMessage: (l) => child.on('message', l),
    onExit: (l) => {
      if (exited) queueMicrotask(() => l({ code: child.exitCode, signal: child.signalCode }))
      else exitListeners.push(l)
    },
    kill: () => child.kill(),
    get pid() {
      return child.pid
    },
  }
}

/** Electron's UtilityProcess, typed structurally (only src/main/index.ts may import electron). */
export interface UtilityProcessLike {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  kill(): boolean
  readonly pid: number | undefined
}

/**
 * Adapts an Electron utilityProcess for `spawn`. In the shell (src/main/index.ts):
 *   spawn: () => fromUtilityProcess(utilityProcess.fork(path.join(__dirname, 'inference-worker.js'),
 *     [], { serviceName: 'PhotoHouse inference' }))
 */
export function fromUtilityProcess(proc: UtilityProcessLike): ChildLike {
  return {
    send: (m) => proc.postMessage(m),
    onMessage: (l) => void proc.on('message', l),
    onExit: (l) => void proc.on('exit', (code) => l({ code, signal: null })),
    kill: () => void proc.kill(),
    get pid() {
      return proc.pid
    },
  }
}

interface PendingRequest {
  id: number
  method: WorkerMethod
  params: unknown
  attempts: number
  resolve: (result: unknown) => void
  reject: (error: Error) => void
}

interface PendingImage {
  image: ModelImage
  resolve: (out: ClassifyOutput) => void
  reject: (error: Error) => void
}

/** Worker deaths before 'ready' in a row after which the host stops restarting (broken install). */
const MAX_STARTUP_FAILURES = 3

export function createInferenceHost(options: InferenceHostOptions): InferenceHost {
  const spawn = options.spawn ?? (() => forkWorkerProcess())
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_INFERENCE_BATCH)
  const maxInFlight = Math.max(1, options.maxInFlight ?? 3)
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3)
  const classifierId = options.classifierModelId ?? DEFAULT_CLASSIFIER_MODEL
  const hypernymsPath = path.join(options.resourcesDir ?? defaultResourcesDir(), 'models', 'imagenet-hypernyms.json')
  const config: WorkerConfig = {
    providers: options.providers ?? [...DEFAULT_PROVIDERS],
    ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
    ...(options.interOpThreads ? { interOpThreads: options.interOpThreads } : {}),
    ...(options.lanes ? { lanes: options.lanes } : {}),
    ...(options.laneThreads ? { laneThreads: options.laneThreads } : {}),
  }
  const events = new EventEmitter()

  let nextId = 1
  const queue: PendingRequest[] = [] // not yet sent, in order
  const inFlight = new Map<number, PendingRequest>()
  const images: PendingImage[] = [] // classify calls waiting to form a batch
  let child: ChildLike | undefined
  let ready = false
  let closed = false
  let restarts = 0
  let startupFailures = 0
  let broken: Error | undefined
  let pumpScheduled = false
  const verified = new Map<string, Promise<ResolvedModel>>()

  function start() {
    ready = false
    const c = spawn()
    child = c
    events.emit('spawn', c.pid)
    c.onMessage((raw) => {
      if (child !== c) return
      const m = raw as WorkerToHost
      if (m.kind === 'ready') {
        ready = true
        startupFailures = 0
        c.send({ kind: 'configure', config })
        pump()
      } else if (m.kind === 'response') {
        const req = inFlight.get(m.id)
        if (!req) return
        inFlight.delete(m.id)
        if (m.ok) req.resolve(m.result)
        else req.reject(new InferenceError(m.error))
        schedulePump()
      }
    })
    c.onExit((info) => {
      if (child !== c) return
      child = undefined
      events.emit('exit', info)
      if (closed) return
      if (!ready && ++startupFailures >= MAX_STARTUP_FAILURES) {
        broken = new Error(`The inference worker failed to start ${startupFailures} times (last exit: code ${info.code}, signal ${info.signal})`)
        failEverything(broken)
        return
      }
      ready = false
      // Put back what the dead worker held, oldest first, before anything newer.
      const lost = [...inFlight.values()].sort((a, b) => a.id - b.id)
      inFlight.clear()
      const again: PendingRequest[] = []
      for (const req of lost) {
        req.attempts++
        if (req.attempts >= maxAttempts) req.reject(new WorkerCrashedError(req.method, req.attempts))
        else again.push(...splitAfterCrash(req))
      }
      queue.unshift(...again)
      restarts++
      start()
    })
  }

  /**
   * A batch that was in a crash is retried one image per request, so an image that kills the
   * worker (a decoder crash) only fails itself, not the images that shared its batch.
   */
  function splitAfterCrash(req: PendingRequest): PendingRequest[] {
    if (req.method !== 'classify') return [req]
    const params = req.params as WorkerMethods['classify']['params']
    if (params.images.length <= 1) return [req]
    const parts = params.images.map((image) => {
      let settle!: { resolve: (r: ClassifyResult) => void; reject: (e: Error) => void }
      const promise = new Promise<ClassifyResult>((resolve, reject) => (settle = { resolve, reject }))
      const part: PendingRequest = {
        id: nextId++,
        method: 'classify',
        params: { ...params, images: [image] },
        attempts: req.attempts,
        resolve: (r) => settle.resolve(r as ClassifyResult),
        reject: (e) => settle.reject(e),
      }
      return { part, promise }
    })
    // Reassemble the single answers into the batch answer the original caller waits for.
    Promise.allSettled(parts.map((p) => p.promise)).then((settled) => {
      let provider: ExecutionProviderName = 'cpu'
      const items: ClassifyItem[] = settled.map((s) => {
        if (s.status === 'fulfilled') {
          provider = s.value.provider
          return s.value.items[0] ?? { ok: false, error: { name: 'Error', message: 'empty answer' } }
        }
        const e = s.reason as Error & { code?: string }
        return { ok: false, error: { name: e.name, message: e.message, ...(e.code ? { code: e.code } : {}) } }
      })
      req.resolve({ provider, items } satisfies ClassifyResult)
    }, req.reject)
    return parts.map((p) => p.part)
  }

  function failEverything(error: Error) {
    for (const req of [...queue, ...inFlight.values()]) req.reject(error)
    queue.length = 0
    inFlight.clear()
    for (const img of images.splice(0)) img.reject(error)
  }

  function schedulePump() {
    if (pumpScheduled) return
    pumpScheduled = true
    // setImmediate lets every classify() of the same tick join one batch.
    setImmediate(() => {
      pumpScheduled = false
      pump()
    })
  }

  function pump() {
    if (!child || !ready || closed) return
    while (inFlight.size < maxInFlight) {
      let req = queue.shift()
      if (!req && images.length > 0) req = classifyBatch(images.splice(0, batchSize))
      if (!req) break
      inFlight.set(req.id, req)
      child.send({ kind: 'request', id: req.id, method: req.method, params: req.params })
      events.emit('sent', { id: req.id, method: req.method })
    }
  }

  function enqueue<M extends WorkerMethod>(method: M, params: WorkerMethods[M]['params']): Promise<WorkerMethods[M]['result']> {
    if (closed) return Promise.reject(new HostClosedError())
    if (broken) return Promise.reject(broken)
    return new Promise((resolve, reject) => {
      queue.push({ id: nextId++, method, params, attempts: 0, resolve: resolve as (r: unknown) => void, reject })
      ensureStarted()
      schedulePump()
    })
  }

  function ensureStarted() {
    if (!child && !closed && !broken) start()
  }

  function modelRef(id: string): Promise<ModelRef> {
    let p = verified.get(id)
    if (!p) {
      p = options.models.requireVerified(id)
      verified.set(id, p)
      // Not installed / corrupt now does not mean forever: try again on the next call.
      p.catch(() => verified.delete(id))
    }
    return p.then((r) => ({ id: r.id, files: r.files }))
  }

  let classifierRef: ModelRef | undefined
  function classifyBatch(batch: PendingImage[]): PendingRequest {
    const params: WorkerMethods['classify']['params'] = {
      model: classifierRef!,
      hypernymsPath,
      images: batch.map((b) => b.image),
    }
    return {
      id: nextId++,
      method: 'classify',
      params,
      attempts: 0,
      resolve: (raw) => {
        const result = raw as ClassifyResult
        batch.forEach((img, i) => {
          const item = result.items[i]
          if (item?.ok) {
            img.resolve({ tags: item.tags, features: item.features, featureKind: item.featureKind, modelId: classifierId, provider: result.provider })
          } else {
            img.reject(new InferenceError(item?.error ?? { name: 'Error', message: 'no result for this image' }))
          }
        })
      },
      reject: (e) => batch.forEach((img) => img.reject(e)),
    }
  }

  /** Paths made absolute (the worker's cwd may differ); prepared pixels as they are. */
  function workerImage(image: ModelImage, method: string): ModelImage {
    if (isPreparedImage(image)) return image
    if (typeof image !== 'string' || image.length === 0) throw new TypeError(`${method} needs an image path or prepared pixels`)
    return path.resolve(image)
  }

  async function classify(image: ModelImage): Promise<ClassifyOutput> {
    if (closed) throw new HostClosedError()
    if (broken) throw broken
    const input = workerImage(image, 'classify')
    classifierRef = await modelRef(classifierId)
    return new Promise((resolve, reject) => {
      images.push({ image: input, resolve, reject })
      ensureStarted()
      schedulePump()
    })
  }

  async function run(modelId: string, file: string, feeds: Record<string, SerializedTensor>, fetches?: string[]) {
    const model = await modelRef(modelId)
    return enqueue('run', { model, file, feeds, ...(fetches ? { fetches } : {}) })
  }

  /** The ONNX file of a single-file model (its first file). */
  function onlyFile(model: ModelRef): string {
    const [file] = Object.keys(model.files)
    if (!file) throw new Error(`Model ${model.id} has no files`)
    return file
  }

  async function clipImage(modelId: string, images: ModelImage[]) {
    const inputs = images.map((image) => workerImage(image, 'clipImage'))
    const model = await modelRef(modelId)
    return enqueue('clipImage', { model, file: onlyFile(model), images: inputs })
  }

  async function clipText(modelId: string, tokenizerId: string, texts: string[]) {
    const [model, tokenizer] = await Promise.all([modelRef(modelId), modelRef(tokenizerId)])
    return enqueue('clipText', { model, file: onlyFile(model), tokenizer, texts })
  }

  // Face models are found like every other model (env, user models, bundled resources) and, from
  // source only, in the npm-pack cache that ensureFaceModelFiles fills; verified once per run.
  let faceFiles: Promise<FaceModelFiles> | undefined
  function faceModelFiles(): Promise<FaceModelFiles> {
    if (!faceFiles) {
      const dir = resolveFaceModelsDir({ appRoot: appRoot(), userModelsDir: options.models.userModelsDir, resourcesDir: options.models.resourcesDir }).dir
      const pending = ensureFaceModelFiles(dir)
      faceFiles = pending
      // Missing or corrupt now does not mean forever (an import, a download): look again next time.
      pending.catch(() => {
        if (faceFiles === pending) faceFiles = undefined
      })
    }
    return faceFiles
  }

  async function faces(imagePath: string): Promise<WorkerMethods['faces']['result']> {
    return enqueue('faces', { image: path.resolve(imagePath), models: await faceModelFiles() })
  }

  async function ocr(imagePath: string): Promise<OcrWireResult> {
    return enqueue('ocr', { image: path.resolve(imagePath) })
  }

  /**
   * Starts the inference process and loads the classifier on every lane, so the first import does
   * not pay for it (~1-2 CPU-s on the 2-core test machine, next to the thumbnails). A classifier
   * that is not installed is skipped: the process still starts.
   */
  async function warmUp(): Promise<void> {
    if (closed) throw new HostClosedError()
    const classifier = await modelRef(classifierId).catch(() => undefined)
    await enqueue('warmUp', classifier ? { classifier } : {})
  }

  async function sessionInfo(modelId: string, file: string) {
    return enqueue('sessionInfo', { model: await modelRef(modelId), file })
  }

  async function close() {
    if (closed) return
    closed = true
    failEverything(new HostClosedError())
    const c = child
    child = undefined
    if (c) {
      const exited = new Promise<void>((resolve) => c.onExit(() => resolve()))
      c.kill()
      await exited
    }
  }

  return {
    classify,
    warmUp,
    clipImage,
    clipText,
    faces,
    ocr,
    run,
    sessionInfo,
    events,
    get workerPid() {
      return child?.pid
    },
    get restarts() {
      return restarts
    },
    close,
  }
}
