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
  /** SIGTERM unless said otherwise; SIGKILL for a process that does not end (stuck, or stopped). */
  kill(signal?: NodeJS.Signals): void
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
  /**
   * How long a request may wait for the worker's answer once sent, per method (ms). A request
   * that outlasts it fails (InferenceTimeoutError) and the worker, presumed stuck, is killed and
   * started again for the rest. Generous by default: a first request also loads its model.
   */
  timeouts?: Partial<Record<WorkerMethod, number>>
  /** close(): how long the worker has to exit after SIGTERM before it is killed (ms). Default 5000. */
  closeGraceMs?: number
}

/** Per method: minutes, far beyond a slow machine's worst (a model load plus a batch), yet finite. */
export const DEFAULT_INFERENCE_TIMEOUTS: Record<WorkerMethod, number> = {
  warmUp: 5 * 60_000,
  classify: 3 * 60_000,
  clipImage: 3 * 60_000,
  clipText: 2 * 60_000,
  faces: 3 * 60_000,
  ocr: 5 * 60_000,
  run: 5 * 60_000,
  sessionInfo: 2 * 60_000,
  ping: 60_000,
}

/** Per call: the caller's AbortSignal (a task's), which fails the call at once when it fires. */
export interface InferenceCallOptions {
  signal?: AbortSignal
}

export interface InferenceHost {
  /** Tags and features of an image file, or of pixels prepared for the classifier (prepareClassifierInput). */
  classify(image: ModelImage, options?: InferenceCallOptions): Promise<ClassifyOutput>
  /** Starts the inference process and loads the classifier on every lane (skipped when not installed). */
  warmUp(): Promise<void>
  /** CLIP image vectors (L2-normalised) from the model's image encoder; files or prepared pixels (prepareClipInput). */
  clipImage(modelId: string, images: ModelImage[], options?: InferenceCallOptions): Promise<WorkerMethods['clipImage']['result']>
  /** CLIP text vectors (L2-normalised) from the model's text encoder and tokenizer. */
  clipText(modelId: string, tokenizerId: string, texts: string[], options?: InferenceCallOptions): Promise<WorkerMethods['clipText']['result']>
  /** Faces in the image (boxes in the oriented image's pixels) with their embeddings. */
  faces(imagePath: string, options?: InferenceCallOptions): Promise<WorkerMethods['faces']['result']>
  /** Lines of text in the image, in reading order, with boxes in the image's pixels. */
  ocr(imagePath: string, options?: InferenceCallOptions): Promise<OcrWireResult>
  /** Plain session.run on one ONNX file of a model, with tensors prepared by the caller. */
  run(modelId: string, file: string, feeds: Record<string, SerializedTensor>, fetches?: string[], options?: InferenceCallOptions): Promise<RunResult>
  sessionInfo(modelId: string, file: string, options?: InferenceCallOptions): Promise<SessionInfoResult>
  /** 'spawn' (pid), 'exit' ({code, signal}), 'sent' ({id, method}), 'timeout' ({id, method}). */
  readonly events: EventEmitter
  readonly workerPid: number | undefined
  /** Workers started again after a crash (or after a request timed out). */
  readonly restarts: number
  /**
   * Fails every pending request (HostClosedError) and ends the worker: SIGTERM, then SIGKILL if it
   * has not exited within closeGraceMs. Resolves once it has exited, whatever state it was in.
   */
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

export class InferenceTimeoutError extends Error {
  readonly code = 'INFERENCE_TIMEOUT'
  constructor(method: string, ms: number) {
    super(`The inference worker did not answer "${method}" within ${Math.round(ms / 1000)} s; it was restarted`)
    this.name = 'InferenceTimeoutError'
  }
}

/** The error a call fails with when its signal fires: the signal's reason when it is an Error. */
function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The inference call was aborted', 'AbortError')
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
    kill: (signal) => void child.kill(signal),
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
    // utilityProcess.kill() only asks (SIGTERM, which a stopped process never sees): SIGKILL by pid.
    kill: (signal) => {
      if (signal === 'SIGKILL' && proc.pid !== undefined) process.kill(proc.pid, 'SIGKILL')
      else proc.kill()
    },
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
  /** The caller stopped waiting (its signal fired): the answer is dropped, a crash does not resend it. */
  abandoned?: boolean
  /** Runs while the worker holds it. */
  timer?: NodeJS.Timeout
}

interface PendingImage {
  image: ModelImage
  resolve: (out: ClassifyOutput) => void
  reject: (error: Error) => void
}

/**
 * resolve/reject that settle once and can be tied to an AbortSignal: the signal rejects at once
 * (and runs `onAbort`, which withdraws the work if it has not gone out yet).
 */
function settleOnce<T>(resolve: (v: T) => void, reject: (e: Error) => void, signal: AbortSignal | undefined, onAbort: () => void) {
  let settled = false
  const abort = () => {
    if (settled) return
    settled = true
    reject(abortError(signal!))
    onAbort()
  }
  signal?.addEventListener('abort', abort, { once: true })
  const done = () => {
    settled = true
    signal?.removeEventListener('abort', abort)
  }
  return {
    resolve: (v: T) => {
      if (settled) return
      done()
      resolve(v)
    },
    reject: (e: Error) => {
      if (settled) return
      done()
      reject(e)
    },
    get settled() {
      return settled
    },
  }
}

/** Worker deaths before 'ready' in a row after which the host stops restarting (broken install). */
const MAX_STARTUP_FAILURES = 3

export function createInferenceHost(options: InferenceHostOptions): InferenceHost {
  const spawn = options.spawn ?? (() => forkWorkerProcess())
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_INFERENCE_BATCH)
  const maxInFlight = Math.max(1, options.maxInFlight ?? 3)
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3)
  const timeouts = { ...DEFAULT_INFERENCE_TIMEOUTS, ...options.timeouts }
  const closeGraceMs = options.closeGraceMs ?? 5000
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
        clearTimeout(req.timer)
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
        clearTimeout(req.timer)
        if (req.abandoned) continue
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
    for (const req of [...queue, ...inFlight.values()]) {
      clearTimeout(req.timer)
      req.reject(error)
    }
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
      armTimeout(req)
      child.send({ kind: 'request', id: req.id, method: req.method, params: req.params })
      events.emit('sent', { id: req.id, method: req.method })
    }
  }

  /**
   * The worker holds `req` from now on: past its method's timeout it is failed and the worker,
   * stuck on it or on something before it, is killed; the exit handler restarts it and sends again
   * what it held. The timer does not keep the process alive.
   */
  function armTimeout(req: PendingRequest) {
    const ms = timeouts[req.method]
    req.timer = setTimeout(() => {
      if (inFlight.get(req.id) !== req) return
      inFlight.delete(req.id)
      events.emit('timeout', { id: req.id, method: req.method })
      req.reject(new InferenceTimeoutError(req.method, ms))
      child?.kill('SIGKILL')
    }, ms)
    req.timer.unref()
  }

  function enqueue<M extends WorkerMethod>(method: M, params: WorkerMethods[M]['params'], signal?: AbortSignal): Promise<WorkerMethods[M]['result']> {
    if (closed) return Promise.reject(new HostClosedError())
    if (broken) return Promise.reject(broken)
    if (signal?.aborted) return Promise.reject(abortError(signal))
    return new Promise((resolve, reject) => {
      const req: PendingRequest = { id: nextId++, method, params, attempts: 0, resolve: () => {}, reject: () => {} }
      const settle = settleOnce(resolve as (r: unknown) => void, reject, signal, () => {
        // Not sent yet: withdrawn. Sent: the worker finishes it (a run cannot be interrupted), and
        // its answer is dropped; it still counts against maxInFlight and its timeout until then.
        const queued = queue.indexOf(req)
        if (queued >= 0) queue.splice(queued, 1)
        req.abandoned = true
      })
      req.resolve = settle.resolve
      req.reject = settle.reject
      queue.push(req)
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

  async function classify(image: ModelImage, { signal }: InferenceCallOptions = {}): Promise<ClassifyOutput> {
    if (closed) throw new HostClosedError()
    if (broken) throw broken
    const input = workerImage(image, 'classify')
    classifierRef = await modelRef(classifierId)
    if (closed) throw new HostClosedError()
    if (signal?.aborted) throw abortError(signal)
    return new Promise((resolve, reject) => {
      const pending: PendingImage = { image: input, resolve: () => {}, reject: () => {} }
      // Waiting for a batch: withdrawn. In a batch the worker holds: its share of the answer is dropped.
      const settle = settleOnce(resolve, reject, signal, () => {
        const waiting = images.indexOf(pending)
        if (waiting >= 0) images.splice(waiting, 1)
      })
      pending.resolve = settle.resolve
      pending.reject = settle.reject
      images.push(pending)
      ensureStarted()
      schedulePump()
    })
  }

  async function run(modelId: string, file: string, feeds: Record<string, SerializedTensor>, fetches?: string[], { signal }: InferenceCallOptions = {}) {
    const model = await modelRef(modelId)
    return enqueue('run', { model, file, feeds, ...(fetches ? { fetches } : {}) }, signal)
  }

  /** The ONNX file of a single-file model (its first file). */
  function onlyFile(model: ModelRef): string {
    const [file] = Object.keys(model.files)
    if (!file) throw new Error(`Model ${model.id} has no files`)
    return file
  }

  async function clipImage(modelId: string, images: ModelImage[], { signal }: InferenceCallOptions = {}) {
    const inputs = images.map((image) => workerImage(image, 'clipImage'))
    const model = await modelRef(modelId)
    return enqueue('clipImage', { model, file: onlyFile(model), images: inputs }, signal)
  }

  async function clipText(modelId: string, tokenizerId: string, texts: string[], { signal }: InferenceCallOptions = {}) {
    const [model, tokenizer] = await Promise.all([modelRef(modelId), modelRef(tokenizerId)])
    return enqueue('clipText', { model, file: onlyFile(model), tokenizer, texts }, signal)
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

  async function faces(imagePath: string, { signal }: InferenceCallOptions = {}): Promise<WorkerMethods['faces']['result']> {
    return enqueue('faces', { image: path.resolve(imagePath), models: await faceModelFiles() }, signal)
  }

  async function ocr(imagePath: string, { signal }: InferenceCallOptions = {}): Promise<OcrWireResult> {
    return enqueue('ocr', { image: path.resolve(imagePath) }, signal)
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

  async function sessionInfo(modelId: string, file: string, { signal }: InferenceCallOptions = {}) {
    return enqueue('sessionInfo', { model: await modelRef(modelId), file }, signal)
  }

  let closing: Promise<void> | undefined
  function close(): Promise<void> {
    closing ??= (async () => {
      closed = true
      failEverything(new HostClosedError())
      const c = child
      child = undefined
      if (!c) return
      let exited = false
      const exit = new Promise<void>((resolve) => c.onExit(() => ((exited = true), resolve())))
      const within = (ms: number) => Promise.race([exit, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())])
      c.kill()
      await within(closeGraceMs)
      // A worker stuck in native code or stopped (SIGSTOP, a debugger) ignores SIGTERM.
      if (!exited) {
        c.kill('SIGKILL')
        await within(closeGraceMs)
      }
    })()
    return closing
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
