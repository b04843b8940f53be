// The store of prepared model inputs: files on disk keyed by photo, bounded in bytes, forgetting
// untaken inputs after a while, and never failing a put loudly (a miss only costs speed).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PreparedPixels } from '../ml'
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

function filesIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder) : []
}

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start
  return { now: () => t, advance: (ms) => (t += ms) }
}

describe('ModelInputCache', () => {
  it('put then take gives the file holding exactly the bytes, with the size', () => {
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
    expect(new Uint8Array(readFileSync(image!.preparedFile))).toEqual(input.rgb)
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

  it('a taken input keeps its file and bytes until release, which deletes the file', () => {
    const cache = new ModelInputCache({ dir })
    cache.put('a', pixels(4, 4, 1))
    cache.put('b', pixels(2, 2, 2))
    const image = cache.take('a')!
    expect(cache.bytes).toBe(4 * 4 * 3 + 2 * 2 * 3)
    expect(existsSync(image.preparedFile)).toBe(true)

    cache.release(image)
    expect(existsSync(image.preparedFile)).toBe(false)
    expect(cache.bytes).toBe(2 * 2 * 3)

    // A second release of the same input does not free its bytes twice.
    cache.release(image)
    expect(cache.bytes).toBe(2 * 2 * 3)
  })

  it('release of an input the cache never handed out does nothing', async () => {
    const cache = new ModelInputCache({ dir })
    cache.put('a', pixels(4, 4, 1))
    const foreign = path.join(root, 'foreign.rgb')
    await writeFile(foreign, Buffer.alloc(48))
    cache.release({ preparedFile: foreign, width: 4, height: 4 })
    expect(existsSync(foreign)).toBe(true)
    expect(cache.bytes).toBe(48)
  })

  it('refuses a put beyond maxBytes and keeps the older entries', () => {
    const cache = new ModelInputCache({ dir, maxBytes: 100 })
    expect(cache.put('old1', pixels(4, 4, 1))).toBe(true) // 48 bytes
    expect(cache.put('old2', pixels(4, 4, 2))).toBe(true) // 96 bytes
    expect(cache.put('new', pixels(2, 1, 3))).toBe(false) // 6 more would make 102
    expect(cache.stats.refused).toBe(1)
    expect(cache.bytes).toBe(96)
    expect(cache.size).toBe(2)
    expect(filesIn(dir)).toHaveLength(2)

    expect(cache.take('new')).toBeUndefined()
    const old1 = cache.take('old1')!
    expect(new Uint8Array(readFileSync(old1.preparedFile))).toEqual(pixels(4, 4, 1).rgb)
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

  it('entries older than maxAgeMs expire on the next put, deleting their files', () => {
    const clock = manualClock()
    const cache = new ModelInputCache({ dir, maxAgeMs: 1000, now: clock.now })
    cache.put('a', pixels(4, 4, 1))
    const fileOfA = path.join(dir, filesIn(dir)[0]!)
    clock.advance(500)
    cache.put('b', pixels(4, 4, 2))
    clock.advance(600) // a is 1100 ms old, b 600 ms

    cache.put('c', pixels(4, 4, 3))
    expect(cache.stats.expired).toBe(1)
    expect(existsSync(fileOfA)).toBe(false)
    expect(cache.size).toBe(2)
    expect(cache.bytes).toBe(96)
    expect(filesIn(dir)).toHaveLength(2)
    expect(cache.take('a')).toBeUndefined()
    expect(cache.take('b')).toBeDefined()
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
    expect(filesIn(dir)).toEqual([])
  })

  it('an entry younger than maxAgeMs survives', () => {
    const clock = manualClock()
    const cache = new ModelInputCache({ dir, maxAgeMs: 1000, now: clock.now })
    cache.put('a', pixels(4, 4, 1))
    clock.advance(999)
    expect(cache.take('a')).toBeDefined()
    expect(cache.stats.expired).toBe(0)
  })

  it('taken inputs do not expire: their file stays until release', () => {
    const clock = manualClock()
    const cache = new ModelInputCache({ dir, maxAgeMs: 1000, now: clock.now })
    cache.put('a', pixels(4, 4, 1))
    const image = cache.take('a')!
    clock.advance(5000)
    cache.put('b', pixels(4, 4, 2))
    expect(cache.stats.expired).toBe(0)
    expect(existsSync(image.preparedFile)).toBe(true)
    cache.release(image)
    expect(existsSync(image.preparedFile)).toBe(false)
  })

  it('putting the same key twice leaves one file, holding the newer bytes', () => {
    const cache = new ModelInputCache({ dir })
    cache.put('a', pixels(4, 4, 1))
    const first = path.join(dir, filesIn(dir)[0]!)
    cache.put('a', pixels(3, 2, 2))

    expect(existsSync(first)).toBe(false)
    expect(filesIn(dir)).toHaveLength(1)
    expect(cache.size).toBe(1)
    expect(cache.bytes).toBe(3 * 2 * 3)
    const image = cache.take('a')!
    expect(image.preparedFile).not.toBe(first)
    expect([image.width, image.height]).toEqual([3, 2])
    expect(new Uint8Array(readFileSync(image.preparedFile))).toEqual(pixels(3, 2, 2).rgb)
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

    // The folder is made again on the next put.
    expect(cache.put('b', pixels(4, 4, 2))).toBe(true)
    expect(await readdir(dir)).toHaveLength(1)
  })

  it('releasing an input taken before clear() does not drive the byte count below zero', async () => {
    const cache = new ModelInputCache({ dir })
    cache.put('a', pixels(4, 4, 1))
    const image = cache.take('a')!
    await cache.clear()
    cache.release(image)
    expect(cache.bytes).toBe(0)
    expect(cache.put('b', pixels(4, 4, 2))).toBe(true)
    expect(cache.bytes).toBe(48)
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
