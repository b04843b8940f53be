import { afterAll, describe, expect, it } from 'vitest'
import { closeHeicDecoders } from '../../ingest/heic-decoder'
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
})
