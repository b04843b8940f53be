import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { PreparedImage, PreparedPixels } from '../ml'

/**
 * Model inputs the thumbnail stage prepared, held until the AI stage that needs them takes them
 * (see prepareClassifierInput). Each is a small file (147 KiB for a 224 px input) that the
 * inference process reads — cheaper than sending the bytes over IPC (see PreparedImage). A miss
 * costs nothing but speed: the stage decodes the thumbnail instead. So the store is small and
 * forgets freely:
 *  - bounded in bytes; when full it refuses new inputs rather than dropping old ones, because the
 *    task queue runs the oldest photos first — dropping those would turn every lookup into a miss
 *    exactly when inference lags behind the thumbnails;
 *  - inputs nobody took (a stage skipped, a photo deleted) expire;
 *  - files a previous run left (a crash) are removed by clear() at start.
 */
export interface ModelInputCacheOptions {
  /** A folder of its own: clear() empties it. */
  dir: string
  /** Default 48 MiB: ~160 photos with a classifier and a CLIP input each. */
  maxBytes?: number
  /** Default 10 minutes. */
  maxAgeMs?: number
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
  image: PreparedImage
  bytes: number
  at: number
}

export class ModelInputCache {
  private readonly entries = new Map<string, Entry>()
  /** File -> bytes of inputs taken but not yet released. */
  private readonly taken = new Map<string, number>()
  private readonly maxBytes: number
  private readonly maxAgeMs: number
  private readonly now: () => number
  private heldBytes = 0
  private dirReady = false
  readonly stats: ModelInputCacheStats = { hits: 0, misses: 0, refused: 0, expired: 0 }

  constructor(private readonly options: ModelInputCacheOptions) {
    this.maxBytes = options.maxBytes ?? 48 * 1024 * 1024
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60 * 1000
    this.now = options.now ?? Date.now
  }

  /** Bytes of inputs waiting (taken ones count until released). */
  get bytes(): number {
    return this.heldBytes
  }

  /** Inputs waiting to be taken. */
  get size(): number {
    return this.entries.size
  }

  /** Removes every file in the folder, also those of an earlier run. */
  async clear(): Promise<void> {
    this.entries.clear()
    // The taken inputs' files go too: a later release() must not subtract their bytes again.
    this.taken.clear()
    this.heldBytes = 0
    this.dirReady = false
    await rm(this.options.dir, { recursive: true, force: true })
  }

  /**
   * Writes the input for `key`; false when it did not fit (or could not be written: a miss later, no
   * harm). Synchronous file calls on purpose: a 147 KiB write into the page cache takes ~0.06 ms,
   * less than the three thread-pool round trips (open, write, close) of the asynchronous one.
   */
  put(key: string, pixels: PreparedPixels): boolean {
    this.expire()
    this.drop(key)
    const bytes = pixels.rgb.byteLength
    if (this.heldBytes + bytes > this.maxBytes) {
      this.stats.refused++
      return false
    }
    this.heldBytes += bytes
    // Unique per write, so a put for the same key racing a release never deletes the new file.
    const file = join(this.options.dir, `${createHash('sha1').update(key).digest('hex')}-${randomBytes(4).toString('hex')}.rgb`)
    try {
      if (!this.dirReady) mkdirSync(this.options.dir, { recursive: true })
      this.dirReady = true
      writeFileSync(file, pixels.rgb)
    } catch {
      this.heldBytes -= bytes
      // Quietly: when the folder path is a regular file, rmSync throws ENOTDIR even with force.
      this.removeQuietly(file)
      return false
    }
    this.entries.set(key, { image: { preparedFile: file, width: pixels.width, height: pixels.height }, bytes, at: this.now() })
    return true
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
    this.taken.set(entry.image.preparedFile, entry.bytes)
    return entry.image
  }

  /** Deletes a taken input's file. */
  release(image: PreparedImage): void {
    const bytes = this.taken.get(image.preparedFile)
    if (bytes === undefined) return
    this.taken.delete(image.preparedFile)
    this.heldBytes -= bytes
    this.removeQuietly(image.preparedFile)
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
    this.heldBytes -= entry.bytes
    this.removeQuietly(entry.image.preparedFile)
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
