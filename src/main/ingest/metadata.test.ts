import { readFile, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrokenFileError } from './broken-file-error'
import { readMetadata, type PhotoMetadata } from './metadata'
import { CAMERA_JPEGS, DERIVED_PHOTOS, exiftoolJson, IPHONE_JPEG, makeTempDir, opencvPhoto, skimagePhoto, SONY_JPEG, type TempDir } from './test-photos'

type ExiftoolRow = Record<string, unknown>

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)
const str = (value: unknown): string | null => (value === undefined || value === null || String(value).trim() === '' ? null : String(value).trim())

/** exiftool prints "2004:05:22 09:32:21.70+02:00"; we promise "2004-05-22T09:32:21.700+02:00". */
function exiftoolDate(value: unknown): { iso: string; ms: number } | null {
  const match = typeof value === 'string' ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([+-]\d{2}:\d{2})?$/.exec(value) : null
  if (!match) return null
  const [, y, mo, d, h, mi, s, fraction, offset] = match
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction ? `.${fraction.padEnd(3, '0').slice(0, 3)}` : ''}${offset ?? ''}`
  const ms = Date.parse(offset ? iso : `${iso}Z`)
  return Number.isNaN(ms) ? null : { iso, ms }
}

/** What readMetadata must report, derived from exiftool's independent reading of the same file. */
function expectedFrom(row: ExiftoolRow): Omit<PhotoMetadata, 'mime' | 'takenAtSource'> {
  const orientation = num(row['EXIF:Orientation'])
  // Composite:ImageSize is "W H" (with -n) for every container: JPEG SOF, PNG IHDR, TIFF IFD0, HEIF ispe.
  const [width = null, height = null] = String(row['Composite:ImageSize'] ?? '').split(' ').filter(Boolean).map(Number)
  const swapped = orientation !== null && orientation >= 5
  const taken =
    exiftoolDate(row['Composite:SubSecDateTimeOriginal'] ?? row['EXIF:DateTimeOriginal']) ??
    exiftoolDate(row['Composite:SubSecCreateDate'] ?? row['EXIF:CreateDate']) ??
    exiftoolDate(row['Composite:SubSecModifyDate'] ?? row['EXIF:ModifyDate'])
  return {
    width: swapped ? height : width,
    height: swapped ? width : height,
    orientation,
    takenAt: taken?.iso ?? null,
    takenAtMs: taken?.ms ?? null,
    make: str(row['EXIF:Make']),
    model: str(row['EXIF:Model']),
    lens: str(row['EXIF:LensModel']),
    exposureTime: num(row['EXIF:ExposureTime']),
    fNumber: num(row['EXIF:FNumber']),
    iso: num(row['EXIF:ISO']),
    focalLength: num(row['EXIF:FocalLength']),
    lat: num(row['Composite:GPSLatitude']),
    lon: num(row['Composite:GPSLongitude']),
    alt: num(row['Composite:GPSAltitude']),
  }
}

/** exiftool prints 10 significant digits; compare numbers relatively, everything else exactly. */
function expectAgreesWithExiftool(actual: PhotoMetadata, row: ExiftoolRow): void {
  const expected = expectedFrom(row)
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key as keyof PhotoMetadata]
    const where = `${String(row.SourceFile)} ${key}`
    if (typeof want === 'number' && typeof got === 'number' && !Number.isInteger(want)) {
      expect(Math.abs(got - want), where).toBeLessThanOrEqual(Math.abs(want) * 1e-8)
    } else {
      expect(got, where).toEqual(want)
    }
  }
}

describe('readMetadata', () => {
  let tmp: TempDir
  const originalTz = process.env.TZ
  beforeAll(async () => {
    tmp = await makeTempDir()
    // A zone far from UTC: any accidental use of local-time Date parsing shifts the camera times.
    process.env.TZ = 'Pacific/Kiritimati'
  })
  afterAll(async () => {
    process.env.TZ = originalTz
    await tmp.remove()
  })

  it('agrees with exiftool -n on real camera JPEGs', async () => {
    const rows = await exiftoolJson(CAMERA_JPEGS)
    let withGps = 0
    let withDate = 0
    for (const path of CAMERA_JPEGS) {
      const metadata = await readMetadata(path)
      expect(metadata.mime).toBe('image/jpeg')
      expectAgreesWithExiftool(metadata, rows.get(path)!)
      if (metadata.lat !== null) withGps++
      if (metadata.takenAt !== null) withDate++
    }
    // The comparison must have exercised the interesting fields, not just nulls.
    expect(withGps).toBeGreaterThanOrEqual(4)
    expect(withDate).toBeGreaterThanOrEqual(12)
  })

  it('reads known values of real photos (spot checks)', async () => {
    expect(await readMetadata(IPHONE_JPEG)).toEqual({
      mime: 'image/jpeg',
      width: 180,
      height: 135,
      orientation: 1,
      takenAt: '2013-02-06T16:00:03',
      takenAtMs: Date.UTC(2013, 1, 6, 16, 0, 3),
      takenAtSource: 'DateTimeOriginal',
      make: 'Apple',
      model: 'iPhone 4S',
      lens: null,
      exposureTime: expect.closeTo(1 / 4608, 12) as unknown,
      fNumber: 2.4,
      iso: 50,
      focalLength: 4.28,
      lat: 37.885,
      lon: -122.6225,
      alt: 122,
    })
    expect(await readMetadata(SONY_JPEG)).toMatchObject({
      width: 6000,
      height: 4000,
      make: 'SONY',
      model: 'ILCE-6000',
      lens: 'E PZ 16-50mm F3.5-5.6 OSS',
      exposureTime: 6,
      fNumber: 8,
      iso: 100,
      focalLength: 22,
    })
  })

  it('reports display size after EXIF orientation', async () => {
    const rotated = CAMERA_JPEGS.find((path) => path.endsWith('/exif/test/right.jpg'))!
    // Stored 640x480 with Orientation 8 (rotate 270 CW to display): shown portrait.
    expect(await readMetadata(rotated)).toMatchObject({ orientation: 8, width: 480, height: 640, takenAt: null })
  })

  it('keeps the EXIF offset, sub-seconds and below-sea-level altitude written by exiftool', async () => {
    const path = DERIVED_PHOTOS.offsetOriginal
    const metadata = await readMetadata(path)
    expect(metadata).toMatchObject({
      takenAt: '2013-02-06T16:00:03.042-03:30',
      takenAtMs: Date.parse('2013-02-06T19:30:03.042Z'),
      alt: -122,
      lat: 37.885,
      lon: -122.6225,
    })
    expectAgreesWithExiftool(metadata, (await exiftoolJson([path])).get(path)!)
  })

  it('falls back to OffsetTime when OffsetTimeOriginal is missing', async () => {
    expect(await readMetadata(DERIVED_PHOTOS.offsetTime)).toMatchObject({ takenAt: '2013-02-06T16:00:03+09:00', takenAtMs: Date.parse('2013-02-06T07:00:03Z') })
  })

  it('returns null dates when EXIF has none or an impossible one', async () => {
    expect(await readMetadata(opencvPhoto('baboon.jpg'))).toMatchObject({ takenAt: null, takenAtMs: null, takenAtSource: null, make: null })
    // exif-parser's test.jpg has only ModifyDate "2013:05:26 16:05:92" (second 92).
    const invalid = CAMERA_JPEGS.find((path) => path.endsWith('/exif-parser/test/test.jpg'))!
    expect(await readMetadata(invalid)).toMatchObject({ takenAt: null, takenAtMs: null })
  })

  it('uses ModifyDate only as a last resort and says so', async () => {
    const hero = CAMERA_JPEGS.find((path) => path.endsWith('Bloated-Hero.jpg'))!
    expect(await readMetadata(hero)).toMatchObject({ takenAt: '2017-04-24T17:46:13', takenAtSource: 'ModifyDate' })
    const nikon = CAMERA_JPEGS.find((path) => path.endsWith('dsc_09827.jpg'))!
    expect(await readMetadata(nikon)).toMatchObject({ takenAt: '2004-05-22T09:32:21.700', takenAtSource: 'DateTimeOriginal' })
  })

  it('reads EXIF from PNG, WebP, AVIF and TIFF copies of a real photo, in agreement with exiftool', async () => {
    // Made once with sharp's keepMetadata; libvips does not write EXIF into TIFF, so exiftool copied
    // the camera tags into the TIFF's IFD0/ExifIFD/GPS (test-data/SOURCES.md).
    const { png, webp, avif, tiff } = DERIVED_PHOTOS
    const rows = await exiftoolJson([png, webp, avif, tiff])
    const reference = await readMetadata(IPHONE_JPEG)
    for (const [path, mime] of [[png, 'image/png'], [webp, 'image/webp'], [avif, 'image/avif'], [tiff, 'image/tiff']] as const) {
      const metadata = await readMetadata(path)
      expect(metadata.mime).toBe(mime)
      // exiftool re-encodes the GPS rationals when copying tags into the TIFF: compare with tolerance.
      expect(metadata, path).toMatchObject({
        model: 'iPhone 4S',
        takenAt: reference.takenAt,
        lat: expect.closeTo(reference.lat!, 9) as unknown,
        lon: expect.closeTo(reference.lon!, 9) as unknown,
        alt: reference.alt,
        iso: 50,
      })
      expectAgreesWithExiftool(metadata, rows.get(path)!)
    }
  })

  it('reads photos without EXIF (PNG, GIF)', async () => {
    expect(await readMetadata(skimagePhoto('chelsea.png'))).toMatchObject({ mime: 'image/png', width: 451, height: 300, orientation: null, takenAt: null })
    expect(await readMetadata(skimagePhoto('no_time_for_that_tiny.gif'))).toMatchObject({ mime: 'image/gif', takenAt: null })
  })

  it('throws BrokenFileError for empty, text, garbage and header-less files', async () => {
    await writeFile(tmp.file('empty.jpg'), '')
    await writeFile(tmp.file('text.jpg'), 'not a photo\n')
    const jpeg = await readFile(IPHONE_JPEG)
    await writeFile(tmp.file('stub.jpg'), jpeg.subarray(0, 100))
    await expect(readMetadata(tmp.file('empty.jpg'))).rejects.toMatchObject({ code: 'empty' })
    await expect(readMetadata(tmp.file('text.jpg'))).rejects.toMatchObject({ code: 'not-an-image', message: 'Not an image: the file content is text, not JPEG' })
    const stub = await readMetadata(tmp.file('stub.jpg')).catch((e: unknown) => e)
    expect(stub).toBeInstanceOf(BrokenFileError)
    expect(['truncated', 'decode-failed']).toContain((stub as BrokenFileError).code)
  })
})
