// Photo facts from the file header and its EXIF block. No pixel decoding happens here.
//
// The EXIF block comes from libvips' header read (sharp.metadata), which extracts it uniformly from JPEG,
// PNG, WebP, HEIC and AVIF containers, and is parsed by exifr. Only TIFF, whose EXIF tags live in the
// image's own IFDs, is handed to exifr as a file. (exifr's own HEIF box parser rejects the Exif item
// layout that libheif writes, so going through libvips is also the robust path for HEIC.)
import exifr from 'exifr'
import sharp, { type Metadata } from 'sharp'
import { cr3ExifTags, readCr3Tiffs, readRawLayout, readRawStream, uprightSize, usableStreams } from '../raw'
import { EXIFR_BASE_OPTIONS } from '../raw/exifr-options'
import { lensFromTags } from './lens'
import { parseExifDateTime } from './exif-date'
import { FORMAT_LABEL, sniffImageFormat, type SniffedImage } from './image-format'
import { ensureSharpConfigured, SHARP_INPUT_OPTIONS, toBrokenFileError } from './sharp-setup'

export type TakenAtSource = 'DateTimeOriginal' | 'CreateDate' | 'ModifyDate'

export interface PhotoMetadata {
  /** MIME type of the content, detected from magic bytes. */
  mime: string
  /** Display size, i.e. after EXIF orientation (for HEIF: after the container's rotation). */
  width: number | null
  height: number | null
  /** EXIF Orientation tag (1-8) as recorded in the file; HEIF files display per their container instead. */
  orientation: number | null
  /** Camera wall-clock time, ISO 8601, with "+02:00"-style offset when EXIF recorded one. */
  takenAt: string | null
  /** takenAt as epoch ms for sorting; times without offset are read as UTC. */
  takenAtMs: number | null
  /** Which EXIF tag takenAt came from (ModifyDate is only a last resort: editors rewrite it). */
  takenAtSource: TakenAtSource | null
  make: string | null
  model: string | null
  lens: string | null
  /** Seconds. */
  exposureTime: number | null
  fNumber: number | null
  iso: number | null
  /** Millimetres (actual, not 35 mm equivalent). */
  focalLength: number | null
  lat: number | null
  lon: number | null
  /** Metres; negative below sea level. */
  alt: number | null
}

/** IFD0, Exif and GPS tags, named; everything is parsed raw (no value translation, no Date objects: see exif-date.ts). */
const EXIFR_OPTIONS = { ...EXIFR_BASE_OPTIONS, exif: true, gps: true, translateKeys: true } as const

type ExifTags = Record<string, unknown>

/**
 * Reads dimensions and EXIF facts. Throws BrokenFileError for empty files, non-images and unsupported
 * formats; a damaged EXIF block is not an error (those fields are simply null).
 */
export async function readMetadata(path: string): Promise<PhotoMetadata> {
  ensureSharpConfigured()
  const sniffed = await sniffImageFormat(path)
  if (sniffed.format === 'raw') return readRawMetadata(path, sniffed)
  let header: Metadata
  try {
    header = await sharp(path, SHARP_INPUT_OPTIONS).metadata()
  } catch (error) {
    throw toBrokenFileError(error, FORMAT_LABEL[sniffed.format])
  }
  const tags = (await readExifTags(path, sniffed, header)) ?? {}
  return metadataFromTags(sniffed.mime, header, tags)
}

/**
 * Camera RAW: EXIF from the file itself when it is TIFF-structured (DNG, CR2, NEF, ARW…: exifr reads
 * their IFDs), from Canon's CMT boxes for CR3 (src/main/raw/cr3.ts), else from the embedded JPEG
 * (Fujifilm's RAF header JPEG carries the camera's EXIF, even when it is too small to show). The size
 * is the preview's, upright, as shown. A RAW without a usable preview still gets its camera facts (its
 * capture date sorts it among its shoot); the thumbnail stage then records it as broken, saying why.
 */
async function readRawMetadata(path: string, sniffed: SniffedImage): Promise<PhotoMetadata> {
  const layout = await readRawLayout(path)
  const [best] = usableStreams(layout)
  const size = best ? uprightSize({ ...best, tiff: layout.tiff, jpeg: Buffer.alloc(0) }) : null
  let tags: ExifTags = {}
  try {
    if (sniffed.mime === 'image/x-canon-cr3') {
      // CR3 is ISO-BMFF: its EXIF is in TIFFs inside Canon's moov boxes, which exifr cannot find itself.
      tags = await cr3ExifTags(await readCr3Tiffs(path))
    } else {
      const jpeg = layout.tiff ? null : (best ?? layout.streams[0])
      const source = layout.tiff ? path : jpeg ? await readRawStream(path, jpeg.stream) : null
      // Nikon names the lens only in its maker note (see lens.ts); exifr hands it over as bytes.
      const options = sniffed.mime === 'image/x-nikon-nef' ? { ...EXIFR_OPTIONS, makerNote: true } : EXIFR_OPTIONS
      const parsed: unknown = source === null ? null : await exifr.parse(source, options)
      if (parsed && typeof parsed === 'object') tags = parsed as ExifTags
      // Panasonic's RW2 keeps ISO only in its own IFD0 tag 0x17 (exiftool: IFD0:ISO), which exifr's
      // IFD0 dictionary does not name; there is no ISO in its Exif IFD.
      if (sniffed.mime === 'image/x-panasonic-rw2' && tags.ISO === undefined) tags.ISO = tags['23']
    }
  } catch {
    // A damaged EXIF block (or CR3 header boxes): the facts are simply unknown, and the photo is still
    // listed, by its file date, through its preview.
  }
  const orientation = (best ?? layout.streams[0])?.orientation ?? undefined
  const header = size ? { ...size, autoOrient: size, orientation } : { orientation }
  return metadataFromTags(sniffed.mime, header, tags)
}

async function readExifTags(path: string, sniffed: SniffedImage, header: Metadata): Promise<ExifTags | null> {
  const source = header.exif ? stripExifPrefix(header.exif) : sniffed.format === 'tiff' ? path : null
  if (source === null) return null
  try {
    const tags: unknown = await exifr.parse(source, EXIFR_OPTIONS)
    return tags && typeof tags === 'object' ? (tags as ExifTags) : null
  } catch {
    return null
  }
}

const EXIF_PREFIX = Buffer.from('Exif\0\0', 'latin1')

/** JPEG/WebP/AVIF blobs start with the APP1 "Exif\0\0" marker; exifr wants the bare TIFF structure. */
function stripExifPrefix(blob: Buffer): Buffer {
  return blob.subarray(0, EXIF_PREFIX.length).equals(EXIF_PREFIX) ? blob.subarray(EXIF_PREFIX.length) : blob
}

/** The header facts metadataFromTags needs (sharp's, or a RAW preview's; a RAW without one has no size). */
type HeaderFacts = Partial<Pick<Metadata, 'width' | 'height' | 'autoOrient' | 'orientation'>>

export function metadataFromTags(mime: string, header: HeaderFacts, tags: ExifTags): PhotoMetadata {
  const taken = takenAtFrom(tags)
  const { lat, lon } = coordinatesFrom(tags)
  const orientation = orientationFrom(tags.Orientation) ?? orientationFrom(header.orientation)
  return {
    mime,
    width: header.autoOrient?.width ?? header.width ?? null,
    height: header.autoOrient?.height ?? header.height ?? null,
    orientation,
    takenAt: taken?.iso ?? null,
    takenAtMs: taken?.epochMs ?? null,
    takenAtSource: taken?.source ?? null,
    make: text(tags.Make),
    model: text(tags.Model),
    lens: lensFromTags(tags),
    exposureTime: positive(tags.ExposureTime),
    fNumber: positive(tags.FNumber),
    iso: positive(first(tags.ISO)),
    focalLength: positive(tags.FocalLength),
    lat,
    lon,
    alt: altitudeFrom(tags),
  }
}

/** Original capture time first; each date pairs with its own sub-second and offset tags (EXIF 2.31). */
function takenAtFrom(tags: ExifTags): { iso: string; epochMs: number; source: TakenAtSource } | null {
  const candidates: [TakenAtSource, unknown, unknown, unknown][] = [
    ['DateTimeOriginal', tags.DateTimeOriginal, tags.SubSecTimeOriginal, tags.OffsetTimeOriginal ?? tags.OffsetTime],
    ['CreateDate', tags.CreateDate, tags.SubSecTimeDigitized, tags.OffsetTimeDigitized ?? tags.OffsetTime],
    ['ModifyDate', tags.ModifyDate, tags.SubSecTime, tags.OffsetTime],
  ]
  for (const [source, value, subSec, offset] of candidates) {
    const parsed = parseExifDateTime(value, subSec, offset)
    if (parsed) return { iso: parsed.iso, epochMs: parsed.epochMs, source }
  }
  return null
}

function coordinatesFrom(tags: ExifTags): { lat: number | null; lon: number | null } {
  const lat = finite(tags.latitude)
  const lon = finite(tags.longitude)
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) return { lat: null, lon: null }
  // Exactly 0,0 is what phones write when they had no fix, not a photo taken in the Gulf of Guinea.
  if (lat === 0 && lon === 0) return { lat: null, lon: null }
  return { lat, lon }
}

/** GPSAltitudeRef 1 means below sea level (EXIF 2.3 §4.6.6). */
function altitudeFrom(tags: ExifTags): number | null {
  const altitude = finite(tags.GPSAltitude)
  if (altitude === null) return null
  return first(tags.GPSAltitudeRef) === 1 ? -altitude : altitude
}

function orientationFrom(value: unknown): number | null {
  const orientation = first(value)
  return typeof orientation === 'number' && Number.isInteger(orientation) && orientation >= 1 && orientation <= 8
    ? orientation
    : null
}

/** Single values sometimes arrive as one-element arrays or byte arrays. */
function first(value: unknown): unknown {
  if (Array.isArray(value) || value instanceof Uint8Array) return value[0]
  return value
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

function positive(value: unknown): number | null {
  const number = finite(value)
  return number !== null && number > 0 ? number : null
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null
  // EXIF ASCII fields are NUL-terminated and often NUL- or space-padded.
  const cleaned = value.replaceAll('\0', '').trim()
  return cleaned === '' ? null : cleaned
}
