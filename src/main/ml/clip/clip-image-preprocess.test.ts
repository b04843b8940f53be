import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { CLIP_VIT_B32_PREPROCESS, loadClipPreprocessConfig, preprocessClipImage } from './clip-image-preprocess'
import { decodePlainLossyWebpRgb } from '../worker/webp-decode'
import { SKIMAGE_DATA, clipTokenizerDir } from './test-support/models-dir'

const PLANE = 224 * 224

/**
 * Reference: HF CLIPImageProcessor's algorithm run in Python with PIL (bicubic resize of the
 * shorter side to 224, int() of the long side, centre crop (n-224)//2, /255, mean/std), then
 * averaged over a 4×4 grid of 56×56 blocks per channel. Full-tensor agreement with sharp measured
 * when this was written: mean |Δ| ≈ 0.003 (≈ 0.2 grey levels), a few edge pixels up to ≈ 6 levels.
 */
const PIL_BLOCK_MEANS: Record<string, number[][]> = {
  'chelsea.png': [
    [0.416, 0.2, 0.052, 0.468, 0.393, -0.174, 0.684, 0.28, 0.422, 0.428, 0.532, 0.341, 0.69, 0.563, 0.133, 0.529],
    [-0.076, -0.282, -0.382, -0.025, -0.14, -0.53, 0.166, -0.072, -0.157, -0.217, -0.16, -0.064, 0.245, 0.008, -0.392, 0.203],
    [-0.294, -0.507, -0.571, -0.129, -0.447, -0.746, -0.133, -0.252, -0.383, -0.626, -0.641, -0.254, 0.14, -0.252, -0.492, 0.06],
  ],
  'astronaut.png': [
    [0.078, 0.744, 0.818, 0.434, 0.585, -0.318, 0.945, 0.519, 1.163, 0.684, 0.41, -1.049, 0.891, 0.701, -0.957, -1.259],
    [0.023, 0.575, 0.747, 0.378, -0.07, -0.443, 0.903, 0.545, -0.218, -0.398, -0.397, -1.018, -0.575, -0.359, -1.102, -1.228],
    [0.326, 0.421, 0.724, 0.373, 0.098, -0.349, 0.999, 0.635, -0.341, -0.416, -0.445, -0.812, -0.712, -0.314, -0.923, -0.997],
  ],
}

function blockMeans(tensor: Float32Array): number[][] {
  return [0, 1, 2].map((c) => {
    const out: number[] = []
    for (let by = 0; by < 4; by++) {
      for (let bx = 0; bx < 4; bx++) {
        let sum = 0
        for (let y = by * 56; y < (by + 1) * 56; y++) {
          for (let x = bx * 56; x < (bx + 1) * 56; x++) sum += tensor[c * PLANE + y * 224 + x] as number
        }
        out.push(sum / (56 * 56))
      }
    }
    return out
  })
}

function expectClose(actual: number[][], expected: number[][], tolerance: number): void {
  const worst = Math.max(...actual.flatMap((row, c) => row.map((v, i) => Math.abs(v - (expected[c]?.[i] ?? Number.NaN)))))
  expect(worst).toBeLessThan(tolerance)
}

const work = mkdtempSync(join(tmpdir(), 'photohouse-clip-pre-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('CLIP image preprocessing (real photos)', () => {
  it.each(Object.keys(PIL_BLOCK_MEANS))('matches the PIL/HF reference on %s', async (name) => {
    const tensor = await preprocessClipImage(join(SKIMAGE_DATA, name))
    expect(tensor).toHaveLength(3 * PLANE)
    expectClose(blockMeans(tensor), PIL_BLOCK_MEANS[name] as number[][], 0.01)
  })

  it('reads the model preprocessor_config.json into the same settings as the built-in default', async () => {
    const config = await loadClipPreprocessConfig(join(clipTokenizerDir(), 'preprocessor_config.json'))
    expect(config.shortestEdge).toBe(224)
    expect(config.crop).toEqual({ width: 224, height: 224 })
    expect(config.kernel).toBe('cubic')
    expect(config.mean).toEqual(CLIP_VIT_B32_PREPROCESS.mean)
    expect(config.std).toEqual(CLIP_VIT_B32_PREPROCESS.std)
    expect(config.rescaleFactor).toBeCloseTo(1 / 255, 12)
  })

  it('applies EXIF orientation: a sideways-stored photo tagged to display upright gives the upright tensor', async () => {
    const source = join(SKIMAGE_DATA, 'chelsea.png')
    const upright = join(work, 'upright.jpg')
    const sideways = join(work, 'sideways.jpg')
    await sharp(source).jpeg({ quality: 95 }).toFile(upright)
    // Stored rotated 90° counter-clockwise; orientation 6 tells viewers to turn it back clockwise.
    const rotatedPixels = await sharp(source).rotate(-90).jpeg({ quality: 95 }).toBuffer()
    await sharp(rotatedPixels).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toFile(sideways)
    const a = blockMeans(await preprocessClipImage(upright))
    const b = blockMeans(await preprocessClipImage(sideways))
    expectClose(b, a, 0.03)
    // And the upright JPEG is still the cat of the PNG reference (JPEG loss aside).
    expectClose(a, PIL_BLOCK_MEANS['chelsea.png'] as number[][], 0.03)
  })

  it('turns a greyscale photo into three identical (pre-normalisation) channels', async () => {
    const tensor = await preprocessClipImage(join(SKIMAGE_DATA, 'camera.png'))
    const { mean, std } = CLIP_VIT_B32_PREPROCESS
    for (const p of [0, 5000, 25000, PLANE - 1]) {
      const raw = [0, 1, 2].map((c) => (tensor[c * PLANE + p] as number) * (std[c] as number) + (mean[c] as number))
      expect(raw[1]).toBeCloseTo(raw[0] as number, 4)
      expect(raw[2]).toBeCloseTo(raw[0] as number, 4)
    }
  })

  it('accepts encoded bytes and images with alpha', async () => {
    const rgba = await sharp(join(SKIMAGE_DATA, 'coffee.png')).ensureAlpha(0.5).png().toBuffer()
    const fromBytes = await preprocessClipImage(rgba)
    const fromFile = await preprocessClipImage(join(SKIMAGE_DATA, 'coffee.png'))
    expectClose(blockMeans(fromBytes), blockMeans(fromFile), 1e-6)
  })

  it('grid thumbnails (plain lossy WebP) take the wasm decoder and give the tensor sharp gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clip-webp-'))
    try {
      // A grid thumbnail as the import writes it, and the same pixels as a PNG (which sharp decodes).
      const webp = join(dir, 'grid.webp')
      await sharp(join(SKIMAGE_DATA, 'coffee.png')).resize({ height: 256 }).webp({ quality: 80 }).toFile(webp)
      const png = join(dir, 'grid.png')
      await sharp(webp).png().toFile(png)
      // The wasm path is the one taken for the WebP, not for the PNG.
      expect(await decodePlainLossyWebpRgb(readFileSync(webp))).toMatchObject({ width: expect.any(Number), height: 256 })
      expect(await decodePlainLossyWebpRgb(readFileSync(png))).toBeNull()
      const fast = await preprocessClipImage(webp)
      const reference = await preprocessClipImage(png)
      expect(fast).toHaveLength(3 * PLANE)
      let worst = 0
      for (let i = 0; i < fast.length; i++) worst = Math.max(worst, Math.abs(fast[i]! - reference[i]!))
      expect(worst).toBeLessThan(1e-6)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('fails with a clear error naming the input', async () => {
    await expect(preprocessClipImage('/nonexistent/photo.jpg')).rejects.toThrow(/CLIP preprocessing failed for \/nonexistent\/photo\.jpg/)
    await expect(preprocessClipImage(Buffer.from('not an image'))).rejects.toThrow(/CLIP preprocessing failed for <12-byte buffer>/)
  })
})
