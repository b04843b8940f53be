/**
 * Why a file that looks like a photo cannot be imported. Callers store `code` and `message` on the asset
 * and never retry: re-reading the same bytes gives the same answer. I/O problems (ENOENT, EACCES, EIO)
 * are NOT BrokenFileErrors; they propagate as the original Node error so the task queue may retry them.
 */
export type BrokenFileCode = 'empty' | 'truncated' | 'not-an-image' | 'decode-failed' | 'unsupported'

export class BrokenFileError extends Error {
  override readonly name = 'BrokenFileError'
  readonly code: BrokenFileCode

  constructor(code: BrokenFileCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

export function isBrokenFileError(error: unknown): error is BrokenFileError {
  return error instanceof BrokenFileError
}
