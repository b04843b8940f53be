// HEIC files are committed (test-data/heic, made once with heif-enc from real photos; see SOURCES.md).
import { copyFile, readFile, writeFile } from 'node:fs/promises'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrokenFileError } from './broken-file-error'
import { hashFile } from './hash-file'
import { closeHeicDecoders, decodeHeic, HeicDecoderPool } from './heic-decoder'
import { readMetadata } from './metadata'
import { hammingDistance } from './phash'
import { exiftoolJson, HEIC_PHOTOS, IPHONE_JPEG, makeTempDir, opencvPhoto, type TempDir } from './test-photos'
import { makeThumbnails } from './thumbnails'

describe('HEIC import', () => {
  let tmp: TempDir
  const iphoneHeic = HEIC_PHOTOS.iphone
  const fruitsHeic = HEIC_PHOTOS.fruits
  const largeHeic = HEIC_PHOTOS.sony1200
  const rotatedHeic = HEIC_PHOTOS.fruitsOrientation6

  beforeAll(async () => {
    tmp = await makeTempDir()
  })

  afterAll(async () => {
    await closeHeicDecoders()
    await tmp?.remove()
  })

  it('reads EXIF and GPS from HEIC in agreement with exiftool and the source JPEG', async () => {
    const metadata = await readMetadata(iphoneHeic)
    const source = await readMetadata(IPHONE_JPEG)
    expect(metadata).toEqual({ ...source, mime: 'image/heic' })
    const row = (await exiftoolJson([iphoneHeic])).get(iphoneHeic)!
    expect(row['File:MIMEType']).toBe('image/heic')
    expect(metadata).toMatchObject({
      make: row['EXIF:Make'],
      model: row['EXIF:Model'],
      fNumber: row['EXIF:FNumber'],
      iso: row['EXIF:ISO'],
      lat: row['Composite:GPSLatitude'],
      lon: row['Composite:GPSLongitude'],
      alt: row['Composite:GPSAltitude'],
      takenAt: String(row['EXIF:DateTimeOriginal']).replace(/^(\d{4}):(\d{2}):(\d{2}) /, '$1-$2-$3T'),
    })
  })

  it('makes thumbnails of the same picture as the source JPEG', async () => {
    const { sha256 } = await hashFile(fruitsHeic)
    const cacheDir = tmp.file('cache')
    const heic = await makeThumbnails({ path: fruitsHeic, sha256, cacheDir })
    const jpeg = await makeThumbnails({ path: opencvPhoto('fruits.jpg'), sha256: (await hashFile(opencvPhoto('fruits.jpg'))).sha256, cacheDir })
    expect(heic).toMatchObject({ width: 512, height: 480 })
    expect(await sharp(heic.gridPath).metadata()).toMatchObject({ format: 'webp', width: 273, height: 256 })
    expect(await sharp(heic.previewPath).metadata()).toMatchObject({ format: 'webp', width: 512, height: 480 })
    expect(hammingDistance(heic.phash, jpeg.phash)).toBeLessThanOrEqual(6)
  })

  it('decodes in a worker thread, so the main thread keeps running meanwhile', async () => {
    let ticks = 0
    let done = false
    const decoding = decodeHeic(largeHeic).finally(() => {
      done = true
    })
    // Count event-loop turns while the decode runs. A decode on the main thread would block them all.
    while (!done) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      ticks++
    }
    const image = await decoding
    expect(image).toMatchObject({ width: 1200, height: 800 })
    expect(image.data.length).toBe(1200 * 800 * 4)
    expect(ticks).toBeGreaterThan(100)
  })

  it('follows the HEIF container, not the EXIF Orientation tag, consistently in metadata and thumbnails', async () => {
    const metadata = await readMetadata(rotatedHeic)
    const { sha256 } = await hashFile(rotatedHeic)
    const thumbs = await makeThumbnails({ path: rotatedHeic, sha256, cacheDir: tmp.file('cache') })
    // heif-enc 1.15 stores the pixels as given and copies EXIF Orientation=6 without an irot box; HEIF
    // readers (libheif, libvips, Apple) must not apply the EXIF tag on top of the container transform.
    expect(metadata).toMatchObject({ orientation: 6, width: 512, height: 480 })
    expect(thumbs).toMatchObject({ width: metadata.width, height: metadata.height })
  })

  it('imports a HEIC named .jpg', async () => {
    const path = tmp.file('disguised.jpg')
    await copyFile(fruitsHeic, path)
    const { sha256 } = await hashFile(path)
    expect(await makeThumbnails({ path, sha256, cacheDir: tmp.file('cache-2') })).toMatchObject({ width: 512, height: 480 })
  })

  it('reports a truncated HEIC as a broken file', async () => {
    const bytes = await readFile(largeHeic)
    const path = tmp.file('half.heic')
    await writeFile(path, bytes.subarray(0, bytes.length >> 1))
    const error = await makeThumbnails({ path, sha256: (await hashFile(path)).sha256, cacheDir: tmp.file('cache') }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BrokenFileError)
    expect(['truncated', 'decode-failed']).toContain((error as BrokenFileError).code)
    expect((error as Error).message).toMatch(/^HEIC data/)
  })

  it('pool: decodes in parallel, kills a hung decode and recovers, and closes', async () => {
    const pool = new HeicDecoderPool({ maxWorkers: 2 })
    const results = await Promise.all([pool.decode(fruitsHeic), pool.decode(iphoneHeic), pool.decode(fruitsHeic)])
    expect(results.map((image) => [image.width, image.height])).toEqual([
      [512, 480],
      [180, 135],
      [512, 480],
    ])
    expect(pool.workerCount).toBe(2)
    await pool.close()
    expect(pool.workerCount).toBe(0)

    // A 1 ms budget cannot fit a 1200x800 decode (nor even the worker start-up): the worker is terminated and the job fails cleanly.
    const strict = new HeicDecoderPool({ maxWorkers: 1, jobTimeoutMs: 1 })
    await expect(strict.decode(largeHeic)).rejects.toMatchObject({ name: 'BrokenFileError', code: 'decode-failed' })
    expect(strict.workerCount).toBe(0)
    await strict.close()

    const missing = await decodeHeic(tmp.file('missing.heic')).catch((e: unknown) => e)
    expect(missing).not.toBeInstanceOf(BrokenFileError)
    expect(missing).toMatchObject({ code: 'ENOENT' })
  })
})
