// Which files are photos, and what their bytes really are. The extension only decides whether a file is
// worth looking at; the decoder is always chosen from the content (a PNG named .jpg imports fine, a text
// file named .jpg is reported as not-an-image instead of producing an obscure decoder error).
import { open, stat } from 'node:fs/promises'
import { extname } from 'node:path'
import { fileTypeFromFile } from 'file-type'
import { isRawPath, RAW_EXTENSIONS, RAW_MIMES, rawMimeOf } from '../raw'
import { BrokenFileError } from './broken-file-error'

export const SUPPORTED_EXTENSIONS = [
  'jpg',
  'jpeg',
  'png',
  'webp',
  'tif',
  'tiff',
  'gif',
  'avif',
  'heic',
  'heif',
  // Camera RAW: shown through the JPEG preview the camera embedded (src/main/raw).
  ...RAW_EXTENSIONS,
] as const
export type SupportedExtension = (typeof SUPPORTED_EXTENSIONS)[number]

const SUPPORTED_EXTENSION_SET: ReadonlySet<string> = new Set(SUPPORTED_EXTENSIONS)

/** True for paths whose extension (case-insensitive) names a supported photo format. */
export function isSupportedImagePath(path: string): boolean {
  return SUPPORTED_EXTENSION_SET.has(extname(path).slice(1).toLowerCase())
}

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif' | 'avif' | 'heif' | 'raw'

export interface SniffedImage {
  format: ImageFormat
  /** MIME type of the content (not of the extension), e.g. image/jpeg, image/heic. */
  mime: string
  /** File size in bytes at the time of sniffing. */
  size: number
}

/** Content MIME (as file-type reports it) → the format we decode it as. */
const FORMAT_BY_MIME: Readonly<Record<string, ImageFormat>> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  // Animated PNG: decoders show its first frame like any PNG.
  'image/apng': 'png',
  'image/webp': 'webp',
  'image/tiff': 'tiff',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/heic': 'heif',
  'image/heif': 'heif',
  'image/heic-sequence': 'heif',
  'image/heif-sequence': 'heif',
}

/** What the user expects a file to be, from its extension, for messages like "…, not JPEG". */
const LABEL_BY_EXTENSION: Readonly<Record<SupportedExtension, string>> = {
  jpg: 'JPEG',
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  tif: 'TIFF',
  tiff: 'TIFF',
  gif: 'GIF',
  avif: 'AVIF',
  heic: 'HEIC',
  heif: 'HEIF',
  dng: 'DNG',
  cr2: 'CR2',
  cr3: 'CR3',
  nef: 'NEF',
  nrw: 'NRW',
  arw: 'ARW',
  raf: 'RAF',
  orf: 'ORF',
  rw2: 'RW2',
  pef: 'PEF',
}

export const FORMAT_LABEL: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  tiff: 'TIFF',
  gif: 'GIF',
  avif: 'AVIF',
  heif: 'HEIC',
  raw: 'RAW',
}

function expectedLabel(path: string): string | null {
  const ext = extname(path).slice(1).toLowerCase()
  return SUPPORTED_EXTENSION_SET.has(ext) ? LABEL_BY_EXTENSION[ext as SupportedExtension] : null
}

/**
 * Identifies the image format from magic bytes. Throws BrokenFileError for empty files ('empty'),
 * non-images ('not-an-image') and images of formats PhotoHouse does not import ('unsupported').
 * Reads only the first few KB of the file.
 */
export async function sniffImageFormat(path: string): Promise<SniffedImage> {
  const { size } = await stat(path)
  if (size === 0) throw new BrokenFileError('empty', 'File is empty (0 bytes)')

  const detected = await fileTypeFromFile(path)
  const expected = expectedLabel(path)
  if (detected) {
    // RAW content, or a TIFF-structured file named as a RAW (file-type calls many NEF/PEF image/tiff).
    if (RAW_MIMES.has(detected.mime)) return { format: 'raw', mime: detected.mime, size }
    if (detected.mime === 'image/tiff' && isRawPath(path)) return { format: 'raw', mime: rawMimeOf(path), size }
    const format = FORMAT_BY_MIME[detected.mime]
    if (format) return { format, mime: detected.mime, size }
    const what = detected.ext.toUpperCase()
    if (detected.mime.startsWith('image/')) {
      throw new BrokenFileError('unsupported', `Unsupported image format: ${what} (${detected.mime})`)
    }
    throw new BrokenFileError('not-an-image', notAnImageMessage(`${what} data (${detected.mime})`, expected))
  }
  const looksLikeText = await startsWithText(path)
  throw new BrokenFileError(
    'not-an-image',
    notAnImageMessage(looksLikeText ? 'text' : 'unrecognised binary data', expected),
  )
}

function notAnImageMessage(content: string, expected: string | null): string {
  return expected
    ? `Not an image: the file content is ${content}, not ${expected}`
    : `Not an image: the file content is ${content}`
}

const TEXT_SAMPLE_BYTES = 4096

/** True when the first bytes are UTF-8 text without control characters (other than whitespace). */
async function startsWithText(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const sample = Buffer.alloc(TEXT_SAMPLE_BYTES)
    const { bytesRead } = await handle.read(sample, 0, TEXT_SAMPLE_BYTES, 0)
    // A full sample may end in the middle of a multi-byte character; drop up to 3 trailing bytes.
    const bytes = sample.subarray(0, bytesRead)
    for (let cut = 0; cut <= (bytesRead === TEXT_SAMPLE_BYTES ? 3 : 0); cut++) {
      const text = decodeUtf8(bytes.subarray(0, bytes.length - cut))
      if (text !== null) return !hasBinaryControlCharacters(text)
    }
    return false
  } finally {
    await handle.close()
  }
}

/** Control characters other than tab, newlines, form feed and escape never occur in text files. */
function hasBinaryControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d && code !== 0x1b) || code === 0x7f) return true
  }
  return false
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}
