// Samsung Galaxy motion photos from before Google's XMP (S7–S9 era): the MP4 follows the JPEG's end,
// introduced by the ASCII name "MotionPhoto_Data", and the file ends with Samsung's SEF trailer, a
// directory of the blocks appended after the image (layout as exiftool's Samsung.pm reads it; all
// numbers little-endian):
//
//   block:      u16 0, u16 type, u32 nameLength, name, data          (MotionPhoto_Data: type 0x0a30)
//   directory:  "SEFH", u32 version, u32 count, count × entry,
//               entry = u16 0, u16 type, u32 distance back from "SEFH" to the block, u32 block size
//   end:        u32 directory length, "SEFT"                          (the file's last 8 bytes)
//
// The trailer is trusted first since it says where the video is and how long; without one, the name
// must be followed by an ISO-BMFF movie that runs, box by box, exactly to the end of the file (so
// random bytes after a JPEG, or a cut-off file, are no motion photo). Only read, never written.
import type { FileHandle } from 'node:fs/promises'

export const SAMSUNG_VIDEO_NAME = 'MotionPhoto_Data'

/** exiftool gives up on larger directories; a phone writes a few dozen entries at most. */
const MAX_DIRECTORY_BYTES = 0x10000
/** The marker is looked for in pieces of this size (with an overlap of the marker's length). */
const SCAN_CHUNK = 1024 * 1024
/** Boxes walked at most in an MP4 with no trailer: a phone's clip has a handful at the top level. */
const MAX_TOP_BOXES = 1024

export interface ByteRange {
  offset: number
  length: number
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer | null> {
  if (position < 0 || length < 0) return null
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await handle.read(buffer, 0, length, position)
  return bytesRead === length ? buffer : null
}

/** Whether an ISO-BMFF movie's first box, ftyp, starts at `offset`. */
export async function startsWithFtyp(handle: FileHandle, offset: number): Promise<boolean> {
  const head = await readAt(handle, offset, 8)
  return head !== null && head.readUInt32BE(0) >= 8 && head.toString('latin1', 4, 8) === 'ftyp'
}

/** The MotionPhoto_Data block's data, as the SEF trailer ending the file names it; null when none. */
export async function videoFromSefTrailer(handle: FileHandle, size: number): Promise<ByteRange | null> {
  const end = await readAt(handle, size - 8, 8)
  if (!end || end.toString('latin1', 4, 8) !== 'SEFT') return null
  const directoryLength = end.readUInt32LE(0)
  const directoryAt = size - 8 - directoryLength
  if (directoryLength < 12 || directoryLength > MAX_DIRECTORY_BYTES || directoryAt < 0) return null
  const directory = await readAt(handle, directoryAt, directoryLength)
  if (!directory || directory.toString('latin1', 0, 4) !== 'SEFH') return null
  const count = directory.readUInt32LE(8)
  if (12 + 12 * count > directoryLength) return null
  for (let i = 0; i < count; i++) {
    const entry = 12 + 12 * i
    const back = directory.readUInt32LE(entry + 4)
    const blockSize = directory.readUInt32LE(entry + 8)
    if (back > directoryAt || blockSize > back || blockSize < 8) continue
    const blockAt = directoryAt - back
    const header = await readAt(handle, blockAt, 8 + SAMSUNG_VIDEO_NAME.length)
    if (!header) continue
    const nameLength = header.readUInt32LE(4)
    if (nameLength !== SAMSUNG_VIDEO_NAME.length || header.toString('latin1', 8) !== SAMSUNG_VIDEO_NAME) continue
    const offset = blockAt + 8 + nameLength
    const length = blockSize - 8 - nameLength
    if (length >= 8 && (await startsWithFtyp(handle, offset))) return { offset, length }
  }
  return null
}

/**
 * Whether [offset, end) is a sequence of well-formed ISO-BMFF boxes, starting with ftyp, ending exactly
 * at `end`, with a moov among them (a playable movie, not bytes that happen to start like one).
 */
export async function isWholeMovie(handle: FileHandle, offset: number, end: number): Promise<boolean> {
  let hasMoov = false
  let p = offset
  for (let i = 0; i < MAX_TOP_BOXES && p < end; i++) {
    const head = await readAt(handle, p, Math.min(16, end - p))
    if (!head || head.length < 8) return false
    let size = head.readUInt32BE(0)
    const type = head.toString('latin1', 4, 8)
    if (!/^[\x20-\x7e]{4}$/.test(type) || (i === 0 && type !== 'ftyp')) return false
    if (size === 1) {
      if (head.length < 16) return false
      size = Number(head.readBigUInt64BE(8))
    } else if (size === 0) {
      size = end - p
    }
    if (size < 8 || p + size > end) return false
    if (type === 'moov') hasMoov = true
    p += size
  }
  return p === end && hasMoov
}

/** Where "MotionPhoto_Data" followed by an ftyp box first occurs at or after `from`; -1 when nowhere. */
async function findMarker(handle: FileHandle, from: number, size: number): Promise<number> {
  const marker = Buffer.from(SAMSUNG_VIDEO_NAME, 'latin1')
  const chunk = Buffer.alloc(SCAN_CHUNK)
  for (let base = from; base < size; base += SCAN_CHUNK - marker.length - 8) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(SCAN_CHUNK, size - base), base)
    const view = chunk.subarray(0, bytesRead)
    for (let at = view.indexOf(marker); at >= 0; at = view.indexOf(marker, at + 1)) {
      if (at + marker.length + 8 > view.length) break // seen again, whole, in the next piece
      if (view.toString('latin1', at + marker.length + 4, at + marker.length + 8) === 'ftyp') return base + at
    }
    if (base + bytesRead >= size) break
  }
  return -1
}

/**
 * A Samsung motion photo's MP4: from its SEF trailer, else after the "MotionPhoto_Data" marker when
 * the movie there ends the file. The marker is only looked for when the file does not end with a
 * JPEG's end-of-image marker (FF D9), so a plain photo costs two small reads, not a scan.
 */
export async function findSamsungVideo(handle: FileHandle, size: number): Promise<ByteRange | null> {
  const fromTrailer = await videoFromSefTrailer(handle, size)
  if (fromTrailer) return fromTrailer
  const tail = await readAt(handle, size - 2, 2)
  if (!tail || (tail[0] === 0xff && tail[1] === 0xd9)) return null
  const at = await findMarker(handle, 2, size)
  if (at < 0) return null
  const offset = at + SAMSUNG_VIDEO_NAME.length
  return (await isWholeMovie(handle, offset, size)) ? { offset, length: size - offset } : null
}
