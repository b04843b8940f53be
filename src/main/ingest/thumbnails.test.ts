import { copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp, { type Sharp } from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrokenFileError } from './broken-file-error'
import { hashFile } from './hash-file'
import { hammingDistance, phashFromPixels } from './phash'
import { makeTempDir, opencvPhoto, skimagePhoto, SONY_JPEG, type TempDir } from './test-photos'
import { makeThumbnails, thumbPath, type ThumbnailResult } from './thumbnails'

let tmp: TempDir
let cacheDir: string
beforeAll(async () => {
  tmp = await makeTempDir()
  cacheDir = tmp.file('cache')
})
afterAll(async () => {
  await tmp.remove()
})

async function thumbnailsOf(path: string): Promise<ThumbnailResult> {
  const { sha256 } = await hashFile(path)
  return makeThumbnails({ path, sha256, cacheDir })
}

async function sizeOf(path: string): Promise<{ width: number; height: number; format: string }> {
  const { width, height, format } = await sharp(path).metadata()
  return { width, height, format }
}

/** Expected grid size: height 256 (never enlarged), width capped at 1024. */
function gridSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, 256 / height, 1024 / width)
  return { width: Math.round(width * scale), height: Math.round(height * scale) }
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

describe('thumbPath', () => {
  it('is content-addressed under thumbs/<first two hex digits>', () => {
    const sha = 'ab'.padEnd(64, '0')
    expect(thumbPath('/cache', sha, 'grid')).toBe(`/cache/thumbs/ab/${sha}-grid.webp`)
    expect(thumbPath('/cache', sha, 'preview')).toBe(`/cache/thumbs/ab/${sha}-preview.webp`)
  })

  it('refuses anything that is not a SHA-256 hex digest', () => {
    expect(() => thumbPath('/cache', '../../etc/passwd', 'grid')).toThrow(/SHA-256/)
    expect(() => thumbPath('/cache', 'AB'.padEnd(64, '0'), 'grid')).toThrow(/SHA-256/)
  })
})

describe('makeThumbnails on real photos', () => {
  it.each([
    ['baboon.jpg', opencvPhoto('baboon.jpg'), 512, 512],
    ['fruits.jpg', opencvPhoto('fruits.jpg'), 512, 480],
    ['HappyFish.jpg', opencvPhoto('HappyFish.jpg'), 259, 194],
    ['chelsea.png', skimagePhoto('chelsea.png'), 451, 300],
    ['opencv-logo.png (RGBA)', opencvPhoto('opencv-logo.png'), 600, 794],
    ['sony-alpha-6000.jpg', SONY_JPEG, 6000, 4000],
  ])('%s: grid and preview WebPs at the right sizes', async (_name, path, width, height) => {
    const result = await thumbnailsOf(path)
    expect(result).toMatchObject({ width, height, phash: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown })
    const { sha256 } = await hashFile(path)
    expect(result.gridPath).toBe(thumbPath(cacheDir, sha256, 'grid'))
    expect(result.previewPath).toBe(thumbPath(cacheDir, sha256, 'preview'))
    expect(await sizeOf(result.gridPath)).toEqual({ ...gridSize(width, height), format: 'webp' })
    const previewScale = Math.min(1, 1440 / Math.max(width, height))
    expect(await sizeOf(result.previewPath)).toEqual({
      width: Math.round(width * previewScale),
      height: Math.round(height * previewScale),
      format: 'webp',
    })
  })

  it('keeps the picture: the preview hashes like the original', async () => {
    for (const path of [opencvPhoto('fruits.jpg'), skimagePhoto('astronaut.png')]) {
      const result = await thumbnailsOf(path)
      const { data, info } = await sharp(result.previewPath).raw().toBuffer({ resolveWithObject: true })
      const previewHash = await phashFromPixels({ data, width: info.width, height: info.height, channels: info.channels })
      expect(hammingDistance(previewHash, result.phash)).toBeLessThanOrEqual(2)
    }
  })

  it('caps panoramas in width and never enlarges small images', async () => {
    const panorama = tmp.file('panorama.jpg')
    await sharp(opencvPhoto('starry_night.jpg')).resize(4000, 500, { fit: 'fill' }).jpeg().toFile(panorama)
    const wide = await thumbnailsOf(panorama)
    expect(await sizeOf(wide.gridPath)).toMatchObject({ width: 1024, height: 128 })
    expect(await sizeOf(wide.previewPath)).toMatchObject({ width: 1440, height: 180 })

    const small = tmp.file('small.png')
    await sharp(opencvPhoto('fruits.jpg')).resize(100, 80, { fit: 'fill' }).png().toFile(small)
    const tiny = await thumbnailsOf(small)
    expect(await sizeOf(tiny.gridPath)).toMatchObject({ width: 100, height: 80 })
    expect(await sizeOf(tiny.previewPath)).toMatchObject({ width: 100, height: 80 })
  })

  it('keeps the decoded pixels on request, with the same thumbnails byte for byte', async () => {
    for (const [path, channels] of [
      [skimagePhoto('chelsea.png'), 3],
      [opencvPhoto('opencv-logo.png'), 4],
    ] as const) {
      const { sha256 } = await hashFile(path)
      const plain = await makeThumbnails({ path, sha256, cacheDir: tmp.file(`plain-${sha256}`) })
      const kept = await makeThumbnails({ path, sha256, cacheDir: tmp.file(`kept-${sha256}`), keepPixels: true })
      expect(plain.upright).toBeUndefined()
      expect(await readFile(kept.gridPath)).toEqual(await readFile(plain.gridPath))
      expect(await readFile(kept.previewPath)).toEqual(await readFile(plain.previewPath))
      const [grid, preview] = kept.upright!
      expect(grid).toMatchObject({ ...gridSize(kept.width, kept.height), channels })
      expect(grid!.data.length).toBe(grid!.width * grid!.height * channels)
      expect(preview).toMatchObject({ width: kept.width, height: kept.height, channels })
      // Thumbnails that already exist are not decoded again, so there are no pixels to keep.
      expect((await makeThumbnails({ path, sha256, cacheDir: tmp.file(`kept-${sha256}`), keepPixels: true })).upright).toBeUndefined()
    }
  })

  it('gives the same phash to a resized copy and a different one to another photo', async () => {
    const copy = tmp.file('baboon-small.jpg')
    await sharp(opencvPhoto('baboon.jpg')).resize(300).jpeg({ quality: 70 }).toFile(copy)
    const original = await thumbnailsOf(opencvPhoto('baboon.jpg'))
    const resized = await thumbnailsOf(copy)
    const other = await thumbnailsOf(opencvPhoto('fruits.jpg'))
    expect(hammingDistance(original.phash, resized.phash)).toBeLessThanOrEqual(2)
    expect(hammingDistance(original.phash, other.phash)).toBeGreaterThanOrEqual(20)
  })
})

describe('makeThumbnails and EXIF orientation', () => {
  // Upright test card 240x160 with four coloured quadrants, so any wrong rotation or mirror is visible.
  const W = 240
  const H = 160
  const QUADRANTS = { topLeft: [230, 20, 20], topRight: [20, 200, 20], bottomLeft: [20, 20, 230], bottomRight: [240, 240, 30] } as const
  const uprightPixel = (x: number, y: number): readonly number[] =>
    y < H / 2 ? (x < W / 2 ? QUADRANTS.topLeft : QUADRANTS.topRight) : x < W / 2 ? QUADRANTS.bottomLeft : QUADRANTS.bottomRight

  /**
   * Where stored pixel (row r, column c) comes from in the upright picture, straight from the EXIF 2.32
   * definition of Orientation ("the 0th row/column of the stored image is the visual top/left/…").
   */
  const sourceOf: Record<number, (r: number, c: number, w: number, h: number) => [x: number, y: number]> = {
    1: (r, c) => [c, r],
    2: (r, c, w) => [w - 1 - c, r],
    3: (r, c, w, h) => [w - 1 - c, h - 1 - r],
    4: (r, c, _w, h) => [c, h - 1 - r],
    5: (r, c) => [r, c],
    6: (r, c, w) => [w - 1 - r, c],
    7: (r, c, w, h) => [w - 1 - r, h - 1 - c],
    8: (r, c, _w, h) => [r, h - 1 - c],
  }

  /** Stores an upright RGB picture the way a camera would for the given orientation. */
  function storeRotated(upright: (x: number, y: number) => ArrayLike<number>, w: number, h: number, orientation: number) {
    const swapped = orientation >= 5
    const width = swapped ? h : w
    const height = swapped ? w : h
    const data = Buffer.alloc(width * height * 3)
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const [x, y] = sourceOf[orientation]!(r, c, w, h)
        data.set(Array.from(upright(x, y)), (r * width + c) * 3)
      }
    }
    return sharp(data, { raw: { width, height, channels: 3 } })
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i comes out upright', async (orientation) => {
    const path = tmp.file(`card-${orientation}.jpg`)
    await storeRotated(uprightPixel, W, H, orientation).withMetadata({ orientation }).jpeg({ quality: 95 }).toFile(path)
    expect((await sharp(path).metadata()).orientation).toBe(orientation)

    const result = await thumbnailsOf(path)
    expect(result).toMatchObject({ width: W, height: H })
    for (const thumb of [result.previewPath, result.gridPath]) {
      const { data, info } = await sharp(thumb).removeAlpha().raw().toBuffer({ resolveWithObject: true })
      expect(info).toMatchObject({ width: W, height: H })
      const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)]
      const close = (actual: number[], expected: readonly number[]) => actual.every((value, i) => Math.abs(value - expected[i]!) <= 40)
      expect(close(at(W / 4, H / 4), QUADRANTS.topLeft), `top-left ${at(W / 4, H / 4).join(',')}`).toBe(true)
      expect(close(at((3 * W) / 4, H / 4), QUADRANTS.topRight), 'top-right').toBe(true)
      expect(close(at(W / 4, (3 * H) / 4), QUADRANTS.bottomLeft), 'bottom-left').toBe(true)
      expect(close(at((3 * W) / 4, (3 * H) / 4), QUADRANTS.bottomRight), 'bottom-right').toBe(true)
    }
  })

  it('turns a real photo stored with each orientation back into the same picture', async () => {
    const { data, info } = await sharp(opencvPhoto('fruits.jpg')).raw().toBuffer({ resolveWithObject: true })
    const photoPixel = (x: number, y: number) => data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)
    const upright = await thumbnailsOf(opencvPhoto('fruits.jpg'))
    for (const orientation of [2, 3, 5, 6, 7, 8]) {
      const path = tmp.file(`fruits-${orientation}.jpg`)
      await storeRotated(photoPixel, info.width, info.height, orientation).withMetadata({ orientation }).jpeg({ quality: 92 }).toFile(path)
      const result = await thumbnailsOf(path)
      expect(result).toMatchObject({ width: info.width, height: info.height })
      expect(hammingDistance(result.phash, upright.phash), `orientation ${orientation}`).toBeLessThanOrEqual(4)
    }
  })
})

describe('makeThumbnails on other formats', () => {
  it('decodes GIF, TIFF, AVIF and WebP made from real photos', async () => {
    const source = opencvPhoto('fruits.jpg')
    const reference = await thumbnailsOf(source)
    for (const [ext, encode] of [
      ['gif', (s: Sharp) => s.gif()],
      ['tif', (s: Sharp) => s.tiff({ compression: 'lzw' })],
      ['avif', (s: Sharp) => s.avif({ quality: 70, effort: 0 })],
      ['webp', (s: Sharp) => s.webp({ quality: 85 })],
    ] as const) {
      const path = tmp.file(`fruits.${ext}`)
      await encode(sharp(source)).toFile(path)
      const result = await thumbnailsOf(path)
      expect(result, ext).toMatchObject({ width: 512, height: 480 })
      expect(await sizeOf(result.gridPath)).toMatchObject({ width: 273, height: 256 })
      expect(hammingDistance(result.phash, reference.phash), ext).toBeLessThanOrEqual(6)
    }
  })

  it('decodes an animated GIF (first frame) and a 16-bit grey TIFF without clipping', async () => {
    const gif = await thumbnailsOf(skimagePhoto('no_time_for_that_tiny.gif'))
    expect(await sizeOf(gif.gridPath)).toMatchObject({ width: 14, height: 25 })

    const tiffPath = skimagePhoto('chessboard_GRAY_U16.tif')
    const tiff = await thumbnailsOf(tiffPath)
    expect(tiff).toMatchObject({ width: 200, height: 200 })
    const sourceMean = (await sharp(tiffPath).stats()).channels[0]!.mean / 257 // 16-bit → 8-bit scale
    const thumbMean = (await sharp(tiff.previewPath).greyscale().stats()).channels[0]!.mean
    expect(Math.abs(thumbMean - sourceMean)).toBeLessThan(8)
  })

  it('converts CMYK JPEGs to sRGB', async () => {
    const path = tmp.file('cmyk.jpg')
    await sharp(opencvPhoto('fruits.jpg')).toColourspace('cmyk').jpeg().toFile(path)
    expect((await sharp(path).metadata()).space).toBe('cmyk')
    const result = await thumbnailsOf(path)
    const reference = await thumbnailsOf(opencvPhoto('fruits.jpg'))
    expect(hammingDistance(result.phash, reference.phash)).toBeLessThanOrEqual(6)
    const [cmykStats, referenceStats] = await Promise.all([sharp(result.previewPath).stats(), sharp(reference.previewPath).stats()])
    for (let channel = 0; channel < 3; channel++) {
      expect(Math.abs(cmykStats.channels[channel]!.mean - referenceStats.channels[channel]!.mean)).toBeLessThan(20)
    }
  })
})

describe('makeThumbnails on broken files', () => {
  async function brokenError(path: string): Promise<BrokenFileError> {
    const error = await thumbnailsOf(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BrokenFileError)
    return error as BrokenFileError
  }

  it('reports a 0-byte file', async () => {
    await writeFile(tmp.file('zero.jpg'), '')
    expect(await brokenError(tmp.file('zero.jpg'))).toMatchObject({ code: 'empty', message: 'File is empty (0 bytes)' })
  })

  it('reports a real JPEG cut in half as truncated', async () => {
    const bytes = await readFile(opencvPhoto('fruits.jpg'))
    await writeFile(tmp.file('half.jpg'), bytes.subarray(0, bytes.length >> 1))
    const error = await brokenError(tmp.file('half.jpg'))
    expect(error.code).toBe('truncated')
    expect(error.message).toMatch(/^JPEG data is truncated/)
  })

  it("reports skimage's truncated.jpg and a PNG cut in half as truncated", async () => {
    expect((await brokenError(skimagePhoto('truncated.jpg'))).code).toBe('truncated')
    const png = await readFile(skimagePhoto('chelsea.png'))
    await writeFile(tmp.file('half.png'), png.subarray(0, png.length >> 1))
    const error = await brokenError(tmp.file('half.png'))
    expect(error.code).toBe('truncated')
    expect(error.message).toMatch(/^PNG data is truncated/)
  })

  it('reports text named .jpg as not an image', async () => {
    await writeFile(tmp.file('readme.jpg'), '# Holiday photos\nSee the other folder.\n')
    expect(await brokenError(tmp.file('readme.jpg'))).toMatchObject({
      code: 'not-an-image',
      message: 'Not an image: the file content is text, not JPEG',
    })
  })

  it('reports a JPEG header followed by garbage', async () => {
    const bytes = await readFile(opencvPhoto('fruits.jpg'))
    const garbage = Buffer.concat([bytes.subarray(0, 4), Buffer.alloc(20_000, 0x5a)])
    await writeFile(tmp.file('garbage.jpg'), garbage)
    const error = await brokenError(tmp.file('garbage.jpg'))
    expect(['decode-failed', 'truncated']).toContain(error.code)
    expect(error.message).toMatch(/^JPEG data/)
  })

  it('imports a PNG named .jpg', async () => {
    await copyFile(skimagePhoto('coffee.png'), tmp.file('coffee.jpg'))
    expect(await thumbnailsOf(tmp.file('coffee.jpg'))).toMatchObject({ width: 600, height: 400 })
  })

  it('leaves no temporary or partial files behind', async () => {
    const files = await allFiles(join(cacheDir, 'thumbs'))
    expect(files.length).toBeGreaterThan(10)
    expect(files.filter((file) => !/\/[0-9a-f]{64}-(grid|preview)\.webp$/.test(file))).toEqual([])
  })
})

describe('makeThumbnails idempotence', () => {
  it('returns the stored result without rewriting when both thumbnails exist', async () => {
    const first = await thumbnailsOf(opencvPhoto('HappyFish.jpg'))
    const before = await Promise.all([stat(first.gridPath), stat(first.previewPath)])
    const again = await thumbnailsOf(opencvPhoto('HappyFish.jpg'))
    const after = await Promise.all([stat(first.gridPath), stat(first.previewPath)])
    expect(again).toEqual(first)
    expect(after.map((s) => s.mtimeMs)).toEqual(before.map((s) => s.mtimeMs))
    expect(after.map((s) => s.ino)).toEqual(before.map((s) => s.ino))
  })

  it('answers from the cache even when the original is gone', async () => {
    const path = tmp.file('transient.jpg')
    await copyFile(opencvPhoto('messi5.jpg'), path)
    const { sha256 } = await hashFile(path)
    const first = await makeThumbnails({ path, sha256, cacheDir })
    await writeFile(path, '') // same hash claimed, content gone: proves nothing was decoded
    expect(await makeThumbnails({ path, sha256, cacheDir })).toEqual(first)
  })

  it('regenerates when one thumbnail is missing or damaged', async () => {
    const first = await thumbnailsOf(opencvPhoto('building.jpg'))
    await writeFile(first.previewPath, '')
    expect(await thumbnailsOf(opencvPhoto('building.jpg'))).toEqual(first)
    expect((await sizeOf(first.previewPath)).format).toBe('webp')
  })

  it('lets two imports of the same content race safely', async () => {
    const a = tmp.file('twin-a.jpg')
    const b = tmp.file('twin-b.jpg')
    await copyFile(opencvPhoto('orange.jpg'), a)
    await copyFile(opencvPhoto('orange.jpg'), b)
    const { sha256 } = await hashFile(a)
    const [ra, rb] = await Promise.all([makeThumbnails({ path: a, sha256, cacheDir }), makeThumbnails({ path: b, sha256, cacheDir })])
    expect(ra).toEqual(rb)
    expect((await sizeOf(ra.previewPath)).format).toBe('webp')
  })
})
