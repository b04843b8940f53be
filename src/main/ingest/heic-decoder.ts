// HEIC (HEVC-coded HEIF) decoding off the main thread.
//
// sharp's prebuilt libvips has no HEVC decoder, so HEIC pixels come from heic-decode (libheif compiled to
// WASM). That WASM runs synchronously for hundreds of milliseconds per photo, which would freeze the main
// thread that also serves the UI, so it runs in worker_threads. The worker source is inline CommonJS and
// loads heic-decode by absolute path: that works the same under tsx, vitest and the bundled Electron main
// process, none of which agree on how to load a separate .ts worker file.
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { BrokenFileError } from './broken-file-error'
import { MAX_INPUT_PIXELS } from './sharp-setup'

export interface DecodedRgba {
  width: number
  height: number
  /** width * height * 4 bytes, RGBA, rows top to bottom, already rotated/mirrored per the HEIF container. */
  data: Buffer
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFile } = require('node:fs/promises')
const decode = require(workerData.heicDecodePath)
parentPort.on('message', async ({ id, path }) => {
  let images
  try {
    const buffer = await readFile(path)
    // Parses the container only (libheif reads the size from the ispe box): the pixel buffer that
    // image.decode() allocates (width * height * 4 bytes, plus libheif's planes) is made only after
    // the size is known to be within the limit, so a small file claiming a giant image is refused
    // before anything its size is allocated. images[0] is the image heic-decode's default export decodes.
    images = await decode.all({ buffer })
    const first = images[0]
    if (!first) throw new Error('HEIF image not found')
    if (first.width * first.height > workerData.maxPixels) {
      parentPort.postMessage({
        id, ok: false, code: 'too-large',
        message: first.width + 'x' + first.height + ' is over the limit of ' + workerData.maxPixels + ' pixels',
      })
      return
    }
    const image = await first.decode()
    const data = image.data
    parentPort.postMessage(
      { id, ok: true, width: image.width, height: image.height, data, byteOffset: data.byteOffset, byteLength: data.byteLength },
      [data.buffer],
    )
  } catch (error) {
    const code = error && error.code
    parentPort.postMessage({ id, ok: false, code: typeof code === 'string' ? code : null, message: String((error && error.message) || error) })
  } finally {
    if (images) images.dispose()
  }
})
`

type WorkerReply =
  | { id: number; ok: true; width: number; height: number; data: Uint8ClampedArray; byteOffset: number; byteLength: number }
  | { id: number; ok: false; code: string | null; message: string }

interface Job {
  id: number
  path: string
  resolve: (image: DecodedRgba) => void
  reject: (error: Error) => void
}

interface Slot {
  worker: Worker
  job: Job | null
  idleTimer: NodeJS.Timeout | null
  jobTimer: NodeJS.Timeout | null
}

export interface HeicDecoderOptions {
  /** Workers decoding at once. Each holds a WASM heap of roughly 4x the largest decoded image. */
  maxWorkers: number
  /** Idle workers exit after this long, returning their WASM memory (which never shrinks) to the OS. */
  idleMs: number
  /** A decode running longer than this is treated as a hung decoder: the worker is killed. */
  jobTimeoutMs: number
  /**
   * Images with more pixels than this are refused before decoding (a decompression bomb: a few KB that
   * claim a giant image). Default: the limit sharp applies to every other format.
   */
  maxPixels: number
}

const DEFAULT_OPTIONS: HeicDecoderOptions = {
  maxWorkers: Math.max(1, Math.min(2, availableParallelism() - 1)),
  idleMs: 30_000,
  jobTimeoutMs: 120_000,
  maxPixels: MAX_INPUT_PIXELS,
}

/**
 * The worker's V8 heap: its JavaScript holds only the module and small objects (the file bytes and the
 * decoded pixels are ArrayBuffers outside this heap, libheif's memory is WASM memory), so a heap that
 * grows past this is a runaway and the worker is stopped (its job fails as a broken file). This does not
 * bound the WASM memory or the pixel buffer: the size check before decoding does.
 */
const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 }

/** Node error codes that mean "could not read the file" rather than "the file is broken". */
const IO_ERROR_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'EIO', 'EMFILE', 'ENFILE', 'EBUSY'])

export class HeicDecoderPool {
  private readonly options: HeicDecoderOptions
  private readonly heicDecodePath = createRequire(import.meta.url).resolve('heic-decode')
  private readonly slots = new Set<Slot>()
  private readonly queue: Job[] = []
  private nextJobId = 1

  constructor(options: Partial<HeicDecoderOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options }
  }

  /** Decodes the primary image of a HEIC/HEIF file. Rejects with BrokenFileError for undecodable content. */
  decode(path: string): Promise<DecodedRgba> {
    return new Promise<DecodedRgba>((resolve, reject) => {
      this.queue.push({ id: this.nextJobId++, path, resolve, reject })
      this.dispatch()
    })
  }

  /** Workers currently alive (busy or idle). */
  get workerCount(): number {
    return this.slots.size
  }

  /** Stops all workers; queued and running decodes reject. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new Error('HEIC decoder pool closed'))
    await Promise.all([...this.slots].map((slot) => this.retire(slot, new Error('HEIC decoder pool closed'))))
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.idleSlot() ?? (this.slots.size < this.options.maxWorkers ? this.spawn() : null)
      if (!slot) return
      const job = this.queue.shift()
      if (!job) return
      this.start(slot, job)
    }
  }

  private idleSlot(): Slot | null {
    for (const slot of this.slots) if (!slot.job) return slot
    return null
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { heicDecodePath: this.heicDecodePath, maxPixels: this.options.maxPixels },
      resourceLimits: WORKER_RESOURCE_LIMITS,
    })
    const slot: Slot = { worker, job: null, idleTimer: null, jobTimer: null }
    worker.on('message', (reply: WorkerReply) => this.finish(slot, reply))
    worker.on('error', (error) => void this.retire(slot, error))
    worker.on('exit', (exitCode) => void this.retire(slot, new Error(`HEIC decoder worker exited with code ${exitCode}`)))
    this.slots.add(slot)
    return slot
  }

  private start(slot: Slot, job: Job): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    slot.idleTimer = null
    slot.job = job
    // A busy worker keeps the process alive until its decode settles; an idle one must not.
    slot.worker.ref()
    slot.jobTimer = setTimeout(() => {
      void this.retire(slot, new BrokenFileError('decode-failed', `HEIC decoding did not finish within ${this.options.jobTimeoutMs / 1000} s`))
    }, this.options.jobTimeoutMs)
    slot.jobTimer.unref()
    slot.worker.postMessage({ id: job.id, path: job.path })
  }

  private finish(slot: Slot, reply: WorkerReply): void {
    const job = slot.job
    if (!job || job.id !== reply.id) return
    this.release(slot)
    if (reply.ok) {
      const data = Buffer.from(reply.data.buffer, reply.byteOffset, reply.byteLength)
      job.resolve({ width: reply.width, height: reply.height, data })
    } else {
      job.reject(heicFailure(reply.code, reply.message))
    }
    this.dispatch()
  }

  private release(slot: Slot): void {
    slot.job = null
    if (slot.jobTimer) clearTimeout(slot.jobTimer)
    slot.jobTimer = null
    slot.worker.unref()
    slot.idleTimer = setTimeout(() => void this.retire(slot, null), this.options.idleMs)
    slot.idleTimer.unref()
  }

  /** Removes a worker (idle timeout, crash, hang or close), failing its job if it had one. */
  private async retire(slot: Slot, reason: Error | null): Promise<void> {
    if (!this.slots.delete(slot)) return
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    if (slot.jobTimer) clearTimeout(slot.jobTimer)
    const job = slot.job
    slot.job = null
    if (job) {
      job.reject(
        reason instanceof BrokenFileError
          ? reason
          : new BrokenFileError('decode-failed', `HEIC decoder crashed: ${reason?.message ?? 'stopped'}`, { cause: reason }),
      )
    }
    await slot.worker.terminate()
    this.dispatch()
  }
}

function heicFailure(code: string | null, message: string): Error {
  if (code && IO_ERROR_CODES.has(code)) return Object.assign(new Error(message), { code })
  // Worded like sharp's pixel-limit refusal of the other formats (see toBrokenFileError).
  if (code === 'too-large') return new BrokenFileError('unsupported', `HEIC image is too large to decode (${message})`)
  if (/not a HEIC image/i.test(message)) {
    return new BrokenFileError('unsupported', `HEIF variant is not supported by the HEIC decoder (${message})`)
  }
  if (/end of (file|data)|truncat|premature|not enough data|unexpected end/i.test(message)) {
    return new BrokenFileError('truncated', `HEIC data is truncated (${message})`)
  }
  return new BrokenFileError('decode-failed', `HEIC data could not be decoded (${message})`)
}

let sharedPool: HeicDecoderPool | null = null

/** Decodes with the process-wide pool (created on first use). */
export function decodeHeic(path: string): Promise<DecodedRgba> {
  sharedPool ??= new HeicDecoderPool()
  return sharedPool.decode(path)
}

/** Stops the process-wide pool's workers, e.g. on app shutdown. A later decodeHeic starts a new pool. */
export async function closeHeicDecoders(): Promise<void> {
  const pool = sharedPool
  sharedPool = null
  await pool?.close()
}
