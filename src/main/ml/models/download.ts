// Downloads one file over HTTP(S) into `<dest>.part`, resuming with a Range request after a dropped
// connection (model files are tens of MB; starting over on every hiccup would never finish on a bad
// line), and only renames it to `dest` once its sha256 matches.
import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'

export interface FileDownloadProgress {
  /** Bytes of this file on disk so far (including a resumed .part). */
  receivedBytes: number
  totalBytes: number | null
}

export interface DownloadFileOptions {
  url: string
  dest: string
  sha256: string
  /** Exact size when known: a .part already that long is checked without any request. */
  size?: number | null
  signal?: AbortSignal
  onProgress?: (p: FileDownloadProgress) => void
  /** Resume attempts after a failed transfer (network error, 5xx). */
  retries?: number
  /** Pause between attempts; grows linearly. */
  retryDelayMs?: number
}

export class DownloadChecksumError extends Error {
  constructor(
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Downloaded ${url} but its sha256 is ${actual}, expected ${expected}: the file was discarded`)
    this.name = 'DownloadChecksumError'
  }
}

export class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`GET ${url} answered HTTP ${status}`)
    this.name = 'HttpStatusError'
  }
  /** 408/429 and 5xx may pass on retry; other statuses will not. */
  get retryable(): boolean {
    return this.status === 408 || this.status === 429 || this.status >= 500
  }
}

function isRetryable(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return false
  if (error instanceof DownloadChecksumError) return false
  if (error instanceof HttpStatusError) return error.retryable
  return true // network errors: reset, refused, "terminated" mid-body
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size
  } catch {
    return 0
  }
}

async function hashExisting(file: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
}

/** One request: resumes from the current .part size. Resolves when `dest` holds the verified file. */
async function attempt(opts: DownloadFileOptions, part: string): Promise<void> {
  let have = await sizeOf(part)
  if (opts.size != null && have > opts.size) {
    await rm(part, { force: true })
    have = 0
  }
  const hash = createHash('sha256')
  let total: number | null = opts.size ?? null

  if (!(opts.size != null && have === opts.size)) {
    const res = await fetch(opts.url, {
      headers: have > 0 ? { Range: `bytes=${have}-` } : {},
      signal: opts.signal ?? null,
      redirect: 'follow',
    })
    let append = false
    if (res.status === 206) {
      // Only trust a partial answer that starts exactly where our file ends.
      const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(res.headers.get('content-range') ?? '')
      if (range && Number(range[1]) === have) {
        append = true
        if (range[2] !== '*') total = Number(range[2])
      } else {
        await res.body?.cancel()
        await rm(part, { force: true })
        throw new Error(`Server sent an unexpected range (${res.headers.get('content-range')}); restarting`)
      }
    } else if (res.status === 416 && have > 0) {
      // Our .part is already complete (or the server forgot the file): check what we have below.
      await res.body?.cancel()
      append = true
    } else if (res.ok) {
      have = 0 // server ignored the Range header: start over
    } else {
      await res.body?.cancel()
      throw new HttpStatusError(opts.url, res.status)
    }
    if (res.status !== 206 && res.status !== 416) {
      const length = Number(res.headers.get('content-length'))
      if (Number.isFinite(length) && length > 0) total = length
    }

    if (append && have > 0) await hashExisting(part, hash)
    if (res.status !== 416 && res.body) {
      const file = await open(part, append ? 'a' : 'w')
      try {
        let received = have
        opts.onProgress?.({ receivedBytes: received, totalBytes: total })
        for await (const chunk of res.body) {
          hash.update(chunk)
          await file.write(chunk)
          received += chunk.byteLength
          opts.onProgress?.({ receivedBytes: received, totalBytes: total })
        }
      } finally {
        await file.close()
      }
    }
  } else {
    await hashExisting(part, hash)
  }

  const actual = hash.digest('hex')
  if (actual !== opts.sha256) {
    await rm(part, { force: true })
    throw new DownloadChecksumError(opts.url, opts.sha256, actual)
  }
  await rename(part, opts.dest)
}

export async function downloadFile(opts: DownloadFileOptions): Promise<void> {
  const part = `${opts.dest}.part`
  await mkdir(path.dirname(opts.dest), { recursive: true })
  const retries = opts.retries ?? 5
  for (let tried = 0; ; tried++) {
    try {
      await attempt(opts, part)
      return
    } catch (error) {
      if (!isRetryable(error, opts.signal) || tried >= retries) throw error
      await delay((opts.retryDelayMs ?? 500) * (tried + 1), undefined, { signal: opts.signal })
    }
  }
}
