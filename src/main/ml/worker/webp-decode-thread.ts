// The inference worker's side of the WebP decode thread (webp-decode.worker.ts): started on first use,
// restarted after a crash. One thread: on the 2-core machine measured, it (~3 ms of CPU per grid
// thumbnail) and session.run already fill both cores; a second one would only compete with inference.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ImageDecodeError, type ImageTensorSpec } from './image-tensor'
import { gridThumbnailToRgb } from './webp-decode'

export interface DecodeRequest {
  id: number
  path: string
  spec: ImageTensorSpec
  /** Where to write the crop's bytes when the caller's batch is shared memory (no copy back). */
  target?: { buffer: SharedArrayBuffer; byteOffset: number }
}

export type DecodeReply =
  | { id: number; kind: 'written' }
  | { id: number; kind: 'pixels'; pixels: Uint8Array }
  | { id: number; kind: 'not-grid-webp' }
  | { id: number; kind: 'error'; message: string }

/**
 * The thread's entry: the TypeScript source beside this file when running from source (the
 * process runs under tsx, whose loader worker threads inherit), or the bundled
 * `webp-decode-worker.js` beside the built worker. Null when neither exists.
 */
function threadEntry(): URL | null {
  const source = new URL('./webp-decode.worker.ts', import.meta.url)
  if (existsSync(fileURLToPath(source))) return source
  const bundled = new URL('./webp-decode-worker.js', import.meta.url)
  return existsSync(fileURLToPath(bundled)) ? bundled : null
}

let thread: Worker | undefined
/** Set when a thread died before answering anything (no loader for its entry, say): decode here. */
let threadUnusable = false
let nextId = 1

interface Pending {
  request: DecodeRequest
  out: Uint8Array
  offset: number
  resolve(written: boolean): void
  reject(error: Error): void
}
const pending = new Map<number, Pending>()

function start(entry: URL): Worker {
  // From source the thread loads its TypeScript through tsx (as the inference lanes do).
  const fromSource = entry.pathname.endsWith('.ts')
  const tsx = fromSource ? pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href : ''
  const w = new Worker(entry, { name: 'webp-decode', execArgv: fromSource ? [...process.execArgv, '--import', tsx] : process.execArgv })
  let answered = false
  w.on('message', (reply: DecodeReply) => {
    answered = true
    const p = pending.get(reply.id)
    if (!p) return
    pending.delete(reply.id)
    if (pending.size === 0) w.unref()
    if (reply.kind === 'written') p.resolve(true)
    else if (reply.kind === 'pixels') {
      p.out.set(reply.pixels, p.offset)
      p.resolve(true)
    } else if (reply.kind === 'not-grid-webp') p.resolve(false)
    else p.reject(new ImageDecodeError(p.request.path, new Error(reply.message)))
  })
  const died = () => {
    if (thread !== w) return
    thread = undefined
    if (!answered) threadUnusable = true
    // What the thread held is decoded here instead (a file it failed on fails here the same way).
    const held = [...pending.values()]
    pending.clear()
    for (const p of held) gridThumbnailToRgb(p.request.path, p.request.spec, p.out, p.offset).then(p.resolve, p.reject)
  }
  w.on('error', died)
  w.on('exit', died)
  w.unref()
  return w
}

function sendToThread(request: Omit<DecodeRequest, 'id' | 'target'>, out: Uint8Array, offset: number): Promise<boolean> {
  const entry = threadUnusable ? null : threadEntry()
  // A build without the thread's entry still works, on this thread.
  if (!entry) return gridThumbnailToRgb(request.path, request.spec, out, offset)
  thread ??= start(entry)
  const w = thread
  const full: DecodeRequest = {
    ...request,
    id: nextId++,
    ...(out.buffer instanceof SharedArrayBuffer ? { target: { buffer: out.buffer, byteOffset: out.byteOffset + offset } } : {}),
  }
  return new Promise((resolve, reject) => {
    pending.set(full.id, { request: full, out, offset, resolve, reject })
    // Keep the process alive while an answer is due (an idle thread must not).
    w.ref()
    w.postMessage(full)
  })
}

/**
 * Writes the model input (the centre crop's RGB bytes) of a grid thumbnail (plain lossy WebP already
 * at the model's resize size) into `out` at `offset`, decoded off the calling thread, and returns
 * true; false for any other image (the caller uses sharp). A SharedArrayBuffer-backed `out` is
 * written in place by the thread.
 */
export function gridThumbnailToRgbOffThread(path: string, spec: ImageTensorSpec, out: Uint8Array, offset = 0): Promise<boolean> {
  return sendToThread({ path, spec }, out, offset)
}
