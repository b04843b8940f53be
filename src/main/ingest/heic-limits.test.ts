// The HEIC decoder's decompression-bomb guard: sharp refuses images over its pixel limit, the WASM
// HEIC decoder (which sharp does not run) must refuse the same ones before it allocates their pixels.
import { readFile, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrokenFileError } from './broken-file-error'
import { HeicDecoderPool } from './heic-decoder'
import { MAX_INPUT_PIXELS } from './sharp-setup'
import { HEIC_PHOTOS, makeTempDir, type TempDir } from './test-photos'

/** A copy of `source` whose single `ispe` (image spatial extents) box claims width x height. */
async function withClaimedSize(source: string, target: string, width: number, height: number): Promise<string> {
  const bytes = await readFile(source)
  const at = bytes.indexOf('ispe', 0, 'latin1')
  expect(at).toBeGreaterThan(0)
  expect(bytes.indexOf('ispe', at + 4, 'latin1')).toBe(-1)
  // Box type, then version and flags (4 bytes), then width and height as 32-bit big-endian.
  bytes.writeUInt32BE(width, at + 8)
  bytes.writeUInt32BE(height, at + 12)
  await writeFile(target, bytes)
  return target
}

describe('HEIC decompression-bomb guard', () => {
  let tmp: TempDir
  const pools: HeicDecoderPool[] = []
  const pool = (options: ConstructorParameters<typeof HeicDecoderPool>[0] = {}) => {
    const p = new HeicDecoderPool({ maxWorkers: 1, ...options })
    pools.push(p)
    return p
  }

  beforeAll(async () => {
    tmp = await makeTempDir()
  })

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()))
    await tmp?.remove()
  })

  it('refuses a small file whose ispe claims more pixels than sharp allows, naming the size', async () => {
    // 16500 x 16500 = 272 M pixels, just over sharp's 268 M; the file itself stays 54 KB.
    const bomb = await withClaimedSize(HEIC_PHOTOS.fruits, tmp.file('bomb.heic'), 16_500, 16_500)
    expect(16_500 * 16_500).toBeGreaterThan(MAX_INPUT_PIXELS)
    const error = await pool().decode(bomb).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(BrokenFileError)
    expect(error).toMatchObject({
      code: 'unsupported',
      message: `HEIC image is too large to decode (16500x16500 is over the limit of ${MAX_INPUT_PIXELS} pixels)`,
    })
  })

  it('checks the real size before decoding: refused one pixel over the limit, decoded at the limit', async () => {
    // fruits.heic is 512 x 480: the check reads the size the decode would allocate for.
    await expect(pool({ maxPixels: 512 * 480 - 1 }).decode(HEIC_PHOTOS.fruits)).rejects.toMatchObject({
      code: 'unsupported',
      message: `HEIC image is too large to decode (512x480 is over the limit of ${512 * 480 - 1} pixels)`,
    })
    const image = await pool({ maxPixels: 512 * 480 }).decode(HEIC_PHOTOS.fruits)
    expect(image).toMatchObject({ width: 512, height: 480 })
    expect(image.data.length).toBe(512 * 480 * 4)
  })

  it('keeps decoding after a refusal (the worker is not lost)', async () => {
    const bomb = await withClaimedSize(HEIC_PHOTOS.fruits, tmp.file('bomb-2.heic'), 20_000, 20_000)
    const p = pool()
    await expect(p.decode(bomb)).rejects.toMatchObject({ code: 'unsupported' })
    await expect(p.decode(HEIC_PHOTOS.iphone)).resolves.toMatchObject({ width: expect.any(Number) as number })
  })
})
