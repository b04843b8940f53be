// Apple live photos: IMG_0001.HEIC (or .JPG) and IMG_0001.MOV side by side. They are one photo when
// they share Apple's content identifier (the still's maker note, the MOV's QuickTime keys); when one
// of them has none (an export, an edit), when their capture times are at most LIVE_GAP_MS apart.
import { stat } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import exifr from 'exifr'
import sharp from 'sharp'
import { SHARP_INPUT_OPTIONS } from '../ingest/sharp-setup'
import { appleContentId } from './apple'
import { readMovieFacts, type MovieFacts } from './quicktime'

/** A live photo's still and its MOV are written together: their times agree within this. */
export const LIVE_GAP_MS = 2000

const STILL_EXTENSIONS = ['heic', 'heif', 'jpg', 'jpeg']
const MOVIE_EXTENSIONS = ['mov']

export function isLiveMoviePath(path: string): boolean {
  return MOVIE_EXTENSIONS.includes(extname(path).slice(1).toLowerCase())
}

export function isLiveStillPath(path: string): boolean {
  return STILL_EXTENSIONS.includes(extname(path).slice(1).toLowerCase())
}

/** The first existing file beside `path` with the same stem and one of `extensions` (lower or upper case). */
async function sibling(path: string, extensions: readonly string[]): Promise<string | null> {
  const stem = basename(path, extname(path))
  for (const ext of extensions) {
    for (const variant of [ext.toUpperCase(), ext]) {
      const candidate = join(dirname(path), `${stem}.${variant}`)
      try {
        if ((await stat(candidate)).isFile()) return candidate
      } catch {
        // not there
      }
    }
  }
  return null
}

export const stillBesideMovie = (moviePath: string) => sibling(moviePath, STILL_EXTENSIONS)
export const movieBesideStill = (stillPath: string) => sibling(stillPath, MOVIE_EXTENSIONS)

export interface StillFacts {
  contentId: string | null
  /** Capture time as wall-clock digits read as UTC (offsets differ between the two files' formats). */
  wallMs: number | null
}

/** The still's content identifier and capture time, from its EXIF (through libvips, as for metadata). */
export async function readStillFacts(path: string): Promise<StillFacts> {
  try {
    const { exif } = await sharp(path, SHARP_INPUT_OPTIONS).metadata()
    if (!exif) return { contentId: null, wallMs: null }
    const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif
    const tags = (await exifr.parse(tiff, { tiff: true, exif: true, makerNote: true, translateValues: false, reviveValues: false, mergeOutput: true })) as
      | { makerNote?: Uint8Array; DateTimeOriginal?: unknown; CreateDate?: unknown }
      | undefined
    return {
      contentId: tags?.makerNote instanceof Uint8Array ? appleContentId(tags.makerNote) : null,
      wallMs: wallClockMs(tags?.DateTimeOriginal) ?? wallClockMs(tags?.CreateDate),
    }
  } catch {
    return { contentId: null, wallMs: null }
  }
}

/** "2023:05:01 10:11:12" (EXIF) or "2023-05-01T10:11:12+0200" (QuickTime): the digits, as if UTC. */
export function wallClockMs(value: unknown): number | null {
  if (typeof value !== 'string') return null
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number]
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  return Number.isFinite(ms) ? ms : null
}

export type PairedBy = 'content-id' | 'time'

/** Whether a still and a MOV of one name are one live photo, and by what evidence; null when not. */
export function pairedBy(still: StillFacts, movie: MovieFacts): PairedBy | null {
  if (still.contentId && movie.contentId) return still.contentId === movie.contentId ? 'content-id' : null
  const movieMs = wallClockMs(movie.creationDate)
  if (still.wallMs !== null && movieMs !== null && Math.abs(still.wallMs - movieMs) <= LIVE_GAP_MS) return 'time'
  return null
}

export interface LivePair {
  stillPath: string
  moviePath: string
  movie: MovieFacts
  by: PairedBy
}

/** Decides on a still and a MOV beside it (either may be the one just seen). */
export async function pairLive(stillPath: string, moviePath: string): Promise<LivePair | null> {
  const [still, movie] = await Promise.all([readStillFacts(stillPath), readMovieFacts(moviePath).catch(() => null)])
  if (!movie) return null
  const by = pairedBy(still, movie)
  return by ? { stillPath, moviePath, movie, by } : null
}
