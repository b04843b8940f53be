// Reading prepared model inputs (raw 8-bit RGB files): exact bytes back, and a clear ImageDecodeError
// naming the file when it is missing or the wrong size.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ImageDecodeError } from './image-tensor'
import { readPreparedImageSync } from './prepared-file'

let work: string

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'photohouse-prepared-file-'))
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

function rgb(width: number, height: number, seed: number): Uint8Array {
  const out = new Uint8Array(width * height * 3)
  for (let i = 0; i < out.length; i++) out[i] = (i * 13 + seed * 41) & 0xff
  return out
}

async function writeInput(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(work, name)
  await writeFile(file, bytes)
  return file
}

function decodeErrorOf(run: () => unknown): ImageDecodeError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ImageDecodeError)
    return error as ImageDecodeError
  }
  throw new Error('expected an ImageDecodeError, nothing was thrown')
}

describe('readPreparedImageSync', () => {
  it('returns the pixels of a width*height*3 file, with its size and source', async () => {
    const bytes = rgb(7, 5, 1)
    const file = await writeInput('a.rgb', bytes)
    const pixels = readPreparedImageSync({ preparedFile: file, width: 7, height: 5 })
    expect(pixels.width).toBe(7)
    expect(pixels.height).toBe(5)
    expect(pixels.source).toBe(file)
    expect(pixels.rgb.length).toBe(7 * 5 * 3)
    expect(new Uint8Array(pixels.rgb)).toEqual(bytes)
  })

  it('reads a full 224 px classifier input', async () => {
    const bytes = rgb(224, 224, 2)
    const file = await writeInput('classifier.rgb', bytes)
    const pixels = readPreparedImageSync({ preparedFile: file, width: 224, height: 224 })
    expect(pixels.rgb.length).toBe(bytes.length)
    // Buffer.compare: toEqual walks 150k elements one by one, slowly.
    expect(Buffer.compare(pixels.rgb, bytes)).toBe(0)
  })

  it('a file of the wrong size throws ImageDecodeError naming the file', async () => {
    const short = await writeInput('short.rgb', rgb(4, 4, 3).subarray(0, 47))
    const shortError = decodeErrorOf(() => readPreparedImageSync({ preparedFile: short, width: 4, height: 4 }))
    expect(shortError.code).toBe('IMAGE_DECODE')
    expect(shortError.imagePath).toBe(short)
    expect(shortError.message).toContain(short)
    expect(shortError.message).toContain('47 bytes, expected 48')

    const long = await writeInput('long.rgb', rgb(5, 4, 3))
    const longError = decodeErrorOf(() => readPreparedImageSync({ preparedFile: long, width: 4, height: 4 }))
    expect(longError.imagePath).toBe(long)
    expect(longError.message).toContain(long)

    const empty = await writeInput('empty.rgb', new Uint8Array(0))
    expect(decodeErrorOf(() => readPreparedImageSync({ preparedFile: empty, width: 4, height: 4 })).imagePath).toBe(empty)
  })

  it('a missing file throws ImageDecodeError naming the file', () => {
    const missing = path.join(work, 'never-written.rgb')
    const error = decodeErrorOf(() => readPreparedImageSync({ preparedFile: missing, width: 4, height: 4 }))
    expect(error.code).toBe('IMAGE_DECODE')
    expect(error.imagePath).toBe(missing)
    expect(error.message).toContain(missing)
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT')
  })

  it('a folder instead of a file throws ImageDecodeError', () => {
    const error = decodeErrorOf(() => readPreparedImageSync({ preparedFile: work, width: 4, height: 4 }))
    expect(error.imagePath).toBe(work)
  })

  it('consecutive reads of different files each return that file’s bytes', async () => {
    const bigBytes = rgb(16, 16, 4)
    const smallBytes = rgb(3, 2, 5)
    const otherBigBytes = rgb(16, 16, 6)
    const big = await writeInput('big.rgb', bigBytes)
    const small = await writeInput('small.rgb', smallBytes)
    const otherBig = await writeInput('other-big.rgb', otherBigBytes)

    // Copies: the returned pixels are valid only until the next call.
    const first = readPreparedImageSync({ preparedFile: big, width: 16, height: 16 })
    const firstCopy = Uint8Array.from(first.rgb)
    const second = readPreparedImageSync({ preparedFile: small, width: 3, height: 2 })
    const secondCopy = Uint8Array.from(second.rgb)
    const third = readPreparedImageSync({ preparedFile: otherBig, width: 16, height: 16 })
    const thirdCopy = Uint8Array.from(third.rgb)

    expect(firstCopy).toEqual(bigBytes)
    expect(secondCopy).toEqual(smallBytes)
    expect(second.rgb.length).toBe(3 * 2 * 3)
    expect(thirdCopy).toEqual(otherBigBytes)
  })

  it('a failed read does not spoil the next one', async () => {
    const good = await writeInput('good.rgb', rgb(4, 4, 7))
    decodeErrorOf(() => readPreparedImageSync({ preparedFile: path.join(work, 'gone.rgb'), width: 4, height: 4 }))
    const pixels = readPreparedImageSync({ preparedFile: good, width: 4, height: 4 })
    expect(new Uint8Array(pixels.rgb)).toEqual(rgb(4, 4, 7))
  })
})
