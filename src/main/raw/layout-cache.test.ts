// One walk per file version: later reads of the same RAW fetch only its preview's bytes.
import { copyFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/fixtures'
import { TEST_DATA } from '../testing/test-data'
import { openRawFile, RawLayoutCache, readRawLayout, readRawPreviews, type OpenRawFile } from './preview'

const R6 = join(TEST_DATA, 'raw', 'camera', 'exiv2-Canon-R6-pruned.CR3')
const DNG = join(TEST_DATA, 'raw', 'chelsea-rotated.dng')

/** The real file access, counting whole-file reads and the bytes read by range. */
function countingOpen(): { open: OpenRawFile; wholeReads: number; rangeBytes: number } {
  const counts = {
    wholeReads: 0,
    rangeBytes: 0,
    open: (async (path) => {
      const file = await openRawFile(path)
      return {
        ...file,
        readAll: () => {
          counts.wholeReads++
          return file.readAll()
        },
        read: async (offset, length) => {
          const bytes = await file.read(offset, length)
          counts.rangeBytes += bytes.length
          return bytes
        },
      }
    }) as OpenRawFile,
  }
  return counts
}

describe('RAW layout cache', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  it('the second read of a file reads only the preview bytes, and gives the same previews', async () => {
    const path = join(dir.path, 'a.CR3')
    copyFileSync(R6, path)
    const io = countingOpen()
    const cache = new RawLayoutCache()
    const first = await readRawPreviews(path, { open: io.open, cache })
    expect({ whole: io.wholeReads, range: io.rangeBytes }).toEqual({ whole: 1, range: 0 })
    const second = await readRawPreviews(path, { open: io.open, cache })
    expect(io.wholeReads).toBe(1)
    expect(io.rangeBytes).toBe(first[0]!.stream.length) // 389 450 of the file's 492 016 bytes
    expect(second.map((p) => ({ ...p, jpeg: p.jpeg.toString('base64') }))).toEqual(first.map((p) => ({ ...p, jpeg: p.jpeg.toString('base64') })))
    // The layout itself is read from the cache without touching the file's bytes.
    await readRawLayout(path, { open: io.open, cache })
    expect({ whole: io.wholeReads, range: io.rangeBytes }).toEqual({ whole: 1, range: first[0]!.stream.length })
  })

  it('a changed file (other size or mtime) is walked again', async () => {
    const path = join(dir.path, 'b.CR3')
    copyFileSync(R6, path)
    utimesSync(path, new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'))
    const io = countingOpen()
    const cache = new RawLayoutCache()
    const [r6] = await readRawPreviews(path, { open: io.open, cache })
    // Replaced by another RAW (another size): its own preview, not a range of the old layout.
    copyFileSync(DNG, path)
    const [dng] = await readRawPreviews(path, { open: io.open, cache })
    expect(io.wholeReads).toBe(2)
    expect(dng!.stream).not.toEqual(r6!.stream)
    expect(dng!.jpeg.equals(readFileSync(DNG).subarray(dng!.stream.offset, dng!.stream.offset + dng!.stream.length))).toBe(true)
    // Same size, new mtime (rewritten in place): walked again too.
    const bytes = readFileSync(path)
    writeFileSync(path, bytes)
    utimesSync(path, new Date('2021-01-01T00:00:00Z'), new Date('2021-01-01T00:00:00Z'))
    await readRawPreviews(path, { open: io.open, cache })
    expect(io.wholeReads).toBe(3)
  })

  it('holds at most its capacity of files, dropping the least recently used', async () => {
    const paths = ['c', 'd', 'e'].map((name) => join(dir.path, `${name}.dng`))
    for (const path of paths) copyFileSync(DNG, path)
    const io = countingOpen()
    const cache = new RawLayoutCache(2)
    await readRawLayout(paths[0]!, { open: io.open, cache })
    await readRawLayout(paths[1]!, { open: io.open, cache })
    await readRawLayout(paths[0]!, { open: io.open, cache }) // c is now the most recently used
    await readRawLayout(paths[2]!, { open: io.open, cache }) // drops d
    expect(io.wholeReads).toBe(3)
    await readRawLayout(paths[0]!, { open: io.open, cache })
    expect(io.wholeReads).toBe(3)
    await readRawLayout(paths[1]!, { open: io.open, cache })
    expect(io.wholeReads).toBe(4)
  })
})
