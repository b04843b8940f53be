import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { decodeUpright as decodeForImport } from '../../ingest/decode'
import { closeHeicDecoders } from '../../ingest/heic-decoder'
import { sniffImageFormat } from '../../ingest/image-format'
import { TEST_DATA } from '../../testing/test-data'
import { HEIC_PHOTOS } from '../../ingest/test-photos'
import { decodeUpright } from './image'

afterAll(async () => {
  await closeHeicDecoders()
})

describe('decodeUpright (faces)', () => {
  it('decodes HEIC as the import does: the container turns it, the EXIF Orientation tag does not', async () => {
    // fruits-o6.heic carries EXIF Orientation 6 without an irot box; its preview is 512x480 (see
    // ingest/heic.test.ts), and face boxes are fractions of the preview, so faces must see 512x480.
    const decoded = await decodeUpright(HEIC_PHOTOS.fruitsOrientation6)
    expect(decoded).toMatchObject({ originalWidth: 512, originalHeight: 480, toOriginal: 1 })
    expect(decoded.image).toMatchObject({ width: 512, height: 480 })
    expect(decoded.image.data.length).toBe(512 * 480 * 3)
  })

  it('shrinks a HEIC to maxSide and says how to map back to the original', async () => {
    const decoded = await decodeUpright(HEIC_PHOTOS.fruits, 256)
    expect(decoded.image).toMatchObject({ width: 256, height: 240 })
    expect(decoded).toMatchObject({ originalWidth: 512, originalHeight: 480, toOriginal: 2 })
  })

  it('decodes a camera RAW through its embedded preview, turned as the import turns it (sharp cannot read the RAW)', async () => {
    // Orientation 6: the 448x298 cat preview stands upright as 298x448, as its thumbnail does.
    const dng = join(TEST_DATA, 'raw', 'chelsea-rotated.dng')
    const decoded = await decodeUpright(dng)
    expect(decoded).toMatchObject({ originalWidth: 298, originalHeight: 448, toOriginal: 1 })
    const imported = await decodeForImport(dng, await sniffImageFormat(dng), 3072)
    expect(decoded.image.data.equals(imported.data)).toBe(true)
    // The real Canon R6 CR3's full-size preview.
    const cr3 = await decodeUpright(join(TEST_DATA, 'raw', 'camera', 'exiv2-Canon-R6-pruned.CR3'), 810)
    expect(cr3).toMatchObject({ originalWidth: 1620, originalHeight: 1080, toOriginal: 2 })
    expect(cr3.image).toMatchObject({ width: 810, height: 540 })
  })
})
