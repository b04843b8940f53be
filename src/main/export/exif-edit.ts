// The EXIF a converted JPEG keeps: the original's, made true of the new pixels (upright, new size,
// no stale embedded thumbnail) and, for sharing, without its location. Edited in place in the TIFF
// structure (entries removed and data zeroed, nothing moved), so every other field stays exactly as
// the camera wrote it. sharp cannot do this: it keeps all of the EXIF or rebuilds it from strings.

const TAG = {
  orientation: 0x0112,
  exifIfd: 0x8769,
  gpsIfd: 0x8825,
  pixelX: 0xa002,
  pixelY: 0xa003,
  thumbOffset: 0x0201,
  thumbLength: 0x0202,
} as const

/** Bytes per value of each TIFF field type (1 BYTE … 12 DOUBLE). */
const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 }

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1')
/** An APP1 segment holds at most 65535 bytes, its length field and the Exif header included. */
export const MAX_EXIF_BYTES = 65535 - 2 - EXIF_HEADER.length

/** The TIFF structure of an EXIF blob (sharp's metadata().exif starts with "Exif\0\0"), or null. */
export function tiffOf(exif: Buffer | undefined): Buffer | null {
  if (!exif) return null
  const tiff = exif.subarray(0, 6).equals(EXIF_HEADER) ? exif.subarray(6) : exif
  if (tiff.length < 8) return null
  const order = tiff.toString('latin1', 0, 2)
  if (order !== 'II' && order !== 'MM') return null
  return tiff
}

class Tiff {
  readonly le: boolean
  constructor(readonly buf: Buffer) {
    this.le = buf.toString('latin1', 0, 2) === 'II'
  }
  u16 = (at: number) => (this.le ? this.buf.readUInt16LE(at) : this.buf.readUInt16BE(at))
  u32 = (at: number) => (this.le ? this.buf.readUInt32LE(at) : this.buf.readUInt32BE(at))
  w16 = (at: number, v: number) => (this.le ? this.buf.writeUInt16LE(v, at) : this.buf.writeUInt16BE(v, at))
  w32 = (at: number, v: number) => (this.le ? this.buf.writeUInt32LE(v, at) : this.buf.writeUInt32BE(v, at))
  fits = (at: number, length: number) => at >= 8 && length >= 0 && at + length <= this.buf.length

  /** The entries of the IFD at `at` (their byte positions), or [] when it does not fit in the blob. */
  entries(at: number): { pos: number; tag: number; type: number; count: number }[] {
    if (!this.fits(at, 2)) return []
    const n = this.u16(at)
    if (!this.fits(at + 2, n * 12 + 4)) return []
    return Array.from({ length: n }, (_, i) => {
      const pos = at + 2 + i * 12
      return { pos, tag: this.u16(pos), type: this.u16(pos + 2), count: this.u32(pos + 4) }
    })
  }

  /** Zeroes an entry's out-of-line value (values of more than 4 bytes live at an offset). */
  zeroValue(entry: { pos: number; type: number; count: number }): void {
    const size = (TYPE_SIZE[entry.type] ?? 1) * entry.count
    if (size <= 4) return
    const at = this.u32(entry.pos + 8)
    if (this.fits(at, size)) this.buf.fill(0, at, at + size)
  }

  /** Removes one entry: the ones after it move up, the count drops, the freed 12 bytes are zeroed. */
  removeEntry(ifd: number, pos: number): void {
    const n = this.u16(ifd)
    const end = ifd + 2 + n * 12 + 4
    this.buf.copy(this.buf, pos, pos + 12, end)
    this.buf.fill(0, end - 12, end)
    this.w16(ifd, n - 1)
  }

  setShortOrLong(entry: { pos: number; type: number; count: number }, value: number): void {
    if (entry.count !== 1) return
    if (entry.type === 3) this.w16(entry.pos + 8, Math.min(value, 0xffff))
    else if (entry.type === 4) this.w32(entry.pos + 8, value)
  }
}

export interface ExifEdit {
  /** Remove the location: the GPS IFD's entry goes and its data is zeroed. */
  stripGps: boolean
  /** The new image's size (upright). */
  width: number
  height: number
}

/**
 * A copy of `tiff` fit for a converted JPEG: Orientation 1 (the pixels are upright now), the pixel
 * dimensions of the new image, no embedded thumbnail (IFD1 unlinked and zeroed: it shows the old
 * crop and orientation), and no GPS when asked.
 */
export function editExif(tiff: Buffer, edit: ExifEdit): Buffer {
  const t = new Tiff(Buffer.from(tiff))
  const ifd0 = t.u32(4)
  const entries0 = t.entries(ifd0)
  for (const e of entries0) {
    if (e.tag === TAG.orientation) t.setShortOrLong(e, 1)
    if (e.tag === TAG.exifIfd) {
      for (const x of t.entries(t.u32(e.pos + 8))) {
        if (x.tag === TAG.pixelX) t.setShortOrLong(x, edit.width)
        if (x.tag === TAG.pixelY) t.setShortOrLong(x, edit.height)
      }
    }
  }
  // IFD1 (the thumbnail): its image data and entries zeroed, then unlinked from IFD0.
  const next = ifd0 + 2 + entries0.length * 12
  if (entries0.length > 0 && t.fits(next, 4)) {
    const ifd1 = t.u32(next)
    const entries1 = ifd1 === 0 ? [] : t.entries(ifd1)
    const offset = entries1.find((e) => e.tag === TAG.thumbOffset)
    const length = entries1.find((e) => e.tag === TAG.thumbLength)
    if (offset && length) {
      const at = t.u32(offset.pos + 8)
      const size = length.type === 3 ? t.u16(length.pos + 8) : t.u32(length.pos + 8)
      if (t.fits(at, size)) t.buf.fill(0, at, at + size)
    }
    for (const e of entries1) t.zeroValue(e)
    if (entries1.length > 0) t.buf.fill(0, ifd1, ifd1 + 2 + entries1.length * 12 + 4)
    t.w32(next, 0)
  }
  if (edit.stripGps) {
    // Looked up again: the thumbnail edit above does not move entries, but be exact about positions.
    const gps = t.entries(ifd0).find((e) => e.tag === TAG.gpsIfd)
    if (gps) {
      const at = t.u32(gps.pos + 8)
      const inner = t.entries(at)
      for (const e of inner) t.zeroValue(e)
      if (inner.length > 0) t.buf.fill(0, at, at + 2 + inner.length * 12 + 4)
      t.removeEntry(ifd0, gps.pos)
    }
  }
  return t.buf
}

/** True when the TIFF structure has a GPS IFD entry (for tests and the summary). */
export function hasGps(tiff: Buffer): boolean {
  const t = new Tiff(tiff)
  return t.entries(t.u32(4)).some((e) => e.tag === TAG.gpsIfd)
}

/**
 * `jpeg` with `tiff` as its EXIF (an APP1 segment right after SOI, or after a JFIF APP0, where
 * readers look for it). Throws when the EXIF is larger than one segment holds.
 */
export function withExif(jpeg: Buffer, tiff: Buffer): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG')
  if (tiff.length > MAX_EXIF_BYTES) throw new Error(`EXIF of ${tiff.length} bytes does not fit one APP1 segment`)
  let at = 2
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0) at = 4 + jpeg.readUInt16BE(4)
  const header = Buffer.alloc(4)
  header[0] = 0xff
  header[1] = 0xe1
  header.writeUInt16BE(2 + EXIF_HEADER.length + tiff.length, 2)
  return Buffer.concat([jpeg.subarray(0, at), header, EXIF_HEADER, tiff, jpeg.subarray(at)])
}
