// HEIC motion photos (Samsung S21 on, Google): the HEIF file's XMP says GCamera:MotionPhoto="1" (with
// a Container:Directory, as in the JPEG kind), and the MP4 sits in a top-level 'mpvd' box after the
// HEIF boxes, so HEIF readers skip it as an unknown box. The video is that box's payload; the box, not
// the directory's Length (whose counting differs between writers), says where it is.
import type { FileHandle } from 'node:fs/promises'
import type { ByteRange } from './samsung'

/** Top-level boxes walked at most: a HEIF file has a handful (ftyp, meta, mdat, …). */
const MAX_TOP_BOXES = 256

/** The payload of the file's top-level 'mpvd' box when it holds an MP4 (starts with ftyp); else null. */
export async function videoFromMpvdBox(handle: FileHandle, size: number): Promise<ByteRange | null> {
  const head = Buffer.alloc(16)
  let p = 0
  for (let i = 0; i < MAX_TOP_BOXES && p + 8 <= size; i++) {
    const { bytesRead } = await handle.read(head, 0, 16, p)
    if (bytesRead < 8) return null
    let boxSize = head.readUInt32BE(0)
    const type = head.toString('latin1', 4, 8)
    if (i === 0 && type !== 'ftyp') return null // not ISO-BMFF at all
    let header = 8
    if (boxSize === 1) {
      if (bytesRead < 16) return null
      boxSize = Number(head.readBigUInt64BE(8))
      header = 16
    } else if (boxSize === 0) {
      boxSize = size - p
    }
    if (boxSize < header || p + boxSize > size) return null
    if (type === 'mpvd') {
      const offset = p + header
      const length = boxSize - header
      const ftyp = Buffer.alloc(8)
      const read = await handle.read(ftyp, 0, 8, offset)
      return length >= 8 && read.bytesRead === 8 && ftyp.toString('latin1', 4, 8) === 'ftyp' ? { offset, length } : null
    }
    p += boxSize
  }
  return null
}
