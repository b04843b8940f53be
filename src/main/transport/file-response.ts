// Media answers for the desktop window's photohouse://media/ scheme, as fetch Responses.
// Electron's own file:// loader ignores Range and answers every request with the whole file (200, no
// Accept-Ranges), so a <video> fed through net.fetch(file://…) reports nothing seekable and snaps back
// to 0 on every seek. The shell therefore answers ranges itself, with the same slicing rules as the
// loopback server (sliceResponse): a whole file is the slice [0, size).
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { sliceResponse } from './range'

export interface FileSlice {
  path: string
  /** The slice's first byte in the file and its length (a whole file: 0 and its size). */
  offset: number
  length: number
  contentType: string
}

/** The Response for `range` (a Range header, if any) of a slice of a file. */
export function sliceToResponse(slice: FileSlice, range: string | null | undefined, headers: Record<string, string> = {}): Response {
  const answer = sliceResponse(slice, range ?? undefined)
  const empty = answer.start === undefined || answer.end === undefined || answer.end < answer.start
  const body = empty ? null : (Readable.toWeb(createReadStream(slice.path, { start: answer.start, end: answer.end })) as ReadableStream<Uint8Array>)
  return new Response(body, { status: answer.status, headers: { ...answer.headers, 'x-content-type-options': 'nosniff', ...headers } })
}

/** The Response for `range` of a whole file; 404 when it cannot be read. */
export async function fileToResponse(path: string, contentType: string, range: string | null | undefined, headers: Record<string, string> = {}): Promise<Response> {
  let size: number
  try {
    size = (await stat(path)).size
  } catch {
    return new Response('not found', { status: 404 })
  }
  return sliceToResponse({ path, offset: 0, length: size, contentType }, range, headers)
}
