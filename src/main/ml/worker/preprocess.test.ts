// The classifier's preprocessing on real photos: the fast WebP path (grid thumbnails, wasm libwebp,
// decode thread when one can start) must give exactly the tensor the general sharp path gives, and
// leave every other image to sharp.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashFile, makeThumbnails } from '../../ingest'
import { REAL_PHOTOS } from '../testing/models-dir'
import { CLASSIFIER_INPUT } from './classify'
import { imageToTensor, imageToTensorWithSharp } from './preprocess'
import { gridThumbnailToTensor, plainLossyWebpSize } from './webp-decode'

const plane = 3 * CLASSIFIER_INPUT.width * CLASSIFIER_INPUT.height
let work: string
const grids: Record<string, string> = {}

async function sharpTensor(file: string): Promise<Float32Array> {
  const out = new Float32Array(plane)
  await imageToTensorWithSharp(file, CLASSIFIER_INPUT, out)
  return out
}

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

  it('gives exactly the tensor of the sharp path, in this thread and through imageToTensor', async () => {
    const same = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
    for (const [name, grid] of Object.entries(grids)) {
      const reference = await sharpTensor(grid)
      const direct = new Float32Array(plane)
      expect(await gridThumbnailToTensor(grid, CLASSIFIER_INPUT, direct), name).toBe(true)
      expect(same(direct, reference), name).toBe(true)
      // imageToTensor writes in place at an offset inside a batch tensor, plain or shared memory.
      for (const batch of [new Float32Array(2 * plane), new Float32Array(new SharedArrayBuffer(8 * plane))]) {
        await imageToTensor(grid, CLASSIFIER_INPUT, batch, plane)
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
      expect(await gridThumbnailToTensor(file, CLASSIFIER_INPUT, new Float32Array(plane)), file).toBe(false)
      // ...and imageToTensor still handles them, through sharp.
      const out = new Float32Array(plane)
      await imageToTensor(file, CLASSIFIER_INPUT, out)
      expect(Buffer.from(out.buffer).equals(Buffer.from((await sharpTensor(file)).buffer)), file).toBe(true)
    }
  })

  it('reports a damaged grid thumbnail or a missing file as an image decode error', async () => {
    const bytes = await readFile(grids.cat!)
    const damaged = path.join(work, 'damaged.webp')
    await writeFile(damaged, bytes.subarray(0, 200))
    for (const file of [damaged, path.join(work, 'missing.webp')]) {
      await expect(gridThumbnailToTensor(file, CLASSIFIER_INPUT, new Float32Array(plane))).rejects.toMatchObject({ code: 'IMAGE_DECODE' })
      await expect(imageToTensor(file, CLASSIFIER_INPUT, new Float32Array(plane))).rejects.toMatchObject({ code: 'IMAGE_DECODE' })
    }
  })
})
