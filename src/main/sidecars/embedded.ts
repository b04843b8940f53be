// XMP and IPTC embedded in the photo itself (Lightroom, Apple Photos and Picasa exports write them
// there). Only read: the original is never written.
import { open } from 'node:fs/promises'
import exifr from 'exifr'

/**
 * How much of a file is searched for its XMP packet. In JPEG it is an APP1 segment among the header
 * segments before the image data (EXIF with its thumbnail, ICC profile: well under 1 MiB); HEIC, PNG
 * and WebP keep it in metadata boxes or chunks, which sit near the start in what cameras and Apple
 * write, but may follow a large item.
 */
const XMP_SCAN_BYTES = { jpeg: 1024 * 1024, other: 4 * 1024 * 1024 }

/**
 * The first XMP packet in the file's first megabytes, as text (null: none). Found here rather than
 * with exifr: exifr 7 reads no XMP from a HEIC (nothing from test-data/xmp/embedded/apple.heic) and
 * gives a JPEG's XMP flattened, which loses the structure of face regions.
 */
export async function embeddedXmp(path: string): Promise<string | null> {
  const handle = await open(path, 'r')
  try {
    const limit = /\.jpe?g$/i.test(path) ? XMP_SCAN_BYTES.jpeg : XMP_SCAN_BYTES.other
    // Only the bytes read are looked at.
    const buffer = Buffer.allocUnsafe(limit)
    const { bytesRead } = await handle.read(buffer, 0, limit, 0)
    const head = buffer.subarray(0, bytesRead)
    const start = head.indexOf('<x:xmpmeta')
    if (start < 0) return null
    const endTag = '</x:xmpmeta>'
    const end = head.indexOf(endTag, start)
    if (end < 0) return null
    return head.subarray(start, end + endTag.length).toString('utf8')
  } finally {
    await handle.close()
  }
}

export interface EmbeddedIptc {
  keywords: string[]
  caption: string | null
}

/**
 * exifr decodes IPTC text as Latin-1, while what is written today (Picasa, exiftool, Lightroom) is
 * UTF-8: bytes that form valid UTF-8 are read as UTF-8 (Latin-1 text with accents almost never does).
 */
function iptcText(latin1: string): string {
  const bytes = Buffer.from(latin1, 'latin1')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return latin1
  }
}

const strings = (v: unknown): string[] =>
  (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []).map(iptcText)

/** IPTC-IIM keywords and caption (Picasa and older tools write these rather than XMP). */
export async function embeddedIptc(path: string): Promise<EmbeddedIptc> {
  let tags: Record<string, unknown> | undefined
  try {
    tags = (await exifr.parse(path, { iptc: true, tiff: false, xmp: false, icc: false, jfif: false, ihdr: false, mergeOutput: true })) as Record<string, unknown> | undefined
  } catch {
    // A format exifr cannot read IPTC from has none for us.
    return { keywords: [], caption: null }
  }
  return {
    keywords: strings(tags?.Keywords).map((k) => k.trim()).filter((k) => k.length > 0),
    caption: strings(tags?.Caption)[0]?.trim() || null,
  }
}
