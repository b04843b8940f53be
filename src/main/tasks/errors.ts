/**
 * A failure that will not go away by retrying (bad payload, a bug, a file that is not an image):
 * the task goes straight to the dead-letter state.
 */
export class PermanentTaskError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'PermanentTaskError'
  }
}

/** Errors from the OS that usually pass (file busy, too many open files, a disk hiccup). */
const TRANSIENT_CODES = new Set(['EBUSY', 'EMFILE', 'ENFILE', 'EAGAIN', 'EIO', 'ETIMEDOUT', 'EPERM', 'EACCES', 'SQLITE_BUSY'])

export interface ClassifiedError {
  transient: boolean
  code: string
  message: string
}

export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof PermanentTaskError) return { transient: false, code: error.code, message: error.message }
  const err = error instanceof Error ? error : new Error(String(error))
  const code = (err as NodeJS.ErrnoException).code
  if (err.name === 'ZodError') return { transient: false, code: 'bad-payload', message: err.message }
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return { transient: true, code, message: err.message }
  // Unknown errors are retried: most are environmental; the attempt limit bounds the cost.
  return { transient: true, code: typeof code === 'string' ? code : 'error', message: err.message || err.name }
}
