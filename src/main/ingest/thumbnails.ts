// Thumbnails in a content-addressed cache: <cacheDir>/thumbs/<sha[0..2]>/<sha>-<size>.webp.
// Identical content imported from several paths shares one pair of files, and a file's thumbnails never
// go stale because the name is the hash of the bytes they were made from.
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import sharp, { type ResizeOptions, type Sharp, type WebpOptions } from 'sharp'
import { THUMB_SIZES, type ThumbSize } from '../../shared/domain'
import { decodeUpright, type DecodedPixels } from './decode'
import { sniffImageFormat } from './image-format'
import { phashFromPixels } from './phash'
import { ensureSharpConfigured, SHARP_TIMEOUT_SECONDS } from './sharp-setup'

/**
 * Grid thumbnails have a fixed HEIGHT (the grid lays photos out in justified rows of equal height; 256 px
 * stays sharp on 2x screens for ~128 px rows) and keep the aspect ratio; panoramas are capped in width.
 */
export const GRID_HEIGHT = THUMB_SIZES.grid
export const GRID_MAX_WIDTH = 1024
/** Previews fit a PREVIEW_MAX_SIDE square (longest side), never enlarged. */
export const PREVIEW_MAX_SIDE = THUMB_SIZES.preview

/**
 * WebP settings, shared with bench/thumbnails-raw.ts so the benchmark baseline encodes identically.
 * effort 2 instead of the default 4: measured on a 1440 px preview it encodes ~2.5x faster for files
 * only ~4% larger, and encoding is the largest cost after decoding.
 */
export const THUMB_WEBP_OPTIONS: Readonly<Record<ThumbSize, WebpOptions>> = {
  grid: { quality: 75, effort: 2 },
  preview: { quality: 80, effort: 2 },
}

/** The resize that turns upright pixels into the grid thumbnail. */
export const GRID_RESIZE: ResizeOptions = {
  width: GRID_MAX_WIDTH,
  height: GRID_HEIGHT,
  fit: 'inside',
  withoutEnlargement: true,
}

/** The resize that turns upright pixels into the preview. */
export const PREVIEW_RESIZE: ResizeOptions = {
  width: PREVIEW_MAX_SIDE,
  height: PREVIEW_MAX_SIDE,
  fit: 'inside',
  withoutEnlargement: true,
}

const SHA256_HEX = /^[0-9a-f]{64}$/

/** Where the thumbnail of the given content hash and size lives (whether or not it exists yet). */
export function thumbPath(cacheDir: string, sha256: string, size: ThumbSize): string {
  // The hash becomes a path: refuse anything else so a bad caller can never write outside the cache.
  if (!SHA256_HEX.test(sha256)) throw new Error(`thumbPath needs a lower-case hex SHA-256, got "${sha256}"`)
  return join(cacheDir, 'thumbs', sha256.slice(0, 2), `${sha256}-${size}.webp`)
}

export interface ThumbnailRequest {
  path: string
  sha256: string
  cacheDir: string
  /** Hand back the upright pixels the thumbnails were made from (see ThumbnailResult.upright). */
  keepPixels?: boolean
}

/** Upright 8-bit interleaved pixels (sRGB or grey, maybe with alpha). */
export interface UprightPixels {
  data: Buffer
  width: number
  height: number
  channels: 1 | 2 | 3 | 4
}

export interface ThumbnailResult {
  /** Display size of the original photo (after orientation), not of the thumbnails. */
  width: number
  height: number
  gridPath: string
  previewPath: string
  /** 64-bit DCT perceptual hash, 16 hex characters. */
  phash: string
  /**
   * With `keepPixels`, when the photo was decoded (not when the thumbnails already existed): the
   * grid thumbnail's pixels before encoding, then the preview's, smallest first. The AI stages'
   * model inputs are made from these instead of decoding a thumbnail again.
   */
  upright?: UprightPixels[]
}

/**
 * Decodes the photo once (auto-rotated), writes the grid and preview WebPs atomically and computes the
 * perceptual hash. Idempotent: when both thumbnails already exist (e.g. same content at another path,
 * or a retry after a crash) nothing is decoded and the stored result is returned.
 * Throws BrokenFileError for files that are not decodable images.
 */
export async function makeThumbnails(input: ThumbnailRequest): Promise<ThumbnailResult> {
  ensureSharpConfigured()
  const gridPath = thumbPath(input.cacheDir, input.sha256, 'grid')
  const previewPath = thumbPath(input.cacheDir, input.sha256, 'preview')

  const cached = await readCachedResult(gridPath, previewPath)
  if (cached) return cached

  const sniffed = await sniffImageFormat(input.path)
  const pixels = await decodeUpright(input.path, sniffed, PREVIEW_MAX_SIDE)
  const phash = await phashFromPixels(pixels)
  const facts: CachedFacts = { width: pixels.fullWidth, height: pixels.fullHeight, phash }

  await mkdir(dirname(gridPath), { recursive: true })
  const writeGrid = async (): Promise<UprightPixels | undefined> => {
    if (!input.keepPixels) {
      await writeAtomically(fromPixels(pixels).resize(GRID_RESIZE).webp(THUMB_WEBP_OPTIONS.grid), gridPath)
      return undefined
    }
    // Resized to raw first and encoded from that: the same WebP bytes (tested), and the grid's
    // pixels stay at hand for the model inputs.
    const { data, info } = await fromPixels(pixels).resize(GRID_RESIZE).raw().toBuffer({ resolveWithObject: true })
    const grid: UprightPixels = { data, width: info.width, height: info.height, channels: info.channels as UprightPixels['channels'] }
    await writeAtomically(fromPixels(grid).webp(THUMB_WEBP_OPTIONS.grid), gridPath)
    return grid
  }
  const [grid] = await Promise.all([
    writeGrid(),
    // The preview is written last-wins like the grid, and carries the facts needed to answer a later
    // idempotent call without decoding the original again (see readCachedResult).
    writeAtomically(fromPixels(pixels).webp(THUMB_WEBP_OPTIONS.preview).withXmp(factsToXmp(facts)), previewPath),
  ])
  const preview: UprightPixels = { data: pixels.data, width: pixels.width, height: pixels.height, channels: pixels.channels }
  return { ...facts, gridPath, previewPath, ...(grid ? { upright: [grid, preview] } : {}) }
}

function fromPixels(pixels: UprightPixels | DecodedPixels): Sharp {
  return sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } }).timeout({
    seconds: SHARP_TIMEOUT_SECONDS,
  })
}

/** Encodes to a unique temporary name beside the target, then renames: readers never see half a file. */
async function writeAtomically(pipeline: Sharp, target: string): Promise<void> {
  const temporary = `${target}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`
  try {
    await pipeline.toFile(temporary)
    await rename(temporary, target)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

interface CachedFacts {
  width: number
  height: number
  phash: string
}

// The facts are stored as XMP inside the preview itself rather than in a sidecar file: they are written
// atomically together with the thumbnail and the cache stays exactly two files per photo.
const XMP_NAMESPACE = 'https://photohouse.app/ns/thumbnail/1.0/'

function factsToXmp(facts: CachedFacts): string {
  return (
    `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
    `<rdf:Description rdf:about="" xmlns:photohouse="${XMP_NAMESPACE}" photohouse:width="${facts.width}" ` +
    `photohouse:height="${facts.height}" photohouse:phash="${facts.phash}"/></rdf:RDF></x:xmpmeta>`
  )
}

function factsFromXmp(xmp: string | undefined): CachedFacts | null {
  if (!xmp?.includes(XMP_NAMESPACE)) return null
  const width = Number(/photohouse:width="(\d+)"/.exec(xmp)?.[1])
  const height = Number(/photohouse:height="(\d+)"/.exec(xmp)?.[1])
  const phash = /photohouse:phash="([0-9a-f]{16})"/.exec(xmp)?.[1]
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || !phash) return null
  return { width, height, phash }
}

/** The previous result when both thumbnails exist and the preview carries its facts; otherwise null. */
async function readCachedResult(gridPath: string, previewPath: string): Promise<ThumbnailResult | null> {
  const [grid, preview] = await Promise.all([fileExists(gridPath), fileExists(previewPath)])
  if (!grid || !preview) return null
  try {
    const facts = factsFromXmp((await sharp(previewPath).metadata()).xmpAsString)
    return facts ? { ...facts, gridPath, previewPath } : null
  } catch {
    // An unreadable cached preview is simply regenerated.
    return null
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0
  } catch {
    return false
  }
}
