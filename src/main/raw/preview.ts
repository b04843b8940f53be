// Camera RAW files are shown through the JPEG the camera embedded in them, never by demosaicing the
// sensor data: every RAW format carries a preview the camera rendered with its own colour science
// (usually full size), and decoding it is as fast as any JPEG. This finds the largest such JPEG.
//
// Where it looks, most precise first (each pointer is kept as the container says it, so a file whose
// preview is cut off or damaged can be told apart from one that has none):
// - TIFF-based RAWs (DNG, CR2, NEF, ARW, ORF, RW2, PEF…): every IFD reachable from IFD0, its chain and
//   its SubIFDs; a JPEG is either a JPEGInterchangeFormat/Length pair, a single strip with JPEG
//   compression (DNG previews), or Panasonic's JpgFromRaw tag; and the PreviewIFD of Nikon's maker notes.
// - Fujifilm RAF: the header names the embedded JPEG's offset and length.
// - Canon CR3 (ISO-BMFF): the PRVW and THMB boxes and track 1's full-size JPEG (cr3.ts). A CR3's
//   orientation comes from its CMT1 box, since the PRVW JPEG need not carry EXIF.
// - When none of those is big enough: every complete baseline/progressive JPEG stream in the file,
//   found by walking its markers (Olympus keeps its preview in maker notes, which are not walked).
// Lossless JPEG (SOF3: the raw sensor data of CR2 and many DNGs) is never a preview.
//
// A walk reads the whole file once; its result (locations and orientation, never the bytes) is cached
// per path, size and mtime, so the later reads of one import fetch only the preview's bytes.
import { open } from 'node:fs/promises'
import { extname } from 'node:path'
import sharp from 'sharp'
import { BrokenFileError } from '../ingest/broken-file-error'
import { cr3ImageRefs, cr3TiffsInFile, type Cr3ImageRef } from './cr3'

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

/** Which pointer of the container named an embedded image. */
export type ImageRefSource =
  | 'tiff-jpeg-interchange' // JPEGInterchangeFormat/Length (CR2 IFD1, NEF/ARW/PEF previews)
  | 'tiff-jpeg-strip' // one strip with JPEG compression (DNG previews, CR2 IFD0)
  | 'rw2-jpg-from-raw' // Panasonic tag 0x2e
  | 'nikon-preview-ifd' // the PreviewIFD of Nikon's maker notes
  | 'raf-header' // Fujifilm's header fields
  | Cr3ImageRef['source']

/** Where the container says an embedded image is: its bytes may be cut off, or not a JPEG at all. */
export interface ImageRef {
  offset: number
  length: number
  source: ImageRefSource
  /**
   * What is there: a complete JPEG; lossless JPEG (sensor data, as CR2's raw IFD: never a preview);
   * something else (damaged, or a placeholder); or nothing, as the file ends before the image does.
   */
  content: 'jpeg' | 'lossless-jpeg' | 'not-jpeg' | 'cut-off'
}

/** A complete JPEG found in the file, with the orientation its pixels need. */
export interface FoundStream {
  stream: JpegStream
  /** EXIF orientation (1-8) the pixels need: the RAW's own (IFD0, CR3 CMT1), else the JPEG's EXIF. */
  orientation: number | null
}

/** What one walk of a RAW file learns: locations and facts, never the bytes. */
export interface RawLayout {
  /** Bytes in the file when it was walked. */
  size: number
  /** True when the file is TIFF-structured, so its EXIF can be read from the file itself. */
  tiff: boolean
  /** Every embedded image the container points at, in the order found. */
  refs: ImageRef[]
  /** Every complete, non-lossless JPEG found (pointed at, or by the byte scan when none is big). */
  streams: FoundStream[]
}

export interface RawPreview {
  /** The embedded JPEG's bytes. */
  jpeg: Buffer
  stream: JpegStream
  /** EXIF orientation (1-8) of the RAW itself (IFD0), which the preview's pixels need; null when unknown. */
  orientation: number | null
  /** True when the file is TIFF-structured, so its EXIF can be read from the file itself. */
  tiff: boolean
}

// --- Reading files: one walk per file version, then only the preview's bytes -----------------------

/** An open RAW file: its identity (size, mtime) and reads of all or part of it. */
export interface RawFile {
  size: number
  mtimeMs: number
  readAll(): Promise<Buffer>
  read(offset: number, length: number): Promise<Buffer>
  close(): Promise<void>
}
export type OpenRawFile = (path: string) => Promise<RawFile>

export const openRawFile: OpenRawFile = async (path) => {
  const handle = await open(path, 'r')
  try {
    const { size, mtimeMs } = await handle.stat()
    return {
      size,
      mtimeMs,
      readAll: () => handle.readFile(),
      read: async (offset, length) => {
        const buffer = Buffer.alloc(length)
        const { bytesRead } = await handle.read(buffer, 0, length, offset)
        return buffer.subarray(0, bytesRead)
      },
      close: () => handle.close(),
    }
  } catch (error) {
    await handle.close()
    throw error
  }
}

/**
 * Layouts of recently walked files by path, valid while size and mtime are unchanged. An import reads a
 * RAW three times (metadata, thumbnails, duplicate pixels), each needing only its preview: the first
 * walks the whole file (tens of MB), the others read the preview's byte range. Bounded: an import
 * works through a queue, so the few most recent files are the ones asked for again.
 */
export class RawLayoutCache {
  private readonly entries = new Map<string, { size: number; mtimeMs: number; layout: RawLayout }>()

  constructor(private readonly capacity = 64) {}

  get(path: string, size: number, mtimeMs: number): RawLayout | null {
    const entry = this.entries.get(path)
    if (!entry || entry.size !== size || entry.mtimeMs !== mtimeMs) return null
    this.entries.delete(path) // most recently used last
    this.entries.set(path, entry)
    return entry.layout
  }

  set(path: string, size: number, mtimeMs: number, layout: RawLayout): void {
    this.entries.delete(path)
    this.entries.set(path, { size, mtimeMs, layout })
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!)
  }
}

const LAYOUTS = new RawLayoutCache()

export interface RawReadOptions {
  open?: OpenRawFile
  cache?: RawLayoutCache
}

/** Runs `use` with the file's layout and a reader of its byte ranges (from memory when just walked). */
async function withLayout<T>(
  path: string,
  options: RawReadOptions,
  use: (layout: RawLayout, read: (offset: number, length: number) => Promise<Buffer>) => Promise<T>,
): Promise<T> {
  const file = await (options.open ?? openRawFile)(path)
  try {
    const cache = options.cache ?? LAYOUTS
    const cached = cache.get(path, file.size, file.mtimeMs)
    if (cached) return await use(cached, (offset, length) => file.read(offset, length))
    // RAWs are tens of MB: read once, as one buffer (the walk jumps around the file).
    const bytes = await file.readAll()
    const layout = await walkRaw(bytes)
    cache.set(path, file.size, file.mtimeMs, layout)
    return await use(layout, async (offset, length) => bytes.subarray(offset, offset + length))
  } finally {
    await file.close()
  }
}

/** The file's layout (walked once per size and mtime). Never throws for a missing preview. */
export function readRawLayout(path: string, options: RawReadOptions = {}): Promise<RawLayout> {
  return withLayout(path, options, async (layout) => layout)
}

/** The bytes of one stream of the file's layout. */
export function readRawStream(path: string, stream: JpegStream, options: RawReadOptions = {}): Promise<Buffer> {
  return withLayout(path, options, (_, read) => read(stream.offset, stream.length))
}

/** The streams big enough to show the photo with, largest first. */
export function usableStreams(layout: RawLayout): FoundStream[] {
  return layout.streams
    .filter((s) => Math.max(s.stream.width, s.stream.height) >= MIN_PREVIEW_SIDE)
    .sort((a, b) => b.stream.width * b.stream.height - a.stream.width * a.stream.height || b.stream.length - a.stream.length)
}

/**
 * The largest usable embedded JPEGs of a RAW file, in order of preference (largest first; at most
 * `max`), so a caller whose decoder rejects the first can try the next. Throws BrokenFileError, with
 * the reason a person can act on, when there is none of at least MIN_PREVIEW_SIDE.
 */
export async function readRawPreviews(path: string, options: RawReadOptions & { max?: number } = {}): Promise<RawPreview[]> {
  return withLayout(path, options, async (layout, read) => {
    const usable = usableStreams(layout).slice(0, options.max ?? Infinity)
    if (usable.length === 0) throw noPreviewError(layout)
    const previews: RawPreview[] = []
    for (const { stream, orientation } of usable) {
      const jpeg = await read(stream.offset, stream.length)
      // The file changed without its size or mtime changing: that version's bytes are not these.
      if (jpeg.length !== stream.length) throw new BrokenFileError('truncated', 'RAW file changed while it was read: its preview is cut off')
      previews.push({ jpeg, stream, orientation, tiff: layout.tiff })
    }
    return previews
  })
}

const NOT_DEVELOPED = "PhotoHouse shows RAW files through the camera's full-size preview and does not develop the sensor data"

/** Why a RAW has no preview to show, most telling first: cut off, damaged, too small, absent. */
export function noPreviewError(layout: RawLayout): BrokenFileError {
  const cutOff = layout.refs.filter((ref) => ref.content === 'cut-off')
  if (cutOff.length > 0) {
    const end = Math.min(...cutOff.map((ref) => ref.offset + ref.length))
    return new BrokenFileError(
      'truncated',
      `RAW file is cut off: it ends after ${byteSize(layout.size)}, but its embedded preview runs to ${byteSize(end)} (the file was not copied completely)`,
    )
  }
  const found = new Set(layout.streams.map((s) => s.stream.offset))
  const damaged = layout.refs.filter((ref) => ref.content === 'not-jpeg' && !found.has(ref.offset))
  const largest = layout.streams.length === 0 ? null : layout.streams.reduce((a, b) => (b.stream.width * b.stream.height > a.stream.width * a.stream.height ? b : a)).stream
  if (largest) {
    const also = damaged.length > 0 ? ` (the other ${damaged.length === 1 ? 'image it points at is' : `${damaged.length} images it points at are`} not JPEG data)` : ''
    return new BrokenFileError(
      'unsupported',
      `RAW file's embedded preview is only ${largest.width}×${largest.height} pixels, too small to show the photo${also}: ${NOT_DEVELOPED}`,
    )
  }
  if (damaged.length > 0) {
    const what = damaged.length === 1 ? `the ${damaged[0]!.length} bytes where the camera stored it are not` : `none of the ${damaged.length} images the file points at is`
    return new BrokenFileError('decode-failed', `RAW file's embedded preview is damaged: ${what} JPEG data. ${NOT_DEVELOPED}`)
  }
  return new BrokenFileError('unsupported', `RAW file with no embedded JPEG preview: ${NOT_DEVELOPED}`)
}

function byteSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

// --- Walking a file's bytes -----------------------------------------------------------------------

/** The layout of a RAW file's bytes: what its container points at, the JPEGs there, their orientation. */
export async function walkRaw(bytes: Buffer): Promise<RawLayout> {
  const tiff = readTiff(bytes)
  const cr3 = tiff === null && bytes.toString('latin1', 4, 8) === 'ftyp'
  const refs: ImageRef[] = tiff ? tiff.refs : withContent(bytes, cr3 ? cr3ImageRefs(bytes) : rafRefs(bytes))
  let streams = tiff ? tiff.streams : jpegsOf(bytes, refs)
  // Olympus (ORF) keeps its full-size preview inside maker notes the walk does not enter (Nikon's
  // PreviewIFD is walked, but other bodies may do the same): when the pointers lead to nothing big
  // enough, the byte scan finds it.
  if (!streams.some((s) => Math.max(s.width, s.height) >= MIN_PREVIEW_SIDE)) {
    const known = new Set(streams.map((s) => s.offset))
    streams = [...streams, ...scanJpegStreams(bytes).filter((s) => !known.has(s.offset))]
  }
  const fileOrientation = tiff ? tiff.orientation : cr3 ? cr3Orientation(bytes) : null
  const found = await Promise.all(
    streams.map(async (stream) => ({
      stream,
      // A CR3's orientation is in its CMT1 (IFD0); without either (RAF) the preview's own EXIF is the camera's.
      orientation: tiff ? tiff.orientation : (fileOrientation ?? (await jpegOrientation(bytes.subarray(stream.offset, stream.offset + stream.length)))),
    })),
  )
  return { size: bytes.length, tiff: tiff !== null, refs, streams: found }
}

/** A CR3's orientation from its CMT1 TIFF; null when the file has none (a damaged header is not fatal here). */
function cr3Orientation(bytes: Buffer): number | null {
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

// --- TIFF ---------------------------------------------------------------------------------------

const MAX_IFDS = 64

interface TiffFacts {
  orientation: number | null
  /** What the IFDs point at, as they say it. */
  refs: ImageRef[]
  /** The complete JPEGs among them. */
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

  const refs: Omit<ImageRef, 'content'>[] = []
  let orientation: number | null = null
  const queue: number[] = [u32(4)]
  const seen = new Set<number>()
  const addRef = (offset: number, length: number, source: ImageRefSource) => {
    if (offset > 0 && length > 0 && !refs.some((r) => r.offset === offset)) refs.push({ offset, length, source })
  }

  while (queue.length > 0 && seen.size < MAX_IFDS) {
    const ifd = queue.shift()!
    if (ifd < 8 || ifd + 2 > bytes.length || seen.has(ifd)) continue
    const isIfd0 = seen.size === 0
    seen.add(ifd)
    const tags = ifdEntries(bytes, le, ifd)
    if (!tags) continue
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
      const exif = first(34665)
      const nikon = exif === undefined ? null : nikonPreviewRef(bytes, le, exif)
      if (nikon) addRef(nikon.offset, nikon.length, 'nikon-preview-ifd')
    }
    // JPEGInterchangeFormat / JPEGInterchangeFormatLength (CR2 IFD0, NEF/ARW/PEF previews).
    const jif = first(513)
    const jifLength = first(514)
    if (jif !== undefined && jifLength !== undefined) addRef(jif, jifLength, 'tiff-jpeg-interchange')
    // A single strip with JPEG compression (6 old-style, 7 new-style): DNG previews, some NEF/ARW IFDs.
    const compression = first(259)
    const stripOffsets = values(273)
    const stripCounts = values(279)
    if ((compression === 6 || compression === 7) && stripOffsets.length === 1 && stripCounts.length === 1) {
      addRef(stripOffsets[0]!, stripCounts[0]!, 'tiff-jpeg-strip')
    }
    // Panasonic RW2 JpgFromRaw (0x2e): UNDEFINED bytes, count = length, value = offset.
    const panasonic = tags.get(0x2e)
    if (panasonic && panasonic.type === 7 && panasonic.count > 4) addRef(u32(panasonic.at), panasonic.count, 'rw2-jpg-from-raw')

    queue.push(...values(330)) // SubIFDs
    const nextAt = ifd + 2 + u16(ifd) * 12
    const next = nextAt + 4 <= bytes.length ? u32(nextAt) : 0
    if (next !== 0) queue.push(next)
  }
  const classified = withContent(bytes, refs)
  return { orientation, refs: classified, streams: jpegsOf(bytes, classified) }
}

const NIKON_MAKER_NOTE = Buffer.from('Nikon\0\x02', 'latin1')

/** An IFD entry: its type, count, and where its value (or the offset of its values) is. */
export interface IfdEntry {
  type: number
  count: number
  at: number
}

/** A Nikon type-2 maker note's own TIFF: its bytes (offsets count from its start), byte order and first IFD. */
export interface NikonMakerNote {
  tiff: Buffer
  le: boolean
  u32(at: number): number
  ifd0: Map<number, IfdEntry>
}

/**
 * Reads a Nikon type-2 maker note ("Nikon\0", version 2, two bytes, then a TIFF of its own from
 * byte 10). Null for another vendor's note, or a damaged one.
 */
export function readNikonMakerNote(note: Buffer): NikonMakerNote | null {
  if (note.length < 18 || !note.subarray(0, NIKON_MAKER_NOTE.length).equals(NIKON_MAKER_NOTE)) return null
  const tiff = note.subarray(10)
  const order = tiff.toString('latin1', 0, 2)
  if (order !== 'II' && order !== 'MM') return null
  const le = order === 'II'
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at))
  const ifd0 = ifdEntries(tiff, le, u32(4))
  return ifd0 && { tiff, le, u32, ifd0 }
}

/**
 * The preview named by Nikon's maker notes (Exif IFD → MakerNote: tag 0x11 of its IFD is a
 * PreviewIFD with JPEGInterchangeFormat/Length), offsets made absolute. Null when the file has no
 * such maker note or it is damaged.
 */
function nikonPreviewRef(bytes: Buffer, le: boolean, exifIfd: number): { offset: number; length: number } | null {
  const makerNote = ifdEntries(bytes, le, exifIfd)?.get(0x927c)
  if (!makerNote || makerNote.count < 18) return null
  const at = makerNote.count <= 4 ? makerNote.at : (le ? bytes.readUInt32LE(makerNote.at) : bytes.readUInt32BE(makerNote.at))
  if (at + 18 > bytes.length) return null
  // Its IFDs may lie past the count the Exif entry gives: the rest of the file is read as the note.
  const note = readNikonMakerNote(bytes.subarray(at))
  const previewIfd = note?.ifd0.get(0x11)
  if (!note || !previewIfd) return null
  const preview = ifdEntries(note.tiff, note.le, note.u32(previewIfd.at))
  const start = preview?.get(0x201)
  const length = preview?.get(0x202)
  // The note's offsets count from its TIFF header, 10 bytes into the note.
  return start && length ? { offset: at + 10 + note.u32(start.at), length: note.u32(length.at) } : null
}

/** An IFD's entries by tag (type, count, where the value or its offset is); null when it is out of the bytes. */
function ifdEntries(bytes: Buffer, le: boolean, ifd: number): Map<number, IfdEntry> | null {
  if (ifd < 8 || ifd + 2 > bytes.length) return null
  const u16 = (p: number) => (le ? bytes.readUInt16LE(p) : bytes.readUInt16BE(p))
  const count = u16(ifd)
  if (ifd + 2 + count * 12 > bytes.length) return null
  const entries = new Map<number, IfdEntry>()
  for (let i = 0; i < count; i++) {
    const at = ifd + 2 + i * 12
    entries.set(u16(at), { type: u16(at + 2), count: le ? bytes.readUInt32LE(at + 4) : bytes.readUInt32BE(at + 4), at: at + 8 })
  }
  return entries
}

// --- Fujifilm RAF ---------------------------------------------------------------------------------

const RAF_MAGIC = 'FUJIFILMCCD-RAW'

/** RAF header: the embedded JPEG's offset (u32 BE at 84) and length (at 88). */
function rafRefs(bytes: Buffer): Omit<ImageRef, 'content'>[] {
  if (bytes.length < 92 || bytes.toString('latin1', 0, RAF_MAGIC.length) !== RAF_MAGIC) return []
  const offset = bytes.readUInt32BE(84)
  const length = bytes.readUInt32BE(88)
  return offset > 0 && length > 0 ? [{ offset, length, source: 'raf-header' }] : []
}

// --- JPEG streams ---------------------------------------------------------------------------------

/** Each pointer with what its bytes hold. */
function withContent(bytes: Buffer, refs: Omit<ImageRef, 'content'>[]): ImageRef[] {
  return refs.map((ref) => {
    if (ref.offset + ref.length > bytes.length) return { ...ref, content: 'cut-off' }
    if (parseJpeg(bytes, ref.offset, ref.offset + ref.length)) return { ...ref, content: 'jpeg' }
    return { ...ref, content: isLosslessJpeg(bytes, ref.offset, ref.offset + ref.length) ? 'lossless-jpeg' : 'not-jpeg' }
  })
}

/** The complete JPEGs the pointers lead to. */
function jpegsOf(bytes: Buffer, refs: ImageRef[]): JpegStream[] {
  return refs.filter((ref) => ref.content === 'jpeg').map((ref) => parseJpeg(bytes, ref.offset, ref.offset + ref.length)!)
}

/** True when the bytes start a JPEG whose frame is lossless (SOF3/7/11/15), read up to its frame header. */
function isLosslessJpeg(bytes: Buffer, start: number, limit: number): boolean {
  limit = Math.min(limit, bytes.length)
  if (start + 4 > limit || bytes[start] !== 0xff || bytes[start + 1] !== 0xd8) return false
  for (let p = start + 2; p + 4 <= limit && bytes[p] === 0xff; p += 2 + bytes.readUInt16BE(p + 2)) {
    const marker = bytes[p + 1]!
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return LOSSLESS_SOF.has(marker)
    if (marker === 0xda) return false
  }
  return false
}

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
