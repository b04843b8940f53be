// Camera RAW files are shown through the JPEG the camera embedded in them, never by demosaicing the
// sensor data: every RAW format carries a preview the camera rendered with its own colour science
// (usually full size), and decoding it is as fast as any JPEG. This finds the largest such JPEG.
//
// Where it looks, most precise first:
// - TIFF-based RAWs (DNG, CR2, NEF, ARW, ORF, RW2, PEF…): every IFD reachable from IFD0, its chain and
//   its SubIFDs; a JPEG is either a JPEGInterchangeFormat/Length pair, a single strip with JPEG
//   compression (DNG previews), or Panasonic's JpgFromRaw tag.
// - Fujifilm RAF: the header names the embedded JPEG's offset and length.
// - Anything else (Canon CR3 is ISO-BMFF with PRVW/THMB boxes and a full-size JPEG track): every
//   complete baseline/progressive JPEG stream in the file, found by walking its markers. A CR3's
//   orientation comes from its CMT1 box (cr3.ts), since the PRVW JPEG need not carry EXIF.
// Lossless JPEG (SOF3: the raw sensor data of CR2 and many DNGs) is never a preview.
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import sharp from 'sharp'
import { BrokenFileError } from '../ingest/broken-file-error'
import { cr3TiffsInFile } from './cr3'

/** RAW extensions PhotoHouse imports (lower case, no dot). */
export const RAW_EXTENSIONS = ['dng', 'cr2', 'cr3', 'nef', 'nrw', 'arw', 'raf', 'orf', 'rw2', 'pef'] as const
export type RawExtension = (typeof RAW_EXTENSIONS)[number]

const RAW_EXTENSION_SET: ReadonlySet<string> = new Set(RAW_EXTENSIONS)

export function isRawPath(path: string): boolean {
  return RAW_EXTENSION_SET.has(extname(path).slice(1).toLowerCase())
}

/** What file-type reports for RAW content it recognises. */
export const RAW_MIMES: ReadonlySet<string> = new Set([
  'image/x-adobe-dng',
  'image/x-canon-cr2',
  'image/x-canon-cr3',
  'image/x-nikon-nef',
  'image/x-sony-arw',
  'image/x-fujifilm-raf',
  'image/x-olympus-orf',
  'image/x-panasonic-rw2',
])

/** MIME by extension, for TIFF-structured RAWs that file-type only calls image/tiff (many NEFs, PEF…). */
const MIME_BY_EXTENSION: Readonly<Record<RawExtension, string>> = {
  dng: 'image/x-adobe-dng',
  cr2: 'image/x-canon-cr2',
  cr3: 'image/x-canon-cr3',
  nef: 'image/x-nikon-nef',
  nrw: 'image/x-nikon-nrw',
  arw: 'image/x-sony-arw',
  raf: 'image/x-fujifilm-raf',
  orf: 'image/x-olympus-orf',
  rw2: 'image/x-panasonic-rw2',
  pef: 'image/x-pentax-pef',
}

export function rawMimeOf(path: string): string {
  const ext = extname(path).slice(1).toLowerCase()
  return RAW_EXTENSION_SET.has(ext) ? MIME_BY_EXTENSION[ext as RawExtension] : 'image/x-raw'
}

/** A preview smaller than this (longest side) is a thumbnail, not something to show a photo with. */
export const MIN_PREVIEW_SIDE = 256

export interface JpegStream {
  /** Byte range of the complete JPEG (SOI..EOI) inside the RAW file. */
  offset: number
  length: number
  /** Stored size of the JPEG (before the RAW's orientation). */
  width: number
  height: number
}

export interface RawPreview {
  /** The embedded JPEG's bytes (a view into the file's bytes). */
  jpeg: Buffer
  stream: JpegStream
  /** EXIF orientation (1-8) of the RAW itself (IFD0), which the preview's pixels need; null when unknown. */
  orientation: number | null
  /** True when the file is TIFF-structured, so its EXIF can be read from the file itself. */
  tiff: boolean
}

/**
 * The largest usable embedded JPEG of a RAW file, in order of preference (largest first), so a caller
 * whose decoder rejects the first can try the next. Throws BrokenFileError('unsupported') when there
 * is none of at least MIN_PREVIEW_SIDE.
 */
export async function readRawPreviews(path: string): Promise<RawPreview[]> {
  // RAWs are tens of MB: read once, as one buffer (the walk jumps around the file).
  const bytes = await readFile(path)
  const tiff = readTiff(bytes)
  let streams = tiff ? tiff.streams : readRaf(bytes)
  // Olympus (ORF) and some Nikon bodies keep the full-size preview inside the maker notes, which the IFD
  // walk does not enter: when the IFDs hold nothing big enough, the byte scan finds it.
  if (!streams.some((s) => Math.max(s.width, s.height) >= MIN_PREVIEW_SIDE)) {
    const known = new Set(streams.map((s) => s.offset))
    streams = [...streams, ...scanJpegStreams(bytes).filter((s) => !known.has(s.offset))]
  }
  const cr3 = tiff ? null : cr3Orientation(bytes)
  const usable = streams
    .filter((s) => Math.max(s.width, s.height) >= MIN_PREVIEW_SIDE)
    .sort((a, b) => b.width * b.height - a.width * a.height || b.length - a.length)
  if (usable.length === 0) {
    const found = streams.length === 0 ? 'no embedded JPEG preview' : `only a ${largestLabel(streams)} thumbnail`
    throw new BrokenFileError(
      'unsupported',
      `RAW file with ${found}: PhotoHouse shows RAW files through the camera's full-size preview and does not develop the sensor data`,
    )
  }
  return Promise.all(
    usable.map(async (stream) => {
      const jpeg = bytes.subarray(stream.offset, stream.offset + stream.length)
      // A CR3's orientation is in its CMT1 (IFD0); without either (RAF) the preview's own EXIF is the camera's.
      const orientation = tiff ? tiff.orientation : (cr3 ?? (await jpegOrientation(jpeg)))
      return { jpeg, stream, orientation, tiff: tiff !== null }
    }),
  )
}

/** A CR3's orientation from its CMT1 TIFF; null when the file is not a CR3 or has none (a damaged header is not fatal here). */
function cr3Orientation(bytes: Buffer): number | null {
  if (bytes.toString('latin1', 4, 8) !== 'ftyp') return null
  try {
    const { CMT1 } = cr3TiffsInFile(bytes)
    return CMT1 ? (readTiff(CMT1)?.orientation ?? null) : null
  } catch {
    return null
  }
}

async function jpegOrientation(jpeg: Buffer): Promise<number | null> {
  try {
    const { orientation } = await sharp(jpeg).metadata()
    return orientation !== undefined && orientation >= 1 && orientation <= 8 ? orientation : null
  } catch {
    return null
  }
}

function largestLabel(streams: JpegStream[]): string {
  const s = streams.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a))
  return `${s.width}x${s.height}`
}

// --- TIFF ---------------------------------------------------------------------------------------

const MAX_IFDS = 64

interface TiffFacts {
  orientation: number | null
  streams: JpegStream[]
}

/** Walks a TIFF-structured RAW; null when the bytes are not TIFF (or one of its RAW variants). */
export function readTiff(bytes: Buffer): TiffFacts | null {
  if (bytes.length < 8) return null
  const order = bytes.toString('latin1', 0, 2)
  if (order !== 'II' && order !== 'MM') return null
  const le = order === 'II'
  const u16 = (at: number) => (le ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at))
  const u32 = (at: number) => (le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at))
  // 42: TIFF (DNG, CR2, NEF, ARW, PEF); 0x4f52/0x5352: Olympus ORF; 0x55: Panasonic RW2.
  const magic = u16(2)
  if (magic !== 42 && magic !== 0x4f52 && magic !== 0x5352 && magic !== 0x55) return null

  const streams: JpegStream[] = []
  let orientation: number | null = null
  const queue: number[] = [u32(4)]
  const seen = new Set<number>()
  const addStream = (offset: number, length: number) => {
    if (offset <= 0 || length <= 0 || offset + length > bytes.length) return
    const jpeg = parseJpeg(bytes, offset, offset + length)
    if (jpeg && !streams.some((s) => s.offset === offset)) streams.push(jpeg)
  }

  while (queue.length > 0 && seen.size < MAX_IFDS) {
    const ifd = queue.shift()!
    if (ifd < 8 || ifd + 2 > bytes.length || seen.has(ifd)) continue
    const isIfd0 = seen.size === 0
    seen.add(ifd)
    const count = u16(ifd)
    if (ifd + 2 + count * 12 + 4 > bytes.length) continue
    const tags = new Map<number, { type: number; count: number; at: number }>()
    for (let i = 0; i < count; i++) {
      const at = ifd + 2 + i * 12
      tags.set(u16(at), { type: u16(at + 2), count: u32(at + 4), at: at + 8 })
    }
    /** The tag's values as numbers (SHORT or LONG), following the offset when they do not fit inline. */
    const values = (tag: number): number[] => {
      const entry = tags.get(tag)
      if (!entry || entry.count > 4096) return []
      const size = entry.type === 3 ? 2 : entry.type === 4 || entry.type === 13 ? 4 : 0
      if (size === 0) return []
      const start = size * entry.count <= 4 ? entry.at : u32(entry.at)
      if (start + size * entry.count > bytes.length) return []
      return Array.from({ length: entry.count }, (_, k) => (size === 2 ? u16(start + k * 2) : u32(start + k * 4)))
    }
    const first = (tag: number) => values(tag)[0]

    if (isIfd0) {
      const o = first(274)
      if (o !== undefined && o >= 1 && o <= 8) orientation = o
    }
    // JPEGInterchangeFormat / JPEGInterchangeFormatLength (CR2 IFD0, NEF/ARW/PEF previews).
    const jif = first(513)
    const jifLength = first(514)
    if (jif !== undefined && jifLength !== undefined) addStream(jif, jifLength)
    // A single strip with JPEG compression (6 old-style, 7 new-style): DNG previews, some NEF/ARW IFDs.
    const compression = first(259)
    const stripOffsets = values(273)
    const stripCounts = values(279)
    if ((compression === 6 || compression === 7) && stripOffsets.length === 1 && stripCounts.length === 1) {
      addStream(stripOffsets[0]!, stripCounts[0]!)
    }
    // Panasonic RW2 JpgFromRaw (0x2e): UNDEFINED bytes, count = length, value = offset.
    const panasonic = tags.get(0x2e)
    if (panasonic && panasonic.type === 7 && panasonic.count > 4) addStream(u32(panasonic.at), panasonic.count)

    queue.push(...values(330)) // SubIFDs
    const next = u32(ifd + 2 + count * 12)
    if (next !== 0) queue.push(next)
  }
  return { orientation, streams }
}

// --- Fujifilm RAF ---------------------------------------------------------------------------------

const RAF_MAGIC = 'FUJIFILMCCD-RAW'

/** RAF header: the embedded JPEG's offset (u32 BE at 84) and length (at 88). */
function readRaf(bytes: Buffer): JpegStream[] {
  if (bytes.length < 92 || bytes.toString('latin1', 0, RAF_MAGIC.length) !== RAF_MAGIC) return []
  const offset = bytes.readUInt32BE(84)
  const length = bytes.readUInt32BE(88)
  if (offset + length > bytes.length) return []
  const jpeg = parseJpeg(bytes, offset, offset + length)
  return jpeg ? [jpeg] : []
}

// --- JPEG streams ---------------------------------------------------------------------------------

/** At most this many candidates are walked in a scan: a RAW holds a handful of JPEGs, not hundreds. */
const MAX_SCAN_CANDIDATES = 256

/**
 * Every complete, non-lossless JPEG in the bytes (the fallback for RAW containers we do not parse).
 * A JPEG found is skipped over whole, so the thumbnail inside a preview's own EXIF is not listed.
 */
export function scanJpegStreams(bytes: Buffer): JpegStream[] {
  const streams: JpegStream[] = []
  const soi = Buffer.from([0xff, 0xd8, 0xff])
  let at = bytes.indexOf(soi)
  for (let tried = 0; at !== -1 && tried < MAX_SCAN_CANDIDATES; tried++) {
    const jpeg = parseJpeg(bytes, at, bytes.length)
    if (jpeg) streams.push(jpeg)
    at = bytes.indexOf(soi, jpeg ? jpeg.offset + jpeg.length : at + 2)
  }
  return streams
}

const LOSSLESS_SOF = new Set([0xc3, 0xc7, 0xcb, 0xcf])

/**
 * Walks the JPEG markers from SOI at `start` to its EOI (not past `limit`), reading the frame size.
 * Null when the bytes are not a complete JPEG, or a lossless one (sensor data, not a picture).
 */
export function parseJpeg(bytes: Buffer, start: number, limit: number): JpegStream | null {
  limit = Math.min(limit, bytes.length)
  if (start + 4 > limit || bytes[start] !== 0xff || bytes[start + 1] !== 0xd8) return null
  let width = 0
  let height = 0
  let lossless = false
  let p = start + 2
  while (p + 2 <= limit) {
    if (bytes[p] !== 0xff) return null
    const marker = bytes[p + 1]!
    if (marker === 0xff) {
      p++ // fill byte
      continue
    }
    if (marker === 0xd9) {
      if (lossless || width === 0 || height === 0) return null
      return { offset: start, length: p + 2 - start, width, height }
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += 2
      continue
    }
    if (p + 4 > limit) return null
    const segmentEnd = p + 2 + bytes.readUInt16BE(p + 2)
    if (segmentEnd > limit || segmentEnd < p + 4) return null
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (p + 9 > limit) return null
      height = bytes.readUInt16BE(p + 5)
      width = bytes.readUInt16BE(p + 7)
      lossless = LOSSLESS_SOF.has(marker)
    }
    p = segmentEnd
    if (marker === 0xda) {
      // Entropy-coded data: runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      for (;;) {
        const ff = bytes.indexOf(0xff, p)
        if (ff === -1 || ff + 1 >= limit) return null
        const next = bytes[ff + 1]!
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
          p = ff + 2
          continue
        }
        if (next === 0xff) {
          p = ff + 1
          continue
        }
        p = ff
        break
      }
    }
  }
  return null
}
