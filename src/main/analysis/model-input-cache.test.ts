// The store of prepared model inputs: byte ranges of one file on disk, keyed by photo, bounded in
// bytes, forgetting untaken inputs after a while, and never failing a put loudly (a miss only costs
// speed). The bytes are checked through readPreparedImageSync, the inference worker's reader.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PreparedImage, PreparedPixels } from '../ml'
import { readPreparedImageSync } from '../ml/worker/prepared-file'
import { ModelInputCache } from './model-input-cache'

let root: string
let dir: string

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'photohouse-model-input-cache-'))
  dir = path.join(root, 'inputs')
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

/** Distinct, recognisable bytes per seed so a mix-up between entries shows. */
function pixels(width: number, height: number, seed: number): PreparedPixels {
  const rgb = new Uint8Array(width * height * 3)
  for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 7 + seed * 31) & 0xff
  return { rgb, width, height, source: `photo-${seed}.jpg` }
}

/** The bytes the inference worker reads for a taken input. */
function bytesOf(image: PreparedImage): Uint8Array {
  return new Uint8Array(readPreparedImageSync(image).rgb)
}

function filesIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder) : []
}

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start
  return { now: () => t, advance: (ms) => (t += ms) }
}

describe('ModelInputCache', () => {
  it('put then take gives a range of its file holding exactly the bytes, with the size', () => {
    const cache = new ModelInputCache({ dir })
    const input = pixels(8, 5, 1)
    expect(cache.put('a', input)).toBe(true)
    expect(cache.size).toBe(1)
    expect(cache.bytes).toBe(8 * 5 * 3)

    const image = cache.take('a')
    expect(image).toBeDefined()
    expect(image!.width).toBe(8)
    expect(image!.height).toBe(5)
    expect(path.dirname(image!.preparedFile)).toBe(dir)
    expect(bytesOf(image!)).toEqual(input.rgb)
  })

  it('keeps every input in one file, each in its own range', () => {
    const cache = new ModelInputCache({ dir })
    for (let seed = 1; seed <= 5; seed++) expect(cache.put(`k${seed}`, pixels(4, 3, seed))).toBe(true)
    expect(filesIn(dir)).toHaveLength(1)
    const images = [1, 2, 3, 4, 5].map((seed) => cache.take(`k${seed}`)!)
    expect(new Set(images.map((i) => i.offset)).size).toBe(5)
    images.forEach((image, i) => expect(bytesOf(image), `k${i + 1}`).toEqual(pixels(4, 3, i + 1).rgb))
  })

  it('writes a crop given as rows of a bigger image (stride), without the rest of the image', () => {
    const cache = new ModelInputCache({ dir })
    // A 6x4 image; the crop is its centre 2x2, rows 1-2, columns 2-3.
    const whole = pixels(6, 4, 9).rgb
    const stride = 6 * 3
    const start = 1 * stride + 2 * 3
    expect(cache.put('crop', { rgb: whole.subarray(start), width: 2, height: 2, stride, source: 'crop' })).toBe(true)
    const expected = new Uint8Array([...whole.subarray(start, start + 6), ...whole.subarray(start + stride, start + stride + 6)])
    expect(bytesOf(cache.take('crop')!)).toEqual(expected)
    expect(cache.bytes).toBe(12)
  })

  it('writes a crop taller than one writev takes (more rows than IOV_MAX)', () => {
    const cache = new ModelInputCache({ dir })
    const height = 1500
    const whole = pixels(3, height, 4).rgb // 3 px wide; the crop is column 1
    const rows = { rgb: whole.subarray(3), width: 1, height, stride: 9, source: 'tall' }
    expect(cache.put('tall', rows)).toBe(true)
    const expected = new Uint8Array(height * 3)
    for (let y = 0; y < height; y++) expected.set(whole.subarray(y * 9 + 3, y * 9 + 6), y * 3)
    expect(bytesOf(cache.take('tall')!)).toEqual(expected)
  })

  it('refuses pixels with fewer bytes than their size says, holding nothing', () => {
    const cache = new ModelInputCache({ dir })
    expect(cache.put('short', { rgb: new Uint8Array(10), width: 4, height: 4, source: 'short' })).toBe(false)
    expect(cache.put('rows', { rgb: new Uint8Array(40), width: 4, height: 4, stride: 13, source: 'rows' })).toBe(false)
    expect(cache.put('overlapping', { rgb: new Uint8Array(100), width: 4, height: 4, stride: 6, source: 'overlapping' })).toBe(false)
    expect(cache.bytes).toBe(0)
    expect(cache.size).toBe(0)
    // Their ranges were given back: the whole space is there for the next put.
    const full = new ModelInputCache({ dir: path.join(root, 'full'), maxBytes: 48 })
    expect(full.put('short', { rgb: new Uint8Array(10), width: 4, height: 4, source: 'short' })).toBe(false)
    expect(full.put('a', pixels(4, 4, 1))).toBe(true)
  })

  it('refuses pixels of no size or a fractional size, without throwing', () => {
    const cache = new ModelInputCache({ dir })
    expect(cache.put('empty', { rgb: new Uint8Array(0), width: 0, height: 224, source: 'empty' })).toBe(false)
    expect(cache.put('half', { rgb: new Uint8Array(12), width: 1.5, height: 2, source: 'half' })).toBe(false)
    expect(cache.size).toBe(0)
    expect(cache.bytes).toBe(0)
  })

  it('take removes the entry: a second take is a miss, and the stats count both', () => {
    const cache = new ModelInputCache({ dir })
    cache.put('a', pixels(4, 4, 1))
    expect(cache.take('a')).toBeDefined()
    expect(cache.size).toBe(0)
    expect(cache.take('a')).toBeUndefined()
    expect(cache.take('never-put')).toBeUndefined()
    expect(cache.stats).toEqual({ hits: 1, misses: 2, refused: 0, expired: 0 })
  })

  it('a taken input keeps its range until release, and the next put reuses the range', () => {
    const cache = new ModelInputCache({ dir })
    cache.put('a', pixels(4, 4, 1))
    cache.put('b', pixels(4, 4, 2))
    const image = cache.take('a')!
    expect(cache.bytes).toBe(2 * 48)
    // Not overwritten while taken.
    cache.put('c', pixels(4, 4, 3))
    expect(bytesOf(image)).toEqual(pixels(4, 4, 1).rgb)

    cache.release(image)
    expect(cache.bytes).toBe(2 * 48)
    cache.put('d', pixels(4, 4, 4))
    const d = cache.take('d')!
    expect(d.offset).toBe(image.offset)
    expect(bytesOf(d)).toEqual(pixels(4, 4, 4).rgb)

    // A second release of the same input frees nothing: its range is d's now.
    cache.release(image)
    expect(cache.bytes).toBe(3 * 48)
    cache.put('e', pixels(4, 4, 5))
    expect(bytesOf(d)).toEqual(pixels(4, 4, 4).rgb)
  })

  it('release of an input the cache never handed out does nothing', async () => {
    const cache = new ModelInputCache({ dir })
    cache.put('a', pixels(4, 4, 1))
    const foreign = path.join(root, 'foreign.rgb')
    await writeFile(foreign, Buffer.alloc(48))
    cache.release({ preparedFile: foreign, width: 4, height: 4 })
    cache.release({ preparedFile: foreign, offset: 0, width: 4, height: 4 })
    expect(existsSync(foreign)).toBe(true)
    expect(cache.bytes).toBe(48)
    // Nor does releasing the range of an input that is waiting, not taken.
    const a = cache.take('a')!
    cache.put('b', pixels(4, 4, 2))
    const b = { ...a, offset: a.offset! + 48 }
    cache.release(b)
    expect(cache.bytes).toBe(96)
    expect(cache.take('b')).toBeDefined()
  })

  it('refuses a put beyond maxBytes and keeps the older entries', () => {
    const cache = new ModelInputCache({ dir, maxBytes: 100 })
    expect(cache.put('old1', pixels(4, 4, 1))).toBe(true) // 48 bytes
    expect(cache.put('old2', pixels(4, 4, 2))).toBe(true) // 96 bytes
    expect(cache.put('new', pixels(2, 1, 3))).toBe(false) // 6 more would make 102
    expect(cache.stats.refused).toBe(1)
    expect(cache.bytes).toBe(96)
    expect(cache.size).toBe(2)
    expect(statSync(path.join(dir, filesIn(dir)[0]!)).size).toBeLessThanOrEqual(100)

    expect(cache.take('new')).toBeUndefined()
    const old1 = cache.take('old1')!
    expect(bytesOf(old1)).toEqual(pixels(4, 4, 1).rgb)
    expect(cache.take('old2')).toBeDefined()
  })

  it('a put that exactly fills maxBytes is kept', () => {
    const cache = new ModelInputCache({ dir, maxBytes: 96 })
    expect(cache.put('a', pixels(4, 4, 1))).toBe(true)
    expect(cache.put('b', pixels(4, 4, 2))).toBe(true)
    expect(cache.bytes).toBe(96)
    expect(cache.stats.refused).toBe(0)
  })

  it('taken but unreleased inputs still count against maxBytes', () => {
    const cache = new ModelInputCache({ dir, maxBytes: 60 })
    cache.put('a', pixels(4, 4, 1)) // 48
    const image = cache.take('a')!
    expect(cache.put('b', pixels(4, 4, 2))).toBe(false)
    cache.release(image)
    expect(cache.put('b', pixels(4, 4, 2))).toBe(true)
  })

  it('entries older than maxAgeMs expire on the next put, freeing their range', () => {
    const clock = manualClock()
    const cache = new ModelInputCache({ dir, maxAgeMs: 1000, now: clock.now, maxBytes: 96 })
    cache.put('a', pixels(4, 4, 1))
    clock.advance(500)
    cache.put('b', pixels(4, 4, 2))
    clock.advance(600) // a is 1100 ms old, b 600 ms

    // Fits only because a expired.
    expect(cache.put('c', pixels(4, 4, 3))).toBe(true)
    expect(cache.stats.expired).toBe(1)
    expect(cache.size).toBe(2)
    expect(cache.bytes).toBe(96)
    expect(cache.take('a')).toBeUndefined()
    expect(bytesOf(cache.take('b')!)).toEqual(pixels(4, 4, 2).rgb)
    expect(bytesOf(cache.take('c')!)).toEqual(pixels(4, 4, 3).rgb)
  })

  it('entries older than maxAgeMs expire on the next take', () => {
    const clock = manualClock()
    const cache = new ModelInputCache({ dir, maxAgeMs: 1000, now: clock.now })
    cache.put('a', pixels(4, 4, 1))
    cache.put('b', pixels(4, 4, 2))
    clock.advance(1001)

    expect(cache.take('a')).toBeUndefined()
    expect(cache.stats).toEqual({ hits: 0, misses: 1, refused: 0, expired: 2 })
    expect(cache.size).toBe(0)
    expect(cache.bytes).toBe(0)
  })

  it('an entry younger than maxAgeMs survives', () => {
    const clock = manualClock()
    const cache = new ModelInputCache({ dir, maxAgeMs: 1000, now: clock.now })
    cache.put('a', pixels(4, 4, 1))
    clock.advance(999)
    expect(cache.take('a')).toBeDefined()
    expect(cache.stats.expired).toBe(0)
  })

  it('taken inputs do not expire: their bytes stay until release', () => {
    const clock = manualClock()
    const cache = new ModelInputCache({ dir, maxAgeMs: 1000, now: clock.now })
    cache.put('a', pixels(4, 4, 1))
    const image = cache.take('a')!
    clock.advance(5000)
    cache.put('b', pixels(4, 4, 2))
    expect(cache.stats.expired).toBe(0)
    expect(bytesOf(image)).toEqual(pixels(4, 4, 1).rgb)
    expect(cache.bytes).toBe(96)
  })

  it('putting the same key twice keeps the newer bytes and frees the older range', () => {
    const cache = new ModelInputCache({ dir })
    cache.put('a', pixels(4, 4, 1))
    cache.put('a', pixels(3, 2, 2))
    expect(cache.size).toBe(1)
    expect(cache.bytes).toBe(3 * 2 * 3)
    const image = cache.take('a')!
    expect([image.width, image.height]).toEqual([3, 2])
    expect(bytesOf(image)).toEqual(pixels(3, 2, 2).rgb)
  })

  it('empties its file once nothing has been held for idleTrimMs, and fills it again on the next put', () => {
    vi.useFakeTimers()
    try {
      const cache = new ModelInputCache({ dir, idleTrimMs: 1000 })
      cache.put('a', pixels(4, 4, 1))
      const file = path.join(dir, filesIn(dir)[0]!)
      const a = cache.take('a')!
      vi.advanceTimersByTime(5000)
      expect(statSync(file).size).toBe(48) // still taken
      cache.release(a)
      vi.advanceTimersByTime(999)
      expect(statSync(file).size).toBe(48)
      // A put before the time is up keeps the file as it is.
      cache.put('b', pixels(4, 4, 2))
      vi.advanceTimersByTime(5000)
      const b = cache.take('b')!
      expect(bytesOf(b)).toEqual(pixels(4, 4, 2).rgb)
      cache.release(b)
      vi.advanceTimersByTime(1000)
      expect(statSync(file).size).toBe(0)
      expect(cache.put('c', pixels(4, 4, 3))).toBe(true)
      expect(bytesOf(cache.take('c')!)).toEqual(pixels(4, 4, 3).rgb)
    } finally {
      vi.useRealTimers()
    }
  })

  it('close() deletes its file', () => {
    const cache = new ModelInputCache({ dir })
    cache.put('a', pixels(4, 4, 1))
    expect(filesIn(dir)).toHaveLength(1)
    cache.close()
    expect(filesIn(dir)).toEqual([])
    expect(cache.size).toBe(0)
    expect(cache.bytes).toBe(0)
  })

  it('clear() removes files an earlier run left and everything held', async () => {
    await mkdir(dir, { recursive: true })
    const stray = path.join(dir, 'left-by-a-crash.rgb')
    await writeFile(stray, Buffer.alloc(147))

    const cache = new ModelInputCache({ dir })
    await cache.clear()
    expect(existsSync(stray)).toBe(false)

    cache.put('a', pixels(4, 4, 1))
    await cache.clear()
    expect(cache.size).toBe(0)
    expect(cache.bytes).toBe(0)
    expect(filesIn(dir)).toEqual([])
    expect(cache.take('a')).toBeUndefined()

    // The folder and a file are made again on the next put.
    expect(cache.put('b', pixels(4, 4, 2))).toBe(true)
    expect(await readdir(dir)).toHaveLength(1)
  })

  it('releasing an input taken before clear() frees nothing of the new file', async () => {
    const cache = new ModelInputCache({ dir })
    cache.put('a', pixels(4, 4, 1))
    const image = cache.take('a')!
    await cache.clear()
    cache.release(image)
    expect(cache.bytes).toBe(0)
    expect(cache.put('b', pixels(4, 4, 2))).toBe(true)
    const b = cache.take('b')!
    expect(b.preparedFile).not.toBe(image.preparedFile)
    // The old input's range in the new file is b's, and stays b's.
    cache.release(image)
    expect(cache.bytes).toBe(48)
    expect(cache.put('c', pixels(4, 4, 3))).toBe(true)
    expect(bytesOf(b)).toEqual(pixels(4, 4, 2).rgb)
  })

  it('a put into a folder that cannot be made returns false and holds no bytes', async () => {
    // The folder path is an existing regular file.
    const blocked = path.join(root, 'not-a-folder')
    await writeFile(blocked, 'x')
    const cache = new ModelInputCache({ dir: blocked })
    expect(cache.put('a', pixels(4, 4, 1))).toBe(false)
    expect(cache.bytes).toBe(0)
    expect(cache.size).toBe(0)
    expect(cache.take('a')).toBeUndefined()
    expect(statSync(blocked).isFile()).toBe(true)

    // Below a regular file too.
    const below = new ModelInputCache({ dir: path.join(blocked, 'inputs') })
    expect(below.put('a', pixels(4, 4, 1))).toBe(false)
    expect(below.bytes).toBe(0)
  })
})
