import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { DuplicateFacts } from '../catalog'
import { chooseKeeper, formatOf } from '../duplicates/keeper'
import { pixelFacts } from '../duplicates/pixels'
import { BrokenFileError } from '../ingest/broken-file-error'
import { decodeUpright } from '../ingest/decode'
import { isSupportedImagePath, sniffImageFormat } from '../ingest/image-format'
import { readMetadata } from '../ingest/metadata'
import { SKIMAGE_DATA, TEST_DATA } from '../testing/test-data'
import { readTiff, scanJpegStreams } from './preview'
import { isRawPath, readRawPreviews, uprightPreview } from '.'

// Real DNGs built once by scripts/make-raw-fixtures.mjs (CFA data + full-size JPEG preview, checked by
// dcraw and exiftool), camera metadata written by exiftool; exiftool.json is exiftool's reading.
const RAW = join(TEST_DATA, 'raw')
const ROTATED = join(RAW, 'chelsea-rotated.dng')
const NO_PREVIEW = join(RAW, 'chelsea-no-preview.dng')

type Row = Record<string, unknown>
async function exiftool(file: string): Promise<Row> {
  const rows = JSON.parse(await readFile(join(RAW, 'exiftool.json'), 'utf8')) as Row[]
  const row = rows.find((r) => r.SourceFile === `raw/${file}`)
  if (!row) throw new Error(`no exiftool row for ${file}`)
  return row
}

/** Mean absolute difference of two equally sized 8-bit RGB buffers. */
function meanDifference(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length)
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!)
  return sum / a.length
}

describe('RAW files', () => {
  it('are found by extension, case-insensitively, and sniffed as RAW from their content', async () => {
    for (const name of ['a.dng', 'b.CR2', 'c.cr3', 'd.NEF', 'e.arw', 'f.RAF', 'g.orf', 'h.rw2']) {
      expect(isRawPath(name)).toBe(true)
      expect(isSupportedImagePath(name)).toBe(true)
    }
    expect(isRawPath('a.jpg')).toBe(false)
    expect(await sniffImageFormat(ROTATED)).toMatchObject({ format: 'raw', mime: 'image/x-adobe-dng' })
  })

  it('finds the full-size JPEG preview exactly where exiftool says it is', async () => {
    const row = await exiftool('chelsea-rotated.dng')
    const [best, ...others] = await readRawPreviews(ROTATED)
    expect(others).toHaveLength(0) // the 96x64 IFD0 thumbnail is uncompressed RGB, not a JPEG
    expect(best!.stream).toMatchObject({
      offset: row['SubIFD1:PreviewImageStart'],
      length: row['SubIFD1:PreviewImageLength'],
      width: row['SubIFD1:ImageWidth'],
      height: row['SubIFD1:ImageHeight'],
    })
    expect(best!.orientation).toBe(row['IFD0:Orientation'])
    expect(best!.jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
  })

  it('reads the camera metadata as exiftool does', async () => {
    const row = await exiftool('chelsea-rotated.dng')
    const m = await readMetadata(ROTATED)
    expect(m).toMatchObject({
      mime: 'image/x-adobe-dng',
      make: row['IFD0:Make'],
      model: row['IFD0:Model'],
      lens: row['ExifIFD:LensModel'],
      iso: row['ExifIFD:ISO'],
      fNumber: row['ExifIFD:FNumber'],
      exposureTime: row['ExifIFD:ExposureTime'],
      focalLength: row['ExifIFD:FocalLength'],
      orientation: row['IFD0:Orientation'],
      alt: row['GPS:GPSAltitude'],
      takenAtSource: 'DateTimeOriginal',
    })
    // exiftool: "2024:06:15 14:32:10.25+02:00"
    expect(row['Composite:SubSecDateTimeOriginal']).toBe('2024:06:15 14:32:10.25+02:00')
    expect(m.takenAt).toBe('2024-06-15T14:32:10.250+02:00')
    expect(m.lat).toBeCloseTo(row['Composite:GPSLatitude'] as number, 6)
    expect(m.lon).toBeCloseTo(row['Composite:GPSLongitude'] as number, 6)
    // Display size: the preview's, turned by Orientation 6 (90° clockwise).
    expect({ width: m.width, height: m.height }).toEqual({ width: row['SubIFD1:ImageHeight'], height: row['SubIFD1:ImageWidth'] })
  })

  it('decodes the preview upright: the RAW orientation turns it like the source photo turned 90° clockwise', async () => {
    const pixels = await decodeUpright(ROTATED, await sniffImageFormat(ROTATED), 1440)
    expect({ w: pixels.width, h: pixels.height, fw: pixels.fullWidth, fh: pixels.fullHeight }).toEqual({ w: 298, h: 448, fw: 298, fh: 448 })
    const source = sharp(join(SKIMAGE_DATA, 'chelsea.png')).removeAlpha().resize(448, 298, { fit: 'fill' })
    const turned = await source.clone().rotate(90).raw().toBuffer()
    const unturned = await source.clone().resize(298, 448, { fit: 'fill' }).raw().toBuffer()
    expect(pixels.channels).toBe(3)
    // JPEG q85 of the same pixels: a few levels apart; the same photo not turned is far off.
    expect(meanDifference(pixels.data, turned)).toBeLessThan(6)
    expect(meanDifference(pixels.data, unturned)).toBeGreaterThan(20)
  })

  it('a RAW without a usable preview keeps its camera facts, and its decode says why it cannot be shown', async () => {
    // The facts (capture date, camera) place it among its shoot; the thumbnail stage records it as broken.
    const m = await readMetadata(NO_PREVIEW)
    expect(m).toMatchObject({ mime: 'image/x-adobe-dng', width: null, height: null, make: 'Canon', iso: 400, orientation: 1, takenAtSource: 'DateTimeOriginal' })
    const error = await decodeUpright(NO_PREVIEW, await sniffImageFormat(NO_PREVIEW), 256).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BrokenFileError)
    expect(error).toMatchObject({ code: 'unsupported' })
    expect((error as Error).message).toMatch(/RAW file with no embedded JPEG preview/)
  })

  it('turns the preview for each of the 8 EXIF orientations as a JPEG carrying that orientation is turned', async () => {
    // 4x2 pixels, each a different red, so any wrong mirror or turn shows.
    const base = Buffer.alloc(4 * 2 * 3)
    for (let i = 0; i < 8; i++) base[i * 3] = (i + 1) * 30
    const png = await sharp(base, { raw: { width: 4, height: 2, channels: 3 } }).png().toBuffer()
    for (let orientation = 1; orientation <= 8; orientation++) {
      const tagged = await sharp(png).withMetadata({ orientation }).png().toBuffer()
      const expected = await sharp(tagged).autoOrient().raw().toBuffer()
      const preview = { jpeg: png, stream: { offset: 0, length: png.length, width: 4, height: 2 }, orientation, tiff: true }
      const actual = await uprightPreview(preview).raw().toBuffer()
      expect([...actual], `orientation ${orientation}`).toEqual([...expected])
    }
  })
})

describe('embedded JPEG streams', () => {
  it('the fallback scan finds a complete JPEG inside other bytes, with its size, and skips a cut-off one', async () => {
    const jpeg = await sharp(join(SKIMAGE_DATA, 'chelsea.png')).resize(320, 200).jpeg().toBuffer()
    const noise = Buffer.alloc(5000, 0x5a)
    const bytes = Buffer.concat([noise, jpeg, noise, jpeg.subarray(0, 1000), noise])
    expect(scanJpegStreams(bytes)).toEqual([{ offset: noise.length, length: jpeg.length, width: 320, height: 200 }])
  })

  it('a preview the IFDs do not point at (as in Olympus maker notes) is found by the scan', async () => {
    // A TIFF whose only IFD image is a 160x120 JPEG thumbnail (as an ORF's IFD0), and after it a full-size
    // JPEG no IFD points at, standing for the one Olympus keeps in its maker notes.
    const chelsea = join(SKIMAGE_DATA, 'chelsea.png')
    const thumbnailTiff = await sharp(chelsea).resize(160, 120).tiff({ compression: 'jpeg' }).toBuffer()
    const jpeg = await sharp(chelsea).resize(320, 200).jpeg().toBuffer()
    const dir = await mkdtemp(join(tmpdir(), 'photohouse-raw-'))
    try {
      const file = join(dir, 'maker-notes.orf')
      await writeFile(file, Buffer.concat([thumbnailTiff, jpeg]))
      expect(readTiff(thumbnailTiff)?.streams.map((s) => [s.width, s.height])).toEqual([[160, 120]])
      const previews = await readRawPreviews(file)
      expect(previews.map((p) => [p.stream.width, p.stream.height, p.tiff])).toEqual([[320, 200, true]])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it("the TIFF walk reads each RAW variant's header: TIFF, Olympus ORF ('IIRO', 'MMOR', 'IIRS'), Panasonic RW2 ('IIU')", async () => {
    const jpeg = await sharp(join(SKIMAGE_DATA, 'chelsea.png')).resize(320, 200).jpeg().toBuffer()
    /** Header, one IFD with JPEGInterchangeFormat/Length (tags 513/514, LONG) pointing after it, the JPEG. */
    const tiff = (order: 'II' | 'MM', magic: number): Buffer => {
      const le = order === 'II'
      const head = Buffer.alloc(8 + 2 + 2 * 12 + 4)
      const u16 = (v: number, at: number) => (le ? head.writeUInt16LE(v, at) : head.writeUInt16BE(v, at))
      const u32 = (v: number, at: number) => (le ? head.writeUInt32LE(v, at) : head.writeUInt32BE(v, at))
      head.write(order, 0, 'latin1')
      u16(magic, 2)
      u32(8, 4)
      u16(2, 8)
      for (const [i, tag, value] of [[0, 513, head.length], [1, 514, jpeg.length]] as const) {
        u16(tag, 10 + i * 12)
        u16(4, 12 + i * 12)
        u32(1, 14 + i * 12)
        u32(value, 18 + i * 12)
      }
      return Buffer.concat([head, jpeg])
    }
    const variants = { 'II*\0': tiff('II', 42), 'MM\0*': tiff('MM', 42), IIRO: tiff('II', 0x4f52), MMOR: tiff('MM', 0x4f52), IIRS: tiff('II', 0x5352), 'IIU\0': tiff('II', 0x55) }
    for (const [name, bytes] of Object.entries(variants)) {
      expect(bytes.toString('latin1', 0, 4), name).toBe(name)
      expect(readTiff(bytes)?.streams, name).toEqual([{ offset: 38, length: jpeg.length, width: 320, height: 200 }])
    }
    expect(readTiff(Buffer.concat([Buffer.from('IIXY', 'latin1'), variants.IIRO.subarray(4)]))).toBeNull()
  })

  it('the TIFF walk of a DNG lists only its JPEG preview, not the uncompressed CFA or thumbnail', async () => {
    const facts = readTiff(await readFile(ROTATED))
    expect(facts?.orientation).toBe(6)
    expect(facts?.streams.map((s) => [s.width, s.height])).toEqual([[448, 298]])
    expect(readTiff(Buffer.from('not a tiff file at all'))).toBeNull()
  })
})

describe('RAW files in the duplicate review', () => {
  it("full-size pixels are the preview's, upright: the same as a lossless copy of the turned preview", async () => {
    const [preview] = await readRawPreviews(ROTATED)
    const dir = await mkdtemp(join(tmpdir(), 'photohouse-raw-'))
    try {
      const png = join(dir, 'upright.png')
      await sharp(preview!.jpeg).rotate(90).png().toFile(png)
      const [raw, copy] = await Promise.all([pixelFacts(ROTATED), pixelFacts(png)])
      expect(raw.pixelHash).toBe(copy.pixelHash)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('a RAW is named by its format and counts as a camera original, not a conversion', () => {
    expect(formatOf('image/x-nikon-nef')).toBe('NEF')
    expect(formatOf('image/x-adobe-dng')).toBe('DNG')
    const facts = (id: number, mime: string, make: string | null): DuplicateFacts => ({
      id, phash: null, width: 100, height: 100, bytes: 1, mime, takenAt: null, sortMs: 0, make, model: null, exifFields: 0, paths: [], oldestMtimeMs: null,
    })
    expect(chooseKeeper([facts(1, 'image/png', null), facts(2, 'image/x-nikon-nef', 'Nikon')], ['original-format'], { preferredFolder: null })).toEqual({
      keepId: 2,
      keptBy: 'original-format',
    })
  })
})
