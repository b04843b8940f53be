// PhotoHouseApi over the loopback server: calls are `POST /api/<name>`, events come over a
// WebSocket at /events, media are plain same-origin URLs. Auth is the HttpOnly cookie the server set
// when the page was opened with ?token=, so nothing secret lives in this code.
import { faceMediaId, mediaById, type CallInput, type CallName, type CallOutput, type EventName, type EventPayload, type MediaUrlKind, type PhotoHouseApi } from '../../../shared/contract'
import type { FaceCropRef } from '../../../shared/domain'
import { ApiError, unwrapEnvelope } from './api-error'
import { EventSocket, type ConnectionStatus } from './event-socket'

export interface HttpPhotoHouseApi extends PhotoHouseApi {
  /** Event-channel state; the live-events hook refetches everything after a reconnect. */
  onConnectionChange(listener: (status: ConnectionStatus) => void): () => void
}

export interface HttpApiOptions {
  /** Origin of the server; defaults to the page's own origin. */
  origin?: string
}

function defaultOrigin(): string {
  return globalThis.location?.origin ?? 'http://127.0.0.1'
}

export function eventsUrlFor(origin: string): string {
  const url = new URL('/events', origin)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.toString()
}

export function mediaPath(kind: MediaUrlKind, asset: { id: number; sha256: string }): string {
  // Thumbnails are content-addressed (by the file's hash); the original, the motion part and their playable copies by asset id.
  if (mediaById(kind)) return `/media/${kind}/${asset.id}`
  return `/media/${kind}/${encodeURIComponent(asset.sha256)}`
}

/** A square crop of one detected face, addressed by face id and crop key (see FaceCropRef). */
export function facePath(face: FaceCropRef): string {
  return `/media/face/${encodeURIComponent(faceMediaId(face))}`
}

export function createHttpApi(options: HttpApiOptions = {}): HttpPhotoHouseApi {
  const origin = options.origin ?? defaultOrigin()
  const sameOrigin = options.origin === undefined
  const events = new EventSocket(eventsUrlFor(origin))

  async function invoke<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    let response: Response
    try {
      response = await fetch(sameOrigin ? `/api/${name}` : new URL(`/api/${name}`, origin).toString(), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(input),
      })
    } catch (error) {
      throw new ApiError('network', `Cannot reach the PhotoHouse server (${String(error)})`, null)
    }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      throw new ApiError(
        response.status === 401 ? 'unauthorized' : 'bad_response',
        response.status === 401 ? 'Not authorized' : `The server sent a non-JSON reply (HTTP ${response.status})`,
        response.status,
      )
    }
    return unwrapEnvelope(response.status, body) as CallOutput<N>
  }

  return {
    invoke,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return events.on(event, listener as (payload: unknown) => void)
    },
    mediaUrl(kind, asset) {
      const path = mediaPath(kind, asset)
      return sameOrigin ? path : new URL(path, origin).toString()
    },
    faceUrl(face) {
      const path = facePath(face)
      return sameOrigin ? path : new URL(path, origin).toString()
    },
    onConnectionChange: (listener) => events.onStatus(listener),
  }
}
