// Reading a prepared model input (see PreparedImage in protocol.ts): the classifier reads it straight
// into its batch (readPreparedImageInto), CLIP preprocessing into a scratch buffer it normalises from.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { ImageDecodeError, type PreparedPixels } from './image-tensor'
import type { PreparedImage } from './protocol'

function checked(image: PreparedImage, rgb: Uint8Array): PreparedPixels {
  const expected = image.width * image.height * 3
  if (rgb.length !== expected) {
    throw new ImageDecodeError(image.preparedFile, new Error(`prepared input has ${rgb.length} bytes, expected ${expected} (${image.width}x${image.height} RGB)`))
  }
  return { rgb, width: image.width, height: image.height, source: image.preparedFile }
}

let scratch = Buffer.alloc(0)

/**
 * For callers that use the pixels before anything else runs (CLIP preprocessing normalises them at
 * once). They are read into one buffer kept from call to call (fresh memory per image costs page
 * faults, see tensor-buffers.ts): valid until the next call. With an offset, width × height × 3
 * bytes are read from there (the input store's shared file); without, the whole file, which must be
 * exactly that size.
 */
export function readPreparedImageSync(image: PreparedImage): PreparedPixels {
  let fd: number | undefined
  try {
    const { offset } = image
    if (offset !== undefined && (!Number.isSafeInteger(offset) || offset < 0)) throw new Error(`offset ${offset} is not a byte position`)
    fd = openSync(image.preparedFile, 'r')
    const expected = image.width * image.height * 3
    const size = offset === undefined ? fstatSync(fd).size : expected
    if (scratch.length < size) scratch = Buffer.alloc(size)
    let read = 0
    while (read < size) {
      const n = readSync(fd, scratch, read, size - read, (offset ?? 0) + read)
      if (n === 0) break
      read += n
    }
    return checked(image, scratch.subarray(0, read))
  } catch (error) {
    throw error instanceof ImageDecodeError ? error : new ImageDecodeError(image.preparedFile, error)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/**
 * Reads a prepared input's width × height × 3 bytes straight into `out` at `offset` (a batch of
 * model inputs that are RGB bytes, see withRgbBytesInput): one read, no copy, no thread hop.
 */
export function readPreparedImageInto(image: PreparedImage, out: Uint8Array, offset = 0): void {
  let fd: number | undefined
  try {
    const expected = image.width * image.height * 3
    const at = image.offset ?? 0
    if (!Number.isSafeInteger(at) || at < 0) throw new Error(`offset ${image.offset} is not a byte position`)
    if (!Number.isSafeInteger(expected) || expected <= 0 || out.length < offset + expected) {
      throw new Error(`a ${image.width}x${image.height} input does not fit the batch`)
    }
    fd = openSync(image.preparedFile, 'r')
    // Without an offset the file is the input: it must be exactly that size.
    if (image.offset === undefined) {
      const size = fstatSync(fd).size
      if (size !== expected) throw new Error(`prepared input has ${size} bytes, expected ${expected} (${image.width}x${image.height} RGB)`)
    }
    let read = 0
    while (read < expected) {
      const n = readSync(fd, out, offset + read, expected - read, at + read)
      if (n === 0) throw new Error(`prepared input has ${read} bytes, expected ${expected} (${image.width}x${image.height} RGB)`)
      read += n
    }
  } catch (error) {
    throw error instanceof ImageDecodeError ? error : new ImageDecodeError(image.preparedFile, error)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
