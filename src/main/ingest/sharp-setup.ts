// One place that decides how ingest uses sharp/libvips, and how libvips failures become BrokenFileErrors.
import { availableParallelism } from 'node:os'
import sharp, { type SharpOptions } from 'sharp'
import { BrokenFileError } from './broken-file-error'

let configured = false

/**
 * Applied once, lazily, by every ingest entry point that uses sharp.
 * - cache(false): an importer touches each file once; libvips' operation cache would only pin memory and
 *   open file handles.
 * - concurrency: libvips threads per image. The task queue already processes several images at once (each
 *   sharp call runs on a libuv worker thread, never on the main thread), so giving every image all cores
 *   would oversubscribe the CPU; half the cores (at least 1) keeps a single large image fast while leaving
 *   room for the UI and for parallel jobs.
 */
export function ensureSharpConfigured(): void {
  if (configured) return
  configured = true
  sharp.cache(false)
  sharp.concurrency(sharpThreadsPerImage())
}

export function sharpThreadsPerImage(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2))
}

/** A hard stop so that a pathological file can never occupy a libvips thread forever. */
export const SHARP_TIMEOUT_SECONDS = 120

/**
 * The most pixels an input may have (sharp's own default, 0x3FFF squared, stated here so that the HEIC
 * decoder, which sharp does not run, refuses the same images).
 */
export const MAX_INPUT_PIXELS = 268_402_689

/**
 * 'truncated' fails on files that end early while tolerating the harmless warnings many real camera
 * JPEGs trigger ("extraneous bytes before marker"): those still decode to a correct picture.
 */
export const SHARP_INPUT_OPTIONS = { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS } as const satisfies SharpOptions

const TRUNCATED = /premature end|truncat|unexpected end|end of (file|stream|data)|not enough data|bad seek|short read|out of data/i
const TOO_LARGE = /exceeds pixel limit/i
const UNSUPPORTED = /unsupported image format|not built in|no (suitable )?decoder|unsupported (compression|codec|feature)/i

/** Turns a decoder failure into a BrokenFileError whose message names the format ("JPEG data is truncated"). */
export function toBrokenFileError(error: unknown, formatLabel: string): BrokenFileError {
  if (error instanceof BrokenFileError) return error
  const detail = firstLine(error instanceof Error ? error.message : String(error))
  if (TRUNCATED.test(detail)) {
    return new BrokenFileError('truncated', `${formatLabel} data is truncated (${detail})`, { cause: error })
  }
  if (TOO_LARGE.test(detail)) {
    return new BrokenFileError('unsupported', `${formatLabel} image is too large to decode (${detail})`, { cause: error })
  }
  if (UNSUPPORTED.test(detail)) {
    return new BrokenFileError('unsupported', `${formatLabel} variant is not supported (${detail})`, { cause: error })
  }
  return new BrokenFileError('decode-failed', `${formatLabel} data could not be decoded (${detail})`, { cause: error })
}

function firstLine(message: string): string {
  const line = message.split('\n').find((part) => part.trim() !== '') ?? 'unknown error'
  return line.trim()
}
