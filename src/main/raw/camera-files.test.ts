// Real camera files (test-data/raw/camera, origin in test-data/SOURCES.md) against exiftool 12.57's
// reading of them (exiftool.json, embedded-images.json: written by write-exiftool.sh). Most come from
// test suites that replaced the image data with placeholders or cut the file short: their camera
// facts and the container's pointers are real, their previews are not; the Canon R6 CR3 has a real one.
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AssetDetail } from '../../shared/domain'
import type { PhotoHouseApp } from '../app'
import { thumbPath } from '../ingest'
import { BrokenFileError } from '../ingest/broken-file-error'
import { decodeUpright } from '../ingest/decode'
import { sniffImageFormat } from '../ingest/image-format'
import { formatLensSpec } from '../ingest/lens'
import { readMetadata } from '../ingest/metadata'
import { openAndImport, tempDir } from '../testing/fixtures'
import { TEST_DATA } from '../testing/test-data'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'
import { readRawLayout, readRawPreviews, type ImageRef } from '.'

const CAMERA = join(TEST_DATA, 'raw', 'camera')
type Row = Record<string, unknown>
const rows = JSON.parse(readFileSync(join(CAMERA, 'exiftool.json'), 'utf8')) as Row[]
interface Embedded {
  SourceFile: string
  tag: string
  bytes: number
  sha256: string
}
const embedded = JSON.parse(readFileSync(join(CAMERA, 'embedded-images.json'), 'utf8')) as Embedded[]
const FILES = rows.map((r) => (r.SourceFile as string).replace('raw/camera/', ''))
const rowOf = (file: string) => rows.find((r) => r.SourceFile === `raw/camera/${file}`)!
/** The cut-off EOS 70D CR2, whose Exif IFD exiftool does not reach (see its test). */
const TRUNCATED_CR2 = 'tracker-raw-cr2.cr2'
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/**
 * Embedded images exiftool extracts that our locator deliberately does not list, with why. Every other
 * one must be among the pointers we find, at the same offset with the same bytes.
 */
const NOT_LISTED: Readonly<Record<string, string>> = {
  // Thumbnails inside the preview JPEG's own EXIF: they are part of that preview's bytes.
  'exiftool-FujiFilm.raf IFD1:ThumbnailImage': 'inside the preview',
  'exiftool-Panasonic.rw2 IFD1:ThumbnailImage': 'inside the preview',
  // DNG 1.4 "Lossy JPEG" (compression 34892) is the sensor data compressed, not a picture to show.
  'exiv2-IMG_1361.dng SubIFD1:OtherImage': 'sensor data',
}

/** What each file's import says, and the one file whose preview is real. */
const EXPECTED_FAILURE: Readonly<Record<string, { code: string; message: RegExp } | null>> = {
  'exiftool-CanonRaw.cr2': { code: 'decode-failed', message: /^RAW file's embedded preview is damaged: none of the 4 images the file points at is JPEG data\./ },
  'exiftool-CanonRaw.cr3': { code: 'decode-failed', message: /^RAW file's embedded preview is damaged: none of the 3 images the file points at is JPEG data\./ },
  'exiftool-DNG.dng': { code: 'decode-failed', message: /^RAW file's embedded preview is damaged: none of the 2 images/ },
  'exiftool-Nikon.nef': { code: 'decode-failed', message: /^RAW file's embedded preview is damaged: none of the 2 images the file points at is JPEG data\./ },
  'exiftool-FujiFilm.raf': { code: 'unsupported', message: /^RAW file's embedded preview is only 8×8 pixels, too small to show the photo: / },
  'exiftool-Panasonic.rw2': { code: 'unsupported', message: /^RAW file's embedded preview is only 8×8 pixels, too small to show the photo: / },
  'exiv2-IMG_1361.dng': { code: 'truncated', message: /^RAW file is cut off: it ends after 63 KB, but its embedded preview runs to 5\.2 MB/ },
  'tracker-raw-cr2.cr2': { code: 'truncated', message: /^RAW file is cut off: it ends after 40 KB, but its embedded preview runs to 2\.3 MB/ },
  'exiv2-Canon-R6-pruned.CR3': null,
}

/** exiftool's "2021:05:12 12:21:21.92+02:00" as our ISO form's parts: wall clock, epoch ms. */
function exiftoolDate(value: string): { wallClock: string; epochMs: number } {
  const iso = value.replace(/^(\d{4}):(\d{2}):(\d{2}) /, '$1-$2-$3T')
  return { wallClock: iso.slice(0, 19), epochMs: Date.parse(/[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`) }
}

describe('real camera RAW files', () => {
  it('every committed file has an exiftool reading and an expected outcome', () => {
    expect(FILES.sort()).toEqual(Object.keys(EXPECTED_FAILURE).sort())
    for (const file of FILES) expect(existsSync(join(CAMERA, file)), file).toBe(true)
  })

  it.each(FILES.filter((f) => f !== TRUNCATED_CR2))('%s: readMetadata gives exiftool camera facts', async (file) => {
    const row = rowOf(file)
    const m = await readMetadata(join(CAMERA, file))
    expect(m.mime).toBe(row['File:MIMEType'])
    expect(m.make).toBe(row['IFD0:Make'])
    expect(m.model).toBe(row['IFD0:Model'])
    expect(m.orientation).toBe(row['IFD0:Orientation'])
    // RW2: Panasonic's ISO is a tag of its own IFD0 (exifr does not name it; metadata.ts fills it).
    expect(m.iso).toBe(row['ExifIFD:ISO'] ?? row['IFD0:ISO'])
    expect(m.fNumber).toBe(row['ExifIFD:FNumber'])
    // exiftool -n prints 10 significant digits (1/15 as 0.06666666667).
    expect(Math.abs(m.exposureTime! / (row['ExifIFD:ExposureTime'] as number) - 1)).toBeLessThan(1e-9)
    expect(m.focalLength).toBe(row['ExifIFD:FocalLength'])
    // The lens: Exif's LensModel, else the specification exiftool read (Exif LensInfo, DNG's
    // DNGLensInfo, Nikon's maker-note Lens) spelled out; the CR2's Canon:LensType is a vendor table's number.
    const spec = row['ExifIFD:LensInfo'] ?? row['IFD0:DNGLensInfo'] ?? row['Nikon:Lens']
    const specNumbers = typeof spec === 'string' ? spec.split(' ').map((v) => (v === 'undef' ? Number.NaN : Number(v))) : null
    expect(m.lens).toBe(row['ExifIFD:LensModel'] ?? formatLensSpec(specNumbers))
    const taken = (row['Composite:SubSecDateTimeOriginal'] ?? row['ExifIFD:DateTimeOriginal']) as string
    const expected = exiftoolDate(taken)
    expect(m.takenAtSource).toBe('DateTimeOriginal')
    expect(m.takenAt!.slice(0, 19)).toBe(expected.wallClock)
    expect(m.takenAtMs).toBe(expected.epochMs)
    if (row['Composite:GPSLatitude'] !== undefined) {
      expect(m.lat).toBeCloseTo(row['Composite:GPSLatitude'] as number, 9)
      expect(m.lon).toBeCloseTo(row['Composite:GPSLongitude'] as number, 9)
      expect(m.alt).toBeCloseTo((row['GPS:GPSAltitude'] as number) * (row['GPS:GPSAltitudeRef'] === 1 ? -1 : 1), 6)
    } else {
      expect({ lat: m.lat, lon: m.lon }).toEqual({ lat: null, lon: null })
    }
  })

  it(`${TRUNCATED_CR2}: exiftool stops at its cut-off XMP; the facts agree with tracker-miners' reading`, async () => {
    // IFD0 entry 14 (XMP, 8 KB) points past the end of the cut-off file: exiftool gives up on IFD0
    // there ("Error reading value for IFD0 entry 14") and never reaches the Exif IFD pointer after it,
    // which exifr follows to an intact Exif IFD. tracker-miners' expected reading of the file (its
    // test data) has the same values.
    const row = rowOf(TRUNCATED_CR2)
    expect(row['ExifTool:Warning']).toBe('Error reading value for IFD0 entry 14')
    const tracker = (JSON.parse(readFileSync(join(CAMERA, 'tracker-raw-cr2.expected.json'), 'utf8')) as { metadata: Record<string, unknown> }).metadata
    const m = await readMetadata(join(CAMERA, TRUNCATED_CR2))
    expect(m).toMatchObject({ make: row['IFD0:Make'], model: row['IFD0:Model'], orientation: row['IFD0:Orientation'], lens: null })
    expect(row['IFD0:Orientation']).toBe(8) // tracker: nfo:orientation-left
    expect(tracker['nfo:orientation']).toBe('nfo:orientation-left')
    expect(m.iso).toBe(Number(tracker['nmm:isoSpeed']))
    expect(m.fNumber).toBe(Number(tracker['nmm:fnumber']))
    expect(m.focalLength).toBe(Number(tracker['nmm:focalLength']))
    // The camera writes ModifyDate at capture too: the original time is that second (plus its SubSec).
    expect(m.takenAtSource).toBe('DateTimeOriginal')
    expect(m.takenAt!.slice(0, 19)).toBe(exiftoolDate(row['IFD0:ModifyDate'] as string).wallClock)
    expect(m.exposureTime).toBeGreaterThan(0)
  })

  it.each(FILES)('%s: the preview locator points where exiftool finds each embedded image', async (file) => {
    const path = join(CAMERA, file)
    const bytes = readFileSync(path)
    const row = rowOf(file)
    const { refs } = await readRawLayout(path)
    for (const image of embedded.filter((e) => e.SourceFile === `raw/camera/${file}`)) {
      const key = `${file} ${image.tag}`
      // exiftool's pointer tags: PreviewImageStart/Length, JpgFromRawStart/Length, OtherImageStart/Length,
      // ThumbnailOffset/Length (none for CR3 boxes, the RAF header or RW2's JpgFromRaw).
      const [group, tag] = image.tag.split(':') as [string, string]
      const name = tag === 'ThumbnailImage' ? 'Thumbnail' : tag
      const start = (row[`${group}:${name}Start`] ?? row[`${group}:${name}Offset`]) as number | undefined
      const length = row[`${group}:${name}Length`] as number | undefined
      if (NOT_LISTED[key] === 'inside the preview') {
        const inside = refs.find((r) => r.offset <= start! && start! + length! <= r.offset + r.length)
        expect(inside, key).toBeDefined()
        expect(sha256(bytes.subarray(start!, start! + length!)), key).toBe(image.sha256)
        continue
      }
      if (NOT_LISTED[key]) {
        expect(refs.some((r) => r.offset === start), key).toBe(false)
        continue
      }
      if (image.bytes === 0) {
        // exiftool extracts nothing: the file ends before the image does. Its Start/Length are the pointer's.
        expect(refs, key).toContainEqual<ImageRef>({ offset: start!, length: length!, source: expect.any(String) as never, content: 'cut-off' })
        expect(start! + length!).toBeGreaterThan(bytes.length)
        continue
      }
      const ref = refs.find((r) => sha256(bytes.subarray(r.offset, r.offset + image.bytes)) === image.sha256)
      expect(ref, key).toBeDefined()
      if (start !== undefined) expect(ref!.offset, key).toBe(start)
      if (length !== undefined) expect(ref!.length, key).toBe(length)
      if (ref!.source === 'cr3-prvw' || ref!.source === 'cr3-thmb') {
        // Canon's own length; exiftool takes the rest of the box, zero padding included.
        expect(ref!.length).toBeLessThanOrEqual(image.bytes)
        expect(bytes.subarray(ref!.offset + ref!.length, ref!.offset + image.bytes).every((b) => b === 0), key).toBe(true)
      } else {
        expect(ref!.length, key).toBe(image.bytes)
      }
    }
  })

  it.each(FILES)('%s: a file without a usable preview is refused with the reason, code and all', async (file) => {
    const expected = EXPECTED_FAILURE[file]
    const path = join(CAMERA, file)
    if (!expected) return expect(await readRawPreviews(path)).not.toHaveLength(0)
    const error = await readRawPreviews(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BrokenFileError)
    expect(error).toMatchObject({ code: expected.code })
    expect((error as Error).message).toMatch(expected.message)
  })

  it("the R6's real 1620×1080 PRVW preview (not its 160×120 THMB) decodes upright at its size", async () => {
    const path = join(CAMERA, 'exiv2-Canon-R6-pruned.CR3')
    const layout = await readRawLayout(path)
    // Track 1's full-size JPEG was pruned upstream: its pointer runs past the end, which is no error here.
    expect(layout.refs.map((r) => [r.source, r.content])).toEqual([
      ['cr3-thmb', 'jpeg'],
      ['cr3-track', 'cut-off'],
      ['cr3-prvw', 'jpeg'],
    ])
    const [preview, ...others] = await readRawPreviews(path)
    expect(others).toHaveLength(0) // the THMB is too small to show a photo with
    expect(preview!.stream).toMatchObject({ width: 1620, height: 1080 })
    expect(preview!.orientation).toBe(1)
    const pixels = await decodeUpright(path, await sniffImageFormat(path), 4096)
    expect({ w: pixels.width, h: pixels.height, fw: pixels.fullWidth, fh: pixels.fullHeight }).toEqual({ w: 1620, h: 1080, fw: 1620, fh: 1080 })
    // A real photo, not a flat placeholder: its pixels vary.
    let min = 255
    let max = 0
    for (const v of pixels.data) [min, max] = [Math.min(min, v), Math.max(max, v)]
    expect(max - min).toBeGreaterThan(100)
  })
})

describe('real camera RAW files through an import', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  const detail = async (name: string) => {
    const assetId = app.repositories.search.assetIdByPath(join(photos, name))!
    return (await dispatch('assets.get', { assetId })) as AssetDetail
  }

  beforeAll(async () => {
    mkdirSync(photos, { recursive: true })
    for (const file of FILES) copyFileSync(join(CAMERA, file), join(photos, file))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
  }, 240_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  it('the R6 CR3 is a ready photo with its thumbnail on disk and its camera facts', async () => {
    const r6 = await detail('exiv2-Canon-R6-pruned.CR3')
    expect(r6).toMatchObject({ state: 'ready', hasThumb: true, mime: 'image/x-canon-cr3', width: 1620, height: 1080, make: 'Canon', model: 'Canon EOS R6', iso: 100 })
    expect(r6.takenAt).toBe('2021-05-12T12:21:21.920+02:00')
    const sha = sha256(readFileSync(join(photos, 'exiv2-Canon-R6-pruned.CR3')))
    expect(readFileSync(thumbPath(app.cacheDir, sha, 'grid')).subarray(8, 12).toString('latin1')).toBe('WEBP')
    // Every analysis stage ran on it, faces too (which read the photo itself, here its preview): no task failed.
    const dead = app.db.prepare(`SELECT type, error_message AS message FROM tasks WHERE state = 'dead'`).all()
    expect(dead).toEqual([])
    const stages = app.db.prepare(`SELECT DISTINCT type FROM tasks WHERE payload LIKE ?`).all(`%"assetId":${r6.id}%`) as { type: string }[]
    expect(stages.map((t) => t.type)).toContain('asset.faces')
  })

  it.each(Object.entries(EXPECTED_FAILURE).filter(([, failure]) => failure !== null))(
    '%s is listed as broken, saying why, with its camera facts',
    async (file, failure) => {
      const asset = await detail(file)
      expect(asset).toMatchObject({ state: 'error', hasThumb: false, make: rowOf(file)['IFD0:Make'] })
      expect(asset.error).toMatch(failure!.message)
      expect(asset.takenAt).not.toBeNull()
    },
  )
})
