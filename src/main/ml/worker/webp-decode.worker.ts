// Worker thread of the inference worker process: turns grid thumbnails into the classifier's input
// (the centre crop's RGB bytes).
// onnxruntime-node runs session.run synchronously on the calling (main) thread, so a decode on the
// main thread would wait for inference and inference for the decode; here the next batch decodes
// while the current one runs. Bundled as the 'webp-decode-worker' entry (see webp-decode-thread.ts).
import { parentPort } from 'node:worker_threads'
import { ImageDecodeError } from './image-tensor'
import { gridThumbnailToRgb } from './webp-decode'
import type { DecodeReply, DecodeRequest } from './webp-decode-thread'

const port = parentPort
if (!port) throw new Error('webp-decode.worker must run in a worker thread')

port.on('message', (request: DecodeRequest) => {
  const bytes = 3 * request.spec.width * request.spec.height
  // Straight into the caller's shared batch when it has one, else into a buffer handed back.
  const out = request.target ? new Uint8Array(request.target.buffer, request.target.byteOffset, bytes) : new Uint8Array(bytes)
  gridThumbnailToRgb(request.path, request.spec, out).then(
    (written) => {
      if (!written) port.postMessage({ id: request.id, kind: 'not-grid-webp' } satisfies DecodeReply)
      else if (request.target) port.postMessage({ id: request.id, kind: 'written' } satisfies DecodeReply)
      else port.postMessage({ id: request.id, kind: 'pixels', pixels: out } satisfies DecodeReply, [out.buffer as ArrayBuffer])
    },
    (error: unknown) => {
      // The cause's message is all that crosses; the main side wraps it as an ImageDecodeError again.
      const message = error instanceof ImageDecodeError && error.cause instanceof Error ? error.cause.message : String((error as Error)?.message ?? error)
      port.postMessage({ id: request.id, kind: 'error', message } satisfies DecodeReply)
    },
  )
})
