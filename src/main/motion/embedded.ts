// Google/Samsung motion photos: a JPEG followed, in the same file, by an MP4. The JPEG's XMP says so:
// - first version (MVIMG_…jpg): GCamera:MicroVideo="1" and GCamera:MicroVideoOffset = the video's
//   length, counted back from the end of the file;
// - version 1 (…MP.jpg, Pixel and recent Samsung): GCamera:MotionPhoto="1" and a Container:Directory
//   whose item with Semantic="MotionPhoto" gives the video's Length (the video ends the file).
// Either way the video is [size - length, size) and must start with an ftyp box. Older Samsung photos
// say it in their SEF trailer instead (samsung.ts), HEIC motion photos in an 'mpvd' box (heif.ts). The
// file is only read, never written: the viewer is served that byte range.
import { open } from 'node:fs/promises'
import { embeddedXmp } from '../sidecars/embedded'
import { videoFromMpvdBox } from './heif'
import { findSamsungVideo, startsWithFtyp, videoFromSefTrailer } from './samsung'

export interface EmbeddedVideo {
  /** Byte range of the MP4 inside the still's file. */
  offset: number
  length: number
  /** The still's moment in the video (the presentation timestamp); null when not given. */
  stillMs: number | null
}

const XMP_SIGNATURE = 'http://ns.adobe.com/xap/1.0/\0'
/** Header segments walked at most: a JPEG has a handful before its image data. */
const MAX_SEGMENTS = 64

/**
 * The JPEG's XMP packet(s), from its APP1 segments before the image data; '' when none. Every photo
 * imported passes here, so only the segment headers and the XMP segments themselves are read.
 */
export async function readJpegXmp(path: string): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(4 + XMP_SIGNATURE.length)
    let { bytesRead } = await handle.read(head, 0, 2, 0)
    if (bytesRead < 2 || head[0] !== 0xff || head[1] !== 0xd8) return ''
    let xmp = ''
    let p = 2
    for (let i = 0; i < MAX_SEGMENTS; i++) {
      ;({ bytesRead } = await handle.read(head, 0, head.length, p))
      if (bytesRead < 4 || head.readUInt8(0) !== 0xff) break
      const marker = head.readUInt8(1)
      if (marker === 0xda || marker === 0xd9) break // image data: no more metadata segments
      const length = head.readUInt16BE(2)
      if (length < 2) break
      if (marker === 0xe1 && length > head.length - 2 && bytesRead === head.length && head.toString('latin1', 4) === XMP_SIGNATURE) {
        const body = Buffer.alloc(length - 2 - XMP_SIGNATURE.length)
        const read = await handle.read(body, 0, body.length, p + head.length)
        xmp += body.toString('utf8', 0, read.bytesRead)
      }
      p += 2 + length
    }
    return xmp
  } finally {
    await handle.close()
  }
}

/** An XMP property as attribute (`ns:Name="v"`) or element (`<ns:Name>v</ns:Name>`). */
function property(xmp: string, name: string): string | null {
  const attribute = new RegExp(`${name}="([^"]*)"`).exec(xmp)
  if (attribute) return attribute[1]!
  const element = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xmp)
  return element ? element[1]! : null
}

function integer(text: string | null): number | null {
  if (text === null || !/^-?\d+$/.test(text.trim())) return null
  return Number(text.trim())
}

/** The video's length (from the end of the file) and still time the XMP declares; null when none. */
export function motionFromXmp(xmp: string): { length: number; stillUs: number | null } | null {
  if (integer(property(xmp, 'GCamera:MotionPhoto')) === 1) {
    // Each directory item is one rdf:li; the MotionPhoto one carries the video's length.
    for (const item of xmp.split(/<rdf:li\b/).slice(1)) {
      if (property(item, 'Item:Semantic') !== 'MotionPhoto') continue
      const length = integer(property(item, 'Item:Length'))
      if (length !== null && length > 0) return { length, stillUs: integer(property(xmp, 'GCamera:MotionPhotoPresentationTimestampUs')) }
    }
  }
  if (integer(property(xmp, 'GCamera:MicroVideo')) === 1) {
    const length = integer(property(xmp, 'GCamera:MicroVideoOffset'))
    if (length !== null && length > 0) return { length, stillUs: integer(property(xmp, 'GCamera:MicroVideoPresentationTimestampUs')) }
  }
  return null
}

/** A HEIC's XMP says it is a motion photo (GCamera:MotionPhoto="1"); its still time. Null when not. */
export function heifMotionFromXmp(xmp: string): { stillUs: number | null } | null {
  if (integer(property(xmp, 'GCamera:MotionPhoto')) !== 1) return null
  return { stillUs: integer(property(xmp, 'GCamera:MotionPhotoPresentationTimestampUs')) }
}

/** Still photo formats a motion photo can be. */
export const MOTION_STILL_MIMES: ReadonlySet<string> = new Set(['image/jpeg', 'image/heic', 'image/heif'])

// -1 means "not given" in Google's format.
const stillMsOf = (stillUs: number | null): number | null => (stillUs !== null && stillUs >= 0 ? Math.round(stillUs / 1000) : null)

/**
 * The MP4 a motion photo carries, or null (not a motion photo, or its declared video is not there).
 * The file's first bytes say which kind to look for: a JPEG (FF D8) or an ISO-BMFF (HEIF) file.
 */
export async function findEmbeddedVideo(path: string): Promise<EmbeddedVideo | null> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const head = Buffer.alloc(8)
    const { bytesRead } = await handle.read(head, 0, 8, 0)
    if (bytesRead < 8) return null
    if (head[0] === 0xff && head[1] === 0xd8) {
      const declared = motionFromXmp(await readJpegXmp(path))
      if (declared) {
        const offset = size - declared.length
        if (offset > 0 && (await startsWithFtyp(handle, offset))) return { offset, length: declared.length, stillMs: stillMsOf(declared.stillUs) }
      }
      // No (usable) Google XMP: a Samsung motion photo's trailer or marker. Samsung also writes the
      // trailer after a video its XMP declares, which then does not end the file.
      const samsung = await findSamsungVideo(handle, size)
      return samsung ? { ...samsung, stillMs: stillMsOf(declared?.stillUs ?? null) } : null
    }
    if (head.toString('latin1', 4, 8) === 'ftyp') {
      // The box first: walking the top-level box headers costs a few small reads, the XMP (which
      // must say so too) a read of the file's first megabytes.
      const box = await videoFromMpvdBox(handle, size)
      const declared = box ? heifMotionFromXmp((await embeddedXmp(path)) ?? '') : null
      if (box && declared) return { ...box, stillMs: stillMsOf(declared.stillUs) }
      const samsung = await videoFromSefTrailer(handle, size)
      return samsung ? { ...samsung, stillMs: null } : null
    }
    return null
  } finally {
    await handle.close()
  }
}
