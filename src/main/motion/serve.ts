// HTTP answers for a byte slice of a file (a motion photo's MP4 inside its JPEG, or a whole MOV),
// with Range support: <video> asks for ranges to seek and to read a moov box at the end of a file.

export interface SliceResponse {
  status: 200 | 206 | 416
  headers: Record<string, string>
  /** Inclusive byte positions in the FILE to send (absent for 416). */
  start?: number
  end?: number
}

/**
 * What to send for a request of the slice [offset, offset + length) of a file with `range` (the
 * Range header, if any). Only single ranges are honoured; several ask for the whole slice.
 */
export function sliceResponse(slice: { offset: number; length: number; contentType: string }, range: string | undefined): SliceResponse {
  const base = { 'content-type': slice.contentType, 'accept-ranges': 'bytes' }
  const whole = (): SliceResponse => ({
    status: 200,
    headers: { ...base, 'content-length': String(slice.length) },
    start: slice.offset,
    end: slice.offset + slice.length - 1,
  })
  if (!range) return whole()
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim())
  if (!m || (m[1] === '' && m[2] === '')) return whole()
  let first: number
  let last: number
  if (m[1] === '') {
    // "bytes=-N": the last N bytes.
    const suffix = Number(m[2])
    first = Math.max(0, slice.length - suffix)
    last = slice.length - 1
  } else {
    first = Number(m[1])
    last = m[2] === '' ? slice.length - 1 : Math.min(Number(m[2]), slice.length - 1)
  }
  if (first >= slice.length || last < first) {
    return { status: 416, headers: { ...base, 'content-length': '0', 'content-range': `bytes */${slice.length}` } }
  }
  return {
    status: 206,
    headers: { ...base, 'content-length': String(last - first + 1), 'content-range': `bytes ${first}-${last}/${slice.length}` },
    start: slice.offset + first,
    end: slice.offset + last,
  }
}
