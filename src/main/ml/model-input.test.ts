// Model inputs prepared from the thumbnail stage's pixels must be what the file-based preprocessing
// makes of the same photo: same size, same framing, same colours (within resampling differences).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashFile, makeThumbnails, type UprightPixels } from '../ingest'
import { CLIP_VIT_B32_PREPROCESS, preprocessClipImage } from './clip'
import { prepareClassifierInput, prepareClipInput } from './model-input'
import { SKIMAGE_DATA } from '../testing/test-data'
import { REAL_PHOTOS } from './testing/models-dir'
import { CLASSIFIER_INPUT, contiguousRgb, writePreparedPixels } from './worker/image-tensor'
import { imageToRgbInputWithSharp } from './worker/preprocess'

const SKIMAGE = SKIMAGE_DATA
const work = mkdtempSync(path.join(tmpdir(), 'photohouse-model-input-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

interface Photo {
  upright: UprightPixels[]
  /** The preview-sized upright pixels written losslessly: the file-based reference reads this. */
  png: string
}

async function decoded(name: string, source: string): Promise<Photo> {
  const { sha256 } = await hashFile(source)
  const made = await makeThumbnails({ path: source, sha256, cacheDir: work, keepPixels: true })
  if (!made.upright) throw new Error(`${name}: no pixels kept`)
  const preview = made.upright[made.upright.length - 1]!
  const png = path.join(work, `${name}-upright.png`)
  await sharp(preview.data, { raw: { width: preview.width, height: preview.height, channels: preview.channels } }).png().toFile(png)
  return { upright: made.upright, png }
}

const meanAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length
const plane = 3 * CLASSIFIER_INPUT.width * CLASSIFIER_INPUT.height

describe('model inputs prepared from decoded pixels (real photos)', () => {
  const photos: Record<string, Photo> = {}
  beforeAll(async () => {
    photos.cat = await decoded('cat', REAL_PHOTOS.cat) // landscape RGB
    photos.astronaut = await decoded('astronaut', REAL_PHOTOS.astronaut) // square
    photos.camera = await decoded('camera', path.join(SKIMAGE, 'camera.png')) // greyscale, 1 channel
    photos.logo = await decoded('logo', path.join(SKIMAGE, 'logo.png')) // RGBA
    photos.cell = await decoded('cell', path.join(SKIMAGE, 'cell.png')) // portrait, greyscale
    // A portrait colour photo: the left part of a real one.
    const portrait = path.join(work, 'motorcycle-portrait.png')
    await sharp(REAL_PHOTOS.motorcycle).extract({ left: 0, top: 0, width: 300, height: 500 }).toFile(portrait)
    photos.portrait = await decoded('portrait', portrait)
  }, 60_000)

  it('keeps the grid pixels first, then the preview pixels', () => {
    const [grid, preview] = photos.cat!.upright
    expect(grid).toMatchObject({ height: 256, channels: 3 })
    expect(preview).toMatchObject({ width: 451, height: 300 })
    expect(photos.logo!.upright[0]!.channels).toBe(4)
  })

  it('gives the classifier the tensor the file path gives, for every kind of photo', async () => {
    for (const [name, photo] of Object.entries(photos)) {
      const prepared = await prepareClassifierInput(photo.upright, name)
      expect(prepared, name).toMatchObject({ width: 224, height: 224 })
      expect(contiguousRgb(prepared).length).toBe(224 * 224 * 3)
      const fromPrepared = new Float32Array(plane)
      writePreparedPixels(prepared, CLASSIFIER_INPUT, fromPrepared)
      const fileBytes = new Uint8Array(plane)
      await imageToRgbInputWithSharp(photo.png, CLASSIFIER_INPUT, fileBytes)
      const fromFile = new Float32Array(plane)
      writePreparedPixels({ rgb: fileBytes, width: 224, height: 224, source: photo.png }, CLASSIFIER_INPUT, fromFile)
      // The grid was resized from the same pixels with the same kernel: differences are rounding,
      // well under one grey level on average (one level is 0.017 here).
      expect(meanAbsDiff(fromPrepared, fromFile), name).toBeLessThan(0.01)
    }
  })

  it('gives CLIP the tensor its own preprocessing gives, for every kind of photo', async () => {
    for (const [name, photo] of Object.entries(photos)) {
      const prepared = await prepareClipInput(photo.upright, name)
      expect(prepared, name).toMatchObject({ width: 224, height: 224 })
      const fromPrepared = await preprocessClipImage(prepared, CLIP_VIT_B32_PREPROCESS)
      const fromFile = await preprocessClipImage(photo.png, CLIP_VIT_B32_PREPROCESS)
      // Two resizes (preview -> grid -> 224) against one (preview -> 224): small resampling
      // differences, no shift or colour change (a one-pixel shift alone gives ~0.1 on a photo).
      expect(meanAbsDiff(fromPrepared, fromFile), name).toBeLessThan(0.03)
    }
  })

  it("crops a landscape photo's classifier input in place: its rows, no copy", async () => {
    const [grid] = photos.cat!.upright
    const prepared = await prepareClassifierInput(photos.cat!.upright, 'cat')
    expect(grid!.width).toBeGreaterThan(256) // landscape: the grid is already 256 px high
    expect(prepared.rgb.buffer).toBe(grid!.data.buffer)
    expect(prepared.stride).toBe(grid!.width * 3)
    // Row 0 of the crop is the grid's row 16, from column (width - 224) / 2.
    const left = Math.floor((grid!.width - 224) / 2)
    const rows = contiguousRgb(prepared)
    for (const y of [0, 100, 223]) {
      const from = ((16 + y) * grid!.width + left) * 3
      expect(Buffer.compare(rows.subarray(y * 672, (y + 1) * 672), grid!.data.subarray(from, from + 672)), `row ${y}`).toBe(0)
    }
  })

  it('repeats grey into all three channels and drops alpha', async () => {
    const grey = contiguousRgb(await prepareClassifierInput(photos.camera!.upright, 'camera'))
    for (let i = 0; i < grey.length; i += 3) {
      if (grey[i] !== grey[i + 1] || grey[i] !== grey[i + 2]) throw new Error(`pixel ${i / 3} is not grey`)
    }
    const rgba = await prepareClipInput(photos.logo!.upright, 'logo')
    expect(rgba.rgb.length).toBe(224 * 224 * 3)
  })

  it('refuses to prepare from nothing', async () => {
    await expect(prepareClassifierInput([], 'none')).rejects.toThrow(/no pixels/)
  })
})
