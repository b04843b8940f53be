// The classifier's preprocessing on real photos: the fast WebP path (grid thumbnails, wasm libwebp,
// decode thread when one can start) must give exactly the input bytes the general sharp path gives,
// and leave every other image to sharp; prepared inputs are read straight into the batch.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashFile, makeThumbnails } from '../../ingest'
import { REAL_PHOTOS } from '../testing/models-dir'
import { CLASSIFIER_INPUT } from './classify'
import { imageToRgbInput, imageToRgbInputWithSharp } from './preprocess'
import { gridThumbnailToRgb, plainLossyWebpSize } from './webp-decode'

const plane = 3 * CLASSIFIER_INPUT.width * CLASSIFIER_INPUT.height
let work: string
const grids: Record<string, string> = {}

async function sharpInput(file: string): Promise<Uint8Array> {
  const out = new Uint8Array(plane)
  await imageToRgbInputWithSharp(file, CLASSIFIER_INPUT, out)
  return out
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'photohouse-preprocess-'))
  for (const [name, original] of Object.entries(REAL_PHOTOS)) {
    const { sha256 } = await hashFile(original)
    grids[name] = (await makeThumbnails({ path: original, sha256, cacheDir: work })).gridPath
  }
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('grid thumbnails: the fast WebP path', () => {
  it('reads the size of every grid thumbnail from its header, as sharp does', async () => {
    for (const grid of Object.values(grids)) {
      const meta = await sharp(grid).metadata()
      expect(plainLossyWebpSize(await readFile(grid))).toEqual({ width: meta.width, height: meta.height })
    }
  })

  it('gives exactly the bytes of the sharp path, in this thread and through imageToRgbInput', async () => {
    for (const [name, grid] of Object.entries(grids)) {
      const reference = await sharpInput(grid)
      const direct = new Uint8Array(plane)
      expect(await gridThumbnailToRgb(grid, CLASSIFIER_INPUT, direct), name).toBe(true)
      expect(same(direct, reference), name).toBe(true)
      // imageToRgbInput writes in place at an offset inside a batch, plain or shared memory.
      for (const batch of [new Uint8Array(2 * plane), new Uint8Array(new SharedArrayBuffer(2 * plane))]) {
        await imageToRgbInput(grid, CLASSIFIER_INPUT, batch, plane)
        expect(batch.subarray(0, plane).every((x) => x === 0)).toBe(true)
        expect(same(batch.subarray(plane), reference), name).toBe(true)
      }
    }
  })

  it('leaves originals, other WebP kinds and other sizes to sharp', async () => {
    const cat = REAL_PHOTOS.cat
    const lossless = path.join(work, 'lossless.webp')
    const withAlpha = path.join(work, 'alpha.webp')
    const tall = path.join(work, 'tall.webp')
    await sharp(cat).resize({ height: 256 }).webp({ lossless: true }).toFile(lossless)
    await sharp(cat).resize({ height: 256 }).ensureAlpha(0.5).webp().toFile(withAlpha)
    await sharp(cat).resize({ height: 300 }).webp().toFile(tall)
    for (const file of [cat, REAL_PHOTOS.squirrel, lossless, withAlpha, tall]) {
      expect(await gridThumbnailToRgb(file, CLASSIFIER_INPUT, new Uint8Array(plane)), file).toBe(false)
      // ...and imageToRgbInput still handles them, through sharp.
      const out = new Uint8Array(plane)
      await imageToRgbInput(file, CLASSIFIER_INPUT, out)
      expect(same(out, await sharpInput(file)), file).toBe(true)
    }
  })

  it('reports a damaged grid thumbnail or a missing file as an image decode error', async () => {
    const bytes = await readFile(grids.cat!)
    const damaged = path.join(work, 'damaged.webp')
    await writeFile(damaged, bytes.subarray(0, 200))
    for (const file of [damaged, path.join(work, 'missing.webp')]) {
      await expect(gridThumbnailToRgb(file, CLASSIFIER_INPUT, new Uint8Array(plane))).rejects.toMatchObject({ code: 'IMAGE_DECODE' })
      await expect(imageToRgbInput(file, CLASSIFIER_INPUT, new Uint8Array(plane))).rejects.toMatchObject({ code: 'IMAGE_DECODE' })
    }
  })
})

describe('prepared inputs', () => {
  it('reads its bytes straight into the batch, from a range of a shared file or a file of its own', async () => {
    const bytes = await sharpInput(grids.cat!)
    const shared = path.join(work, 'shared-inputs.rgb')
    const own = path.join(work, 'own-input.rgb')
    await writeFile(shared, Buffer.concat([Buffer.alloc(1000, 7), bytes, Buffer.alloc(50, 9)]))
    await writeFile(own, bytes)
    for (const image of [
      { preparedFile: shared, offset: 1000, width: 224, height: 224 },
      { preparedFile: own, width: 224, height: 224 },
    ]) {
      const batch = new Uint8Array(new SharedArrayBuffer(2 * plane))
      await imageToRgbInput(image, CLASSIFIER_INPUT, batch, plane)
      expect(batch.subarray(0, plane).every((x) => x === 0)).toBe(true)
      expect(same(batch.subarray(plane), bytes), image.preparedFile).toBe(true)
    }
  })

  it('refuses an input of the wrong size, a short range, a wrong-sized file or a missing one, as an image decode error', async () => {
    const own = path.join(work, 'small-input.rgb')
    await writeFile(own, Buffer.alloc(100 * 100 * 3))
    const out = new Uint8Array(plane)
    const refused = [
      { preparedFile: own, width: 100, height: 100 }, // not the model's size
      { preparedFile: own, width: 224, height: 224 }, // the file is not 224 x 224 x 3 bytes
      { preparedFile: own, offset: 0, width: 224, height: 224 }, // the range runs past the end
      { preparedFile: own, offset: -3, width: 224, height: 224 },
      { preparedFile: path.join(work, 'never-written.rgb'), offset: 0, width: 224, height: 224 },
    ]
    for (const image of refused) {
      await expect(imageToRgbInput(image, CLASSIFIER_INPUT, out), JSON.stringify(image)).rejects.toMatchObject({ code: 'IMAGE_DECODE' })
    }
  })
})
