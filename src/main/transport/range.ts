// HTTP byte ranges for media (RFC 9110 §14): a <video> asks for `bytes=N-` to start and to seek,
// and will not seek at all against a server that answers every request with the whole file.

export type RangeAnswer =
  | { kind: 'whole' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' }

/**
 * The part of a `size`-byte file a Range header asks for. Only single byte ranges are served; a
 * multi-range or malformed header gets the whole file, as the RFC allows a server to ignore Range.
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (!header) return { kind: 'whole' }
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'whole' }
  if (m[1] === '') {
    // "bytes=-500": the last 500 bytes.
    const suffix = Number(m[2])
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' }
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (start >= size || end < start) return { kind: 'unsatisfiable' }
  return { kind: 'partial', start, end }
}

export interface SliceResponse {
  status: 200 | 206 | 416
  headers: Record<string, string>
  /** Inclusive byte positions in the FILE to send (absent for 416; end < start for an empty slice). */
  start?: number
  end?: number
}

/**
 * What to send for a request of the slice [offset, offset + length) of a file with `range` (the
 * Range header, if any): a whole file is the slice [0, size), a motion photo's MP4 a slice of its JPEG.
 */
export function sliceResponse(slice: { offset: number; length: number; contentType: string }, range: string | undefined): SliceResponse {
  const base = { 'content-type': slice.contentType, 'accept-ranges': 'bytes' }
  const asked = parseRange(range, slice.length)
  if (asked.kind === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'content-length': '0', 'content-range': `bytes */${slice.length}` } }
  }
  if (asked.kind === 'whole') {
    return { status: 200, headers: { ...base, 'content-length': String(slice.length) }, start: slice.offset, end: slice.offset + slice.length - 1 }
  }
  return {
    status: 206,
    headers: { ...base, 'content-length': String(asked.end - asked.start + 1), 'content-range': `bytes ${asked.start}-${asked.end}/${slice.length}` },
    start: slice.offset + asked.start,
    end: slice.offset + asked.end,
  }
}
