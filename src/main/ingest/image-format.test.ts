import { copyFile, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrokenFileError } from './broken-file-error'
import { SUPPORTED_EXTENSIONS, isSupportedImagePath, sniffImageFormat } from './image-format'
import { makeTempDir, opencvPhoto, skimagePhoto, type TempDir } from './test-photos'

describe('isSupportedImagePath', () => {
  it('accepts every supported extension in any case', () => {
    for (const ext of SUPPORTED_EXTENSIONS) {
      expect(isSupportedImagePath(`/photos/a.${ext}`)).toBe(true)
      expect(isSupportedImagePath(`/photos/A.${ext.toUpperCase()}`)).toBe(true)
    }
    expect(isSupportedImagePath('C:\\Photos\\IMG_0001.HeIc')).toBe(true)
  })

  it('rejects other files', () => {
    for (const path of ['/a/notes.txt', '/a/movie.mov', '/a/raw.cr2.xmp', '/a/jpg', '/a/.jpg.bak', '/a/photo.jpg.part', '/a/noext']) {
      expect(isSupportedImagePath(path)).toBe(false)
    }
  })
})

describe('sniffImageFormat', () => {
  let tmp: TempDir
  beforeAll(async () => {
    tmp = await makeTempDir()
  })
  afterAll(async () => {
    await tmp.remove()
  })

  it('identifies real photos by content', async () => {
    expect(await sniffImageFormat(opencvPhoto('baboon.jpg'))).toMatchObject({ format: 'jpeg', mime: 'image/jpeg', size: 179920 })
    expect(await sniffImageFormat(skimagePhoto('chelsea.png'))).toMatchObject({ format: 'png', mime: 'image/png' })
    expect(await sniffImageFormat(skimagePhoto('multipage.tif'))).toMatchObject({ format: 'tiff', mime: 'image/tiff' })
    expect(await sniffImageFormat(skimagePhoto('no_time_for_that_tiny.gif'))).toMatchObject({ format: 'gif', mime: 'image/gif' })
  })

  it('identifies sharp-encoded WebP and AVIF', async () => {
    await sharp(opencvPhoto('fruits.jpg')).webp().toFile(tmp.file('fruits.webp'))
    await sharp(opencvPhoto('fruits.jpg')).avif({ effort: 0 }).toFile(tmp.file('fruits.avif'))
    expect(await sniffImageFormat(tmp.file('fruits.webp'))).toMatchObject({ format: 'webp', mime: 'image/webp' })
    expect(await sniffImageFormat(tmp.file('fruits.avif'))).toMatchObject({ format: 'avif', mime: 'image/avif' })
  })

  it('trusts content over the extension: a PNG named .jpg is a PNG', async () => {
    await copyFile(skimagePhoto('coffee.png'), tmp.file('coffee.jpg'))
    expect(await sniffImageFormat(tmp.file('coffee.jpg'))).toMatchObject({ format: 'png', mime: 'image/png' })
  })

  it('reports an empty file', async () => {
    await writeFile(tmp.file('empty.jpg'), '')
    await expect(sniffImageFormat(tmp.file('empty.jpg'))).rejects.toMatchObject({
      name: 'BrokenFileError',
      code: 'empty',
      message: 'File is empty (0 bytes)',
    })
  })

  it('reports text named .jpg as not an image', async () => {
    await writeFile(tmp.file('notes.jpg'), 'Shopping list:\n- milk\n- café au lait ☕\n')
    const error = await sniffImageFormat(tmp.file('notes.jpg')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BrokenFileError)
    expect(error).toMatchObject({ code: 'not-an-image', message: 'Not an image: the file content is text, not JPEG' })
  })

  it('reports random bytes and other file types as not an image', async () => {
    await writeFile(tmp.file('noise.png'), randomBytes(5000))
    await expect(sniffImageFormat(tmp.file('noise.png'))).rejects.toMatchObject({
      code: 'not-an-image',
      message: 'Not an image: the file content is unrecognised binary data, not PNG',
    })
    await copyFile(opencvPhoto('Megamind.avi'), tmp.file('movie.jpg'))
    await expect(sniffImageFormat(tmp.file('movie.jpg'))).rejects.toMatchObject({
      code: 'not-an-image',
      message: expect.stringMatching(/^Not an image: the file content is AVI data \(video\/.*\), not JPEG$/) as unknown,
    })
  })

  it('reports real images of formats PhotoHouse does not import as unsupported', async () => {
    // A BMP made by hand: 14-byte file header + 40-byte info header + one 24-bit pixel row (padded to 4 bytes).
    const bmp = Buffer.alloc(58)
    bmp.write('BM', 0, 'latin1')
    bmp.writeUInt32LE(58, 2)
    bmp.writeUInt32LE(54, 10)
    bmp.writeUInt32LE(40, 14)
    bmp.writeInt32LE(1, 18)
    bmp.writeInt32LE(1, 22)
    bmp.writeUInt16LE(1, 26)
    bmp.writeUInt16LE(24, 28)
    await writeFile(tmp.file('pixel.jpg'), bmp)
    await expect(sniffImageFormat(tmp.file('pixel.jpg'))).rejects.toMatchObject({
      code: 'unsupported',
      message: 'Unsupported image format: BMP (image/bmp)',
    })
  })

  it('lets I/O errors through unchanged (they are retryable, not broken files)', async () => {
    const error = await sniffImageFormat(tmp.file('missing.jpg')).catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(BrokenFileError)
    expect(error).toMatchObject({ code: 'ENOENT' })
  })
})
