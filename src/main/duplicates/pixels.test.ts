// The pixels stage: identical decoded pixels hash alike whatever the file format; photos imported
// before the stage existed get their pixel facts when the app starts.
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { localDifference, pixelFacts } from './pixels'

describe('pixel facts', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  it('a lossless conversion hashes like its original; a recompressed copy does not, but its fingerprint is close', async () => {
    const png = join(dir.path, 'baboon.png')
    await sharp(REAL_PHOTOS.baboon).png().toFile(png)
    const q90 = join(dir.path, 'baboon-q90.jpg')
    await sharp(REAL_PHOTOS.baboon).jpeg({ quality: 90 }).toFile(q90)
    const original = await pixelFacts(REAL_PHOTOS.baboon)
    expect((await pixelFacts(png)).pixelHash).toBe(original.pixelHash)
    const recompressed = await pixelFacts(q90)
    expect(recompressed.pixelHash).not.toBe(original.pixelHash)
    expect(original.gray32).toHaveLength(1024)
    expect(localDifference(original.gray32, recompressed.gray32)).toBeLessThan(10)
    // Orientation is applied: the rotated photo's fingerprint is of the upright picture, 480 wide.
    const rotated = await pixelFacts(REAL_PHOTOS.rotated)
    const upright = join(dir.path, 'upright.png')
    await sharp(REAL_PHOTOS.rotated).autoOrient().png().toFile(upright)
    expect((await pixelFacts(upright)).pixelHash).toBe(rotated.pixelHash)
  })

  it('photos imported before the stage existed get their pixel facts at the next start', async () => {
    const library = join(dir.path, 'lib')
    copyInto(REAL_PHOTOS.baboon, join(dir.path, 'photos', 'a.jpg'))
    copyInto(REAL_PHOTOS.nikon, join(dir.path, 'photos', 'b.jpg'))
    const first = await openAndImport(library, [join(dir.path, 'photos')])
    const count = () => (first.db.prepare('SELECT count(*) AS n FROM asset_pixels').get() as { n: number }).n
    expect(count()).toBe(2)
    // As a library of the previous version left it.
    first.db.prepare('DELETE FROM asset_pixels').run()
    await first.close()

    const app = createApp({ libraryDir: library, log: () => {} })
    try {
      app.start()
      await app.runner.idle(50)
      expect((app.db.prepare('SELECT count(*) AS n FROM asset_pixels').get() as { n: number }).n).toBe(2)
    } finally {
      await app.close()
    }
  })
})
