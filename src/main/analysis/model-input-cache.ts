import { randomBytes } from 'node:crypto'
import { closeSync, ftruncateSync, mkdirSync, openSync, rmSync, writeSync, writevSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { PreparedImage, PreparedPixels } from '../ml'
import { FreeExtents } from './free-extents'

/**
 * Model inputs the thumbnail stage prepared, held until the AI stage that needs them takes them
 * (see prepareClassifierInput). Each is a byte range of one file (147 KiB for a 224 px input) that
 * the inference process reads — cheaper than sending the bytes over IPC (see PreparedImage). One
 * file whose ranges are reused, not a file per input: creating, filling and deleting a file per
 * input cost ~0.3-0.6 CPU-ms each (open, fresh page-cache pages, unlink), a write into pages the
 * file already has ~0.05. A miss costs nothing but speed: the stage decodes the thumbnail instead.
 * So the store is small and forgets freely:
 *  - bounded in bytes (the file never grows past maxBytes); when full it refuses new inputs rather
 *    than dropping old ones, because the task queue runs the oldest photos first — dropping those
 *    would turn every lookup into a miss exactly when inference lags behind the thumbnails;
 *  - inputs nobody took (a stage skipped, a photo deleted) expire;
 *  - once nothing has been held for idleTrimMs the file is emptied, so an idle library does not
 *    keep up to maxBytes of pixels on disk;
 *  - files a previous run left (a crash) are removed by clear() at start.
 */
export interface ModelInputCacheOptions {
  /** A folder of its own: clear() empties it. */
  dir: string
  /** Default 48 MiB: ~160 photos with a classifier and a CLIP input each. */
  maxBytes?: number
  /** Default 10 minutes. */
  maxAgeMs?: number
  /** Default 1 minute. */
  idleTrimMs?: number
  now?: () => number
}

export interface ModelInputCacheStats {
  hits: number
  misses: number
  /** Not kept because the store was full. */
  refused: number
  /** Dropped untaken after maxAgeMs. */
  expired: number
}

interface Entry {
  image: PreparedImage & { offset: number }
  bytes: number
  at: number
}

export class ModelInputCache {
  private readonly entries = new Map<string, Entry>()
  /**
   * Inputs taken but not yet released, by the very object take() handed out: a stale copy (an
   * input released twice, one from before a clear()) can never free a range now someone else's.
   */
  private readonly taken = new Map<PreparedImage, Entry>()
  private readonly maxBytes: number
  private readonly maxAgeMs: number
  private readonly idleTrimMs: number
  private readonly now: () => number
  private space: FreeExtents
  private heldBytes = 0
  /** The file and its descriptor, opened by the first put after a clear(). */
  private file: { path: string; fd: number } | undefined
  private trimTimer: NodeJS.Timeout | undefined
  readonly stats: ModelInputCacheStats = { hits: 0, misses: 0, refused: 0, expired: 0 }

  constructor(private readonly options: ModelInputCacheOptions) {
    this.maxBytes = options.maxBytes ?? 48 * 1024 * 1024
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60 * 1000
    this.idleTrimMs = options.idleTrimMs ?? 60 * 1000
    this.now = options.now ?? Date.now
    this.space = new FreeExtents(this.maxBytes)
  }

  /** Bytes of inputs waiting (taken ones count until released). */
  get bytes(): number {
    return this.heldBytes
  }

  /** Inputs waiting to be taken. */
  get size(): number {
    return this.entries.size
  }

  /** Closes and deletes the file, forgetting every input; also those of an earlier run. */
  async clear(): Promise<void> {
    this.forget()
    await rm(this.options.dir, { recursive: true, force: true })
  }

  /** At shutdown: the file goes, so no pixels stay on disk (clear() at the next start catches a crash). */
  close(): void {
    const file = this.file
    this.forget()
    if (file) this.removeQuietly(file.path)
  }

  /**
   * Writes the input for `key`; false when it did not fit (or could not be written: a miss later, no
   * harm). Synchronous file calls on purpose: a 147 KiB write into the page cache takes ~0.05 ms,
   * less than a thread-pool round trip of the asynchronous one.
   */
  put(key: string, pixels: PreparedPixels): boolean {
    this.expire()
    this.drop(key)
    const rowBytes = pixels.width * 3
    const bytes = rowBytes * pixels.height
    // Nothing a model could use (and no range to give it): a miss later, like a failed write.
    if (!Number.isSafeInteger(bytes) || bytes <= 0 || !Number.isInteger(pixels.width) || !Number.isInteger(pixels.height)) return false
    const offset = this.space.take(bytes)
    if (offset === undefined) {
      this.stats.refused++
      return false
    }
    this.cancelTrim()
    try {
      const file = this.openFile()
      writePixels(file.fd, pixels, rowBytes, offset)
      this.heldBytes += bytes
      this.entries.set(key, { image: { preparedFile: file.path, offset, width: pixels.width, height: pixels.height }, bytes, at: this.now() })
      return true
    } catch {
      this.space.give(offset, bytes)
      this.scheduleTrimIfIdle()
      return false
    }
  }

  /** The input for `key`, removed from the store: call release() once it has been used. */
  take(key: string): PreparedImage | undefined {
    this.expire()
    const entry = this.entries.get(key)
    if (!entry) {
      this.stats.misses++
      return undefined
    }
    this.entries.delete(key)
    this.stats.hits++
    this.taken.set(entry.image, entry)
    return entry.image
  }

  /** Frees a taken input's bytes for the next put; anything else (released already, never taken here) is ignored. */
  release(image: PreparedImage): void {
    const entry = this.taken.get(image)
    if (!entry) return
    this.taken.delete(image)
    this.free(entry.image.offset, entry.bytes)
  }

  private openFile(): { path: string; fd: number } {
    if (this.file) return this.file
    mkdirSync(this.options.dir, { recursive: true })
    // A name per opening, so a reader still holding an earlier file (after clear()) never sees new bytes under its name.
    const path = join(this.options.dir, `inputs-${randomBytes(6).toString('hex')}.rgb`)
    this.file = { path, fd: openSync(path, 'w+') }
    return this.file
  }

  private forget(): void {
    this.cancelTrim()
    this.entries.clear()
    // A later release() must not free ranges of a file that is gone.
    this.taken.clear()
    this.heldBytes = 0
    this.space = new FreeExtents(this.maxBytes)
    if (this.file) {
      try {
        closeSync(this.file.fd)
      } catch {
        // Already closed: nothing to do.
      }
      this.file = undefined
    }
  }

  private free(offset: number, bytes: number): void {
    this.space.give(offset, bytes)
    this.heldBytes -= bytes
    this.scheduleTrimIfIdle()
  }

  private scheduleTrimIfIdle(): void {
    if (this.heldBytes > 0 || !this.file || this.trimTimer) return
    this.trimTimer = setTimeout(() => {
      this.trimTimer = undefined
      if (this.heldBytes > 0 || !this.file) return
      try {
        ftruncateSync(this.file.fd, 0)
      } catch {
        // Emptied at the next start by clear().
      }
    }, this.idleTrimMs)
    this.trimTimer.unref()
  }

  private cancelTrim(): void {
    if (!this.trimTimer) return
    clearTimeout(this.trimTimer)
    this.trimTimer = undefined
  }

  private removeQuietly(file: string): void {
    try {
      rmSync(file, { force: true })
    } catch {
      // Left for clear() at the next start.
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    this.free(entry.image.offset, entry.bytes)
  }

  /** Map order is insertion order, so the expired ones are at the front. */
  private expire(): void {
    const oldest = this.now() - this.maxAgeMs
    for (const [key, entry] of this.entries) {
      if (entry.at > oldest) break
      this.drop(key)
      this.stats.expired++
    }
  }
}

/**
 * The pixels' rows at `offset`: one write when they are contiguous, else one writev of the rows
 * (a crop of a bigger image goes to the file without being copied first; see PreparedPixels.stride).
 */
function writePixels(fd: number, pixels: PreparedPixels, rowBytes: number, offset: number): void {
  const stride = pixels.stride ?? rowBytes
  const bytes = rowBytes * pixels.height
  if (!Number.isInteger(stride) || stride < rowBytes) throw new RangeError('rows closer together than a row is long')
  if (stride === rowBytes) {
    if (pixels.rgb.byteLength < bytes) throw new RangeError('fewer bytes than width x height x 3')
    let done = 0
    while (done < bytes) {
      const n = writeSync(fd, pixels.rgb, done, bytes - done, offset + done)
      if (n <= 0) throw new Error('the write made no progress')
      done += n
    }
    return
  }
  if (pixels.rgb.byteLength < stride * (pixels.height - 1) + rowBytes) throw new RangeError('the rows run past the pixels')
  // In groups well under IOV_MAX (1024 on Linux and macOS), which a single writev may not exceed.
  for (let first = 0; first < pixels.height; first += ROWS_PER_WRITEV) {
    const rows: Uint8Array[] = []
    const end = Math.min(pixels.height, first + ROWS_PER_WRITEV)
    for (let y = first; y < end; y++) rows.push(pixels.rgb.subarray(y * stride, y * stride + rowBytes))
    // A short writev on a regular file means the disk is full: a failed put, not a retry.
    if (writevSync(fd, rows, offset + first * rowBytes) !== rows.length * rowBytes) throw new Error('short write')
  }
}

const ROWS_PER_WRITEV = 512
