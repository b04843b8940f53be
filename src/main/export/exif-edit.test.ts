// The EXIF a converted JPEG carries, edited on real camera EXIF and read back with exifr.
import exifr from 'exifr'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { REAL_PHOTOS } from '../testing/fixtures'
import { editExif, hasGps, MAX_EXIF_BYTES, tiffOf, withExif } from './exif-edit'

const exifOf = async (path: string) => tiffOf((await sharp(path).metadata()).exif)!
const blankJpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#808080' } }).jpeg().toBuffer()

describe('EXIF of a converted JPEG', () => {
  it('keeps the camera fields and the GPS when not stripping, with the new size and no thumbnail', async () => {
    const tiff = await exifOf(REAL_PHOTOS.iphone)
    expect(hasGps(tiff)).toBe(true)
    const jpeg = withExif(await blankJpeg(90, 68), editExif(tiff, { stripGps: false, width: 90, height: 68 }))
    const read = await exifr.parse(jpeg, { gps: true, ifd1: true, translateValues: false })
    expect(read.Make).toBe('Apple')
    expect(read.Model).toBe('iPhone 4S')
    expect(read.latitude).toBeCloseTo(37.885, 3)
    expect(read.longitude).toBeCloseTo(-122.6225, 3)
    expect(read.ExifImageWidth).toBe(90)
    expect(read.ExifImageHeight).toBe(68)
    // The thumbnail (IFD1) is unlinked: it showed the original's crop and orientation.
    expect(await exifr.thumbnail(jpeg)).toBeUndefined()
    expect((await sharp(jpeg).metadata()).width).toBe(90)
  })

  it('strips the GPS: the entry is gone and its coordinates are no longer in the bytes', async () => {
    const tiff = await exifOf(REAL_PHOTOS.iphone)
    const edited = editExif(tiff, { stripGps: true, width: 90, height: 68 })
    expect(hasGps(edited)).toBe(false)
    expect(edited.length).toBe(tiff.length)
    const jpeg = withExif(await blankJpeg(90, 68), edited)
    expect(await exifr.gps(jpeg)).toBeUndefined()
    const read = await exifr.parse(jpeg, { gps: true })
    expect(read.latitude).toBeUndefined()
    expect(read.GPSLatitude).toBeUndefined()
    expect(read.Make).toBe('Apple')
    expect(read.DateTimeOriginal).toBeInstanceOf(Date)
    // The original's latitude rationals (37/1, 53/1 …) are zeroed, not only unlinked.
    const original = (await exifr.parse(REAL_PHOTOS.iphone, { gps: true, pick: ['GPSLatitude'] })) as { GPSLatitude: number[] }
    expect(original.GPSLatitude[0]).toBe(37)
    const rational = Buffer.alloc(8)
    rational.writeUInt32BE(37, 0)
    rational.writeUInt32BE(1, 4)
    expect(tiff.includes(rational)).toBe(true)
    expect(edited.includes(rational)).toBe(false)
  })

  it('sets the orientation to 1 (the pixels are upright now)', async () => {
    const tiff = await exifOf(REAL_PHOTOS.rotated)
    expect((await exifr.parse(withExif(await blankJpeg(48, 64), tiff), { translateValues: false })).Orientation).toBe(8)
    const jpeg = withExif(await blankJpeg(48, 64), editExif(tiff, { stripGps: true, width: 48, height: 64 }))
    expect((await exifr.parse(jpeg, { translateValues: false })).Orientation).toBe(1)
    const meta = await sharp(jpeg).metadata()
    expect([meta.width, meta.height, meta.orientation]).toEqual([48, 64, 1])
  })

  it('refuses what is not EXIF or does not fit one segment', async () => {
    expect(tiffOf(Buffer.from('not exif at all'))).toBeNull()
    expect(tiffOf(undefined)).toBeNull()
    expect(() => withExif(Buffer.from([0, 1, 2]), Buffer.alloc(8))).toThrow(/not a JPEG/)
    expect(() => withExif(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), Buffer.alloc(MAX_EXIF_BYTES + 1))).toThrow(/does not fit/)
  })
})
