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
