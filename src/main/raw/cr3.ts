// Canon CR3 metadata. CR3 is ISO-BMFF (the MP4 box format), not TIFF, so exifr cannot read it as a
// file; but Canon stores the camera's EXIF as whole little TIFFs inside boxes of its own `uuid` box
// (85c0b687-820f-11e0-8111-f4ce462b6a48) under `moov`: CMT1 is IFD0, CMT2 the Exif IFD, CMT3 the
// maker notes and CMT4 the GPS IFD. This walks the box tree to those boxes (reading only the boxes
// before and including `moov`, which cameras write at the start, never the tens of MB of sensor data)
// and hands each TIFF to exifr.
import { open, type FileHandle } from 'node:fs/promises'
import exifr from 'exifr'
import { EXIFR_BASE_OPTIONS } from './exifr-options'

/** Canon's metadata box under moov. */
const CANON_UUID = Buffer.from('85c0b687820f11e08111f4ce462b6a48', 'hex')

/** A moov larger than this is not a CR3 header (real ones are a few hundred KB): refuse rather than allocate it. */
const MAX_MOOV_BYTES = 16 * 1024 * 1024
/** Top-level boxes looked at before giving up on finding moov (a CR3 has ftyp, moov, a few uuids, mdat). */
const MAX_TOP_LEVEL_BOXES = 32

export type Cr3TiffName = 'CMT1' | 'CMT2' | 'CMT3' | 'CMT4'
export type Cr3Tiffs = Partial<Record<Cr3TiffName, Buffer>>

/** The file is not a readable CR3 (not ISO-BMFF, cut off, or its boxes contradict each other). */
export class Cr3FormatError extends Error {
  override name = 'Cr3FormatError'
}

interface Box {
  type: string
  /** Offset of the box's payload (after size, type, any 64-bit size and, for `uuid`, the 16-byte id). */
  payload: number
  end: number
  uuid: Buffer | null
}

/**
 * Reads one box header at `at` (inside a parent ending at `limit`). Throws Cr3FormatError when the
 * header is cut off or the box claims to run past its parent: a damaged file must not send the walk
 * off into unrelated bytes.
 */
function boxAt(bytes: Buffer, at: number, limit: number): Box {
  if (at + 8 > limit) throw new Cr3FormatError(`box header at byte ${at} is cut off`)
  let size = bytes.readUInt32BE(at)
  const type = bytes.toString('latin1', at + 4, at + 8)
  let header = 8
  if (size === 1) {
    // 64-bit size (ISO 14496-12 §4.2); anything past 2^53 is not a real file.
    if (at + 16 > limit) throw new Cr3FormatError(`64-bit size of '${type}' at byte ${at} is cut off`)
    size = Number(bytes.readBigUInt64BE(at + 8))
    header = 16
  } else if (size === 0) {
    size = limit - at // "extends to the end of its parent"
  }
  if (size < header || at + size > limit) throw new Cr3FormatError(`box '${type}' at byte ${at} (${size} bytes) runs past its parent`)
  let uuid: Buffer | null = null
  if (type === 'uuid') {
    if (header + 16 > size) throw new Cr3FormatError(`uuid box at byte ${at} has no room for its id`)
    uuid = bytes.subarray(at + header, at + header + 16)
    header += 16
  }
  return { type, payload: at + header, end: at + size, uuid }
}

/** The child boxes of bytes[from, to). */
function children(bytes: Buffer, from: number, to: number): Box[] {
  const boxes: Box[] = []
  for (let at = from; at < to; ) {
    const box = boxAt(bytes, at, to)
    boxes.push(box)
    at = box.end
  }
  return boxes
}

/** The CMT boxes inside a `moov` box's bytes (the whole box, header included). */
export function cr3TiffsInMoov(moov: Buffer): Cr3Tiffs {
  const box = boxAt(moov, 0, moov.length)
  if (box.type !== 'moov') throw new Cr3FormatError(`expected 'moov', found '${box.type}'`)
  const canon = children(moov, box.payload, box.end).find((child) => child.uuid?.equals(CANON_UUID))
  if (!canon) throw new Cr3FormatError("moov has no Canon metadata box (uuid 85c0b687-820f-11e0-8111-f4ce462b6a48)")
  const tiffs: Cr3Tiffs = {}
  for (const child of children(moov, canon.payload, canon.end)) {
    if (child.type === 'CMT1' || child.type === 'CMT2' || child.type === 'CMT3' || child.type === 'CMT4') {
      tiffs[child.type] = moov.subarray(child.payload, child.end)
    }
  }
  return tiffs
}

/** The CMT boxes of a CR3 already in memory (the preview path reads the whole file anyway). */
export function cr3TiffsInFile(bytes: Buffer): Cr3Tiffs {
  checkFtyp(bytes.subarray(0, Math.min(bytes.length, 64)))
  for (let at = 0; at < bytes.length; ) {
    const box = boxAt(bytes, at, bytes.length)
    if (box.type === 'moov') return cr3TiffsInMoov(bytes.subarray(at, box.end))
    at = box.end
  }
  throw new Cr3FormatError('no moov box')
}

/** Canon's preview box (holds PRVW) at the top level of a CR3. */
const PREVIEW_UUID = Buffer.from('eaf42b5e1c984b88b9fbb7dc406e4d16', 'hex')

/** Where a CR3 says one of its JPEGs is: the PRVW preview, the THMB thumbnail, or track 1's full-size JPEG. */
export interface Cr3ImageRef {
  offset: number
  length: number
  source: 'cr3-prvw' | 'cr3-thmb' | 'cr3-track'
}

/**
 * The JPEGs a CR3's boxes point at, as the boxes say (offset and the length Canon records; the bytes
 * may be cut off or not a JPEG at all). Tolerant: a damaged box only hides what is inside it.
 * - THMB (in Canon's uuid under moov): u32 0, u16 width, u16 height, u32 JPEG length, u16 1, u16 0, JPEG.
 * - PRVW (in the preview uuid eaf42b5e…, after 8 bytes): u32 0, u16 1, u16 width, u16 height, u16 1,
 *   u32 JPEG length, JPEG. exiftool takes the rest of the box instead of the length, so its
 *   PreviewImage and ThumbnailImage carry the box's zero padding too.
 * Canon's length is believed only as far as the box holding it reaches.
 * - The first trak whose sample description holds a 'JPEG' box (track 1 on every Canon body): its one
 *   sample, by stsz and co64/stco: the full-size JPEG, which pruned or cut-off files point past the end.
 */
export function cr3ImageRefs(bytes: Buffer): Cr3ImageRef[] {
  if (bytes.length < 12 || bytes.toString('latin1', 4, 8) !== 'ftyp') return []
  const refs: Cr3ImageRef[] = []
  const tolerant = (from: number, to: number): Box[] => {
    const boxes: Box[] = []
    for (let at = from; at < to; ) {
      try {
        const box = boxAt(bytes, at, to)
        boxes.push(box)
        at = box.end
      } catch {
        break
      }
    }
    return boxes
  }
  /** A box header read even when the box claims to run past its parent (its fields may still be whole). */
  const header = (at: number, type: string): number | null =>
    at + 8 <= bytes.length && bytes.toString('latin1', at + 4, at + 8) === type ? at + 8 : null
  const u32 = (at: number) => (at + 4 <= bytes.length ? bytes.readUInt32BE(at) : 0)
  const top = tolerant(0, bytes.length)
  for (const box of top) {
    if (box.type === 'uuid' && box.uuid?.equals(PREVIEW_UUID)) {
      const payload = header(box.payload + 8, 'PRVW')
      // Canon's length, never past the boxes holding it (a PRVW may claim more than its uuid box has).
      const end = Math.min(box.end, box.payload + 8 + u32(box.payload + 8))
      if (payload !== null) refs.push({ offset: payload + 16, length: Math.min(u32(payload + 12), end - payload - 16), source: 'cr3-prvw' })
    }
    if (box.type !== 'moov') continue
    const moov = tolerant(box.payload, box.end)
    const canon = moov.find((child) => child.uuid?.equals(CANON_UUID))
    const thmb = canon ? tolerant(canon.payload, canon.end).find((child) => child.type === 'THMB') : undefined
    if (thmb) refs.push({ offset: thmb.payload + 16, length: Math.min(u32(thmb.payload + 8), thmb.end - thmb.payload - 16), source: 'cr3-thmb' })
    for (const trak of moov.filter((child) => child.type === 'trak')) {
      const stbl = descend(tolerant, trak, ['mdia', 'minf', 'stbl'])
      if (!stbl) continue
      const tables = tolerant(stbl.payload, stbl.end)
      const stsd = tables.find((t) => t.type === 'stsd')
      // The sample entry ('CRAW') nests a 'JPEG' box only in the JPEG track (exiftool's test too).
      const jpegBox = stsd ? bytes.indexOf('JPEG', stsd.payload, 'latin1') : -1
      if (!stsd || jpegBox === -1 || jpegBox >= stsd.end) continue
      const stsz = tables.find((t) => t.type === 'stsz')
      const chunks = tables.find((t) => t.type === 'co64' || t.type === 'stco')
      if (!stsz || !chunks || u32(chunks.payload + 4) < 1 || u32(stsz.payload + 8) < 1) break
      const length = u32(stsz.payload + 4) || u32(stsz.payload + 12)
      const offset = chunks.type === 'co64' ? Number(bytes.readBigUInt64BE(chunks.payload + 8)) : u32(chunks.payload + 8)
      refs.push({ offset, length, source: 'cr3-track' })
      break
    }
  }
  return refs.filter((ref) => ref.offset > 0 && ref.length > 0)
}

function descend(list: (from: number, to: number) => Box[], box: Box, path: string[]): Box | undefined {
  let current: Box | undefined = box
  for (const type of path) current = current && list(current.payload, current.end).find((child) => child.type === type)
  return current
}

function checkFtyp(start: Buffer): void {
  if (start.length < 12 || start.toString('latin1', 4, 8) !== 'ftyp') throw new Cr3FormatError('not an ISO-BMFF file (no ftyp box first)')
  const brand = start.toString('latin1', 8, 12)
  if (brand !== 'crx ') throw new Cr3FormatError(`not a CR3 (ftyp brand '${brand}', expected 'crx ')`)
}

/**
 * The CMT boxes of a CR3 file, reading only top-level box headers up to `moov` and then `moov` itself.
 * Throws Cr3FormatError when the file is not a CR3 or is damaged before its metadata.
 */
export async function readCr3Tiffs(path: string): Promise<Cr3Tiffs> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    checkFtyp(await readAt(file, 0, Math.min(size, 64)))
    let at = 0
    for (let n = 0; n < MAX_TOP_LEVEL_BOXES && at < size; n++) {
      const head = await readAt(file, at, Math.min(16, size - at))
      // Parsed against the file's size: a box running past the end of the file is a cut-off file.
      const box = boxAtHeader(head, at, size)
      if (box.type === 'moov') {
        const length = box.end - at
        if (length > MAX_MOOV_BYTES) throw new Cr3FormatError(`moov box of ${length} bytes is too large for a CR3 header`)
        return cr3TiffsInMoov(await readAt(file, at, length))
      }
      at = box.end
    }
    throw new Cr3FormatError('no moov box among the top-level boxes')
  } finally {
    await file.close()
  }
}

/** boxAt for a header read on its own: `head` holds the file's bytes from `at`, `size` is the file's length. */
function boxAtHeader(head: Buffer, at: number, size: number): { type: string; end: number } {
  if (head.length < 8) throw new Cr3FormatError(`box header at byte ${at} is cut off`)
  let length = head.readUInt32BE(0)
  const type = head.toString('latin1', 4, 8)
  if (length === 1) {
    if (head.length < 16) throw new Cr3FormatError(`64-bit size of '${type}' at byte ${at} is cut off`)
    length = Number(head.readBigUInt64BE(8))
  } else if (length === 0) {
    length = size - at
  }
  if (length < 8 || at + length > size) throw new Cr3FormatError(`box '${type}' at byte ${at} (${length} bytes) runs past the end of the file`)
  return { type, end: at + length }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await file.read(buffer, 0, length, position)
  if (bytesRead < length) throw new Cr3FormatError(`file ends at byte ${position + bytesRead}, expected ${position + length}`)
  return buffer
}

type Tags = Record<string, unknown>

/** exifr reads each CMT TIFF's only IFD as IFD0 (nothing else is in them), tags by number. */
const IFD0_ONLY = { ...EXIFR_BASE_OPTIONS, translateKeys: false } as const

/**
 * CMT1, CMT2 and CMT4 as one set of exifr-named tags (the shape exifr gives for a TIFF's IFD0 + Exif +
 * GPS with mergeOutput), plus exifr's `latitude`/`longitude`. Tag numbers are named with exifr's
 * dictionary of the IFD each box really is: exifr only knows them as IFD0, where CMT2's and CMT4's
 * tag numbers mean nothing. A box that is missing or damaged just contributes nothing.
 */
export async function cr3ExifTags(tiffs: Cr3Tiffs): Promise<Tags> {
  const [ifd0, exif, gps] = await Promise.all([
    namedIfd(tiffs.CMT1, 'ifd0'),
    namedIfd(tiffs.CMT2, 'exif'),
    namedIfd(tiffs.CMT4, 'gps'),
  ])
  const tags: Tags = { ...ifd0, ...exif, ...gps }
  const latitude = degrees(gps.GPSLatitude, gps.GPSLatitudeRef, 'S')
  const longitude = degrees(gps.GPSLongitude, gps.GPSLongitudeRef, 'W')
  if (latitude !== null && longitude !== null) Object.assign(tags, { latitude, longitude })
  return tags
}

async function namedIfd(tiff: Buffer | undefined, dictionary: 'ifd0' | 'exif' | 'gps'): Promise<Tags> {
  if (!tiff) return {}
  let parsed: unknown
  try {
    parsed = await exifr.parse(tiff, IFD0_ONLY)
  } catch {
    return {} // a damaged TIFF: its facts are unknown
  }
  if (!parsed || typeof parsed !== 'object') return {}
  const names = exifr.tagKeys.get(dictionary)
  const tags: Tags = {}
  for (const [key, value] of Object.entries(parsed as Tags)) {
    tags[names?.get(Number(key)) ?? key] = value
  }
  return tags
}

/** Degrees, minutes, seconds (EXIF rationals, as exifr gives them) to signed decimal degrees. */
function degrees(dms: unknown, ref: unknown, negative: 'S' | 'W'): number | null {
  if (!Array.isArray(dms) || dms.length !== 3 || !dms.every((v) => typeof v === 'number' && Number.isFinite(v))) return null
  const [d, m, s] = dms as [number, number, number]
  const value = d + m / 60 + s / 3600
  return typeof ref === 'string' && ref.trim().toUpperCase() === negative ? -value : value
}
