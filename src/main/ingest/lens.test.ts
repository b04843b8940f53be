import { describe, expect, it } from 'vitest'
import { formatLensSpec, lensFromTags, nikonLensSpec } from './lens'

/** A type-2 Nikon maker note holding one IFD entry, Lens (0x0084): four rationals. */
function nikonNote(le: boolean, lens: [number, number][]): Uint8Array {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4 + 32)
  const u16 = (v: number, at: number) => (le ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at))
  const u32 = (v: number, at: number) => (le ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at))
  tiff.write(le ? 'II' : 'MM', 0, 'latin1')
  u16(42, 2)
  u32(8, 4)
  u16(1, 8)
  u16(0x84, 10)
  u16(5, 12)
  u32(4, 14)
  u32(26, 18)
  lens.forEach(([num, den], k) => {
    u32(num, 26 + k * 8)
    u32(den, 30 + k * 8)
  })
  return new Uint8Array(Buffer.concat([Buffer.from('Nikon\0\x02\x10\0\0', 'latin1'), tiff]))
}

describe('lens names', () => {
  it('spells a specification the way lenses are named', () => {
    expect(formatLensSpec([18, 70, 3.5, 4.5])).toBe('18-70mm f/3.5-4.5')
    expect(formatLensSpec([50, 50, 1.8, 1.8])).toBe('50mm f/1.8')
    expect(formatLensSpec([18, 55, Number.NaN, Number.NaN])).toBe('18-55mm')
    expect(formatLensSpec([1.5399999618512084, 6, 1.6, 2.4])).toBe('1.5-6mm f/1.6-2.4')
    expect(formatLensSpec([0, 0, 0, 0])).toBeNull()
    expect(formatLensSpec('18 55')).toBeNull()
    expect(formatLensSpec(undefined)).toBeNull()
  })

  it("takes the camera's lens name first, then a specification, then Nikon's maker note", () => {
    const note = nikonNote(true, [[180, 10], [700, 10], [35, 10], [45, 10]])
    expect(lensFromTags({ LensModel: ' EF-M15-45mm f/3.5-6.3 IS STM ', LensInfo: [15, 45, 0, 0], makerNote: note })).toBe('EF-M15-45mm f/3.5-6.3 IS STM')
    expect(lensFromTags({ LensModel: '', LensInfo: [15, 45, 3.5, 6.3] })).toBe('15-45mm f/3.5-6.3')
    expect(lensFromTags({ DNGLensInfo: [18, 55, Number.NaN, Number.NaN] })).toBe('18-55mm')
    expect(lensFromTags({ makerNote: note })).toBe('18-70mm f/3.5-4.5')
    expect(lensFromTags({})).toBeNull()
  })

  it("reads Nikon's Lens tag in either byte order, and nothing from another vendor's or a cut-off note", () => {
    expect(nikonLensSpec(nikonNote(false, [[24, 1], [24, 1], [14, 10], [14, 10]]))).toEqual([24, 24, 1.4, 1.4])
    expect(nikonLensSpec(nikonNote(true, [[18, 1], [55, 1], [0, 0], [0, 0]]))).toEqual([18, 55, Number.NaN, Number.NaN])
    const note = nikonNote(true, [[18, 1], [70, 1], [35, 10], [45, 10]])
    expect(nikonLensSpec(note.subarray(0, note.length - 8))).toBeNull()
    expect(nikonLensSpec(new Uint8Array(Buffer.from('Canon\0\0\0\0\0II*\0\x08\0\0\0\0\0', 'latin1')))).toBeNull()
  })
})
