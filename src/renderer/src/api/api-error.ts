// One error type for everything a call can fail with, so the UI can tell "not authorized" from
// "bad input" from "server down" without parsing messages.
import { EVENT_NAMES, type EventName } from '../../../shared/events'

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status in browser mode; null for network failures and for Electron IPC errors. */
    readonly status: number | null = null,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Whether an error means the page lacks its session cookie (opened without the ?token= link). */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403 || error.code === 'unauthorized')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** Unwraps `{ ok: true, value }` or throws the `{ ok: false, error }` as an ApiError. */
export function unwrapEnvelope(status: number, body: unknown): unknown {
  if (isRecord(body) && body.ok === true && 'value' in body) return body.value
  if (isRecord(body) && body.ok === false && isRecord(body.error)) {
    const code = typeof body.error.code === 'string' ? body.error.code : 'error'
    const message = typeof body.error.message === 'string' ? body.error.message : `Request failed (${status})`
    throw new ApiError(code, message, status)
  }
  throw new ApiError('bad_response', `Unexpected response from the PhotoHouse server (HTTP ${status})`, status)
}

export interface EventMessage {
  event: EventName
  payload: unknown
}

/** Parses one WebSocket frame; null for anything that is not a known `{ event, payload }`. */
export function parseEventMessage(data: unknown): EventMessage | null {
  if (typeof data !== 'string') return null
  let parsed: unknown
  try {
    parsed = JSON.parse(data)
  } catch {
    return null
  }
  if (!isRecord(parsed) || typeof parsed.event !== 'string' || !('payload' in parsed)) return null
  const event = EVENT_NAMES.find((name) => name === parsed.event)
  return event ? { event, payload: parsed.payload } : null
}
