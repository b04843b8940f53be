// XMP and IPTC inside photos (made by test-data/xmp/make-embedded.sh with exiftool): a Picasa-style
// JPEG (IPTC keywords and caption, MWG face regions in XMP) and an Apple Photos-style HEIC (XMP).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REAL_PHOTOS } from '../testing/fixtures'
import { embeddedIptc, embeddedXmp } from './embedded'
import { XMP_TEST_DATA } from './test-cases'
import { readXmp } from './xmp'

describe('embedded XMP and IPTC', () => {
  it("reads a Picasa export's IPTC keywords and caption (UTF-8) and its named face regions", async () => {
    const photo = join(XMP_TEST_DATA, 'embedded', 'picasa.jpg')
    expect(await embeddedIptc(photo)).toEqual({ keywords: ['starfish', 'Rømø'], caption: 'Low tide' })
    const xmp = await embeddedXmp(photo)
    expect(xmp).not.toBeNull()
    expect(readXmp(xmp!)).toMatchObject({ appliedTo: { w: 400, h: 300 }, regions: [{ name: 'Mads', type: 'Face', cx: 0.5, cy: 0.5, w: 0.2, h: 0.2 }] })
  })

  it("finds the XMP packet inside an Apple Photos-style HEIC (keywords, caption, rating)", async () => {
    const xmp = await embeddedXmp(join(XMP_TEST_DATA, 'embedded', 'apple.heic'))
    expect(readXmp(xmp!)).toMatchObject({ subjects: ['NASA', 'portrait'], description: 'Eileen Collins', rating: 5 })
    expect(await embeddedIptc(join(XMP_TEST_DATA, 'embedded', 'apple.heic'))).toEqual({ keywords: [], caption: null })
  })

  it("finds nothing for us in Photoshop's XMP of a camera photo (a blank description is none)", async () => {
    const xmp = await embeddedXmp(REAL_PHOTOS.nikon)
    expect(xmp).toContain('Adobe Photoshop CS3')
    expect(readXmp(xmp!)).toMatchObject({ subjects: [], rating: null, label: null, description: null, regions: [] })
    expect(await embeddedIptc(REAL_PHOTOS.nikon)).toEqual({ keywords: [], caption: null })
  })
})
