// The lens a photo was taken with, as the info panel, search and smart albums show it. Cameras name
// it in Exif's LensModel; many (Nikon's NEFs, older DNG converters, some compacts) write only the
// lens's specification: focal range and the widest apertures at each end (Exif LensInfo, DNG's
// DNGLensInfo, Nikon's maker-note tag 0x0084 "Lens"). A specification is shown the way lenses are
// named: "18-70mm f/3.5-4.5". Vendor lens-ID tables (exiftool's Composite:LensID) are not carried.

type Tags = Record<string, unknown>

/** The lens's name, else its specification spelled out; null when the photo says neither. */
export function lensFromTags(tags: Tags): string | null {
  const model = typeof tags.LensModel === 'string' ? tags.LensModel.trim() : ''
  if (model) return model
  for (const spec of [tags.LensInfo, tags.LensSpecification, tags.DNGLensInfo]) {
    const named = formatLensSpec(spec)
    if (named) return named
  }
  return tags.makerNote instanceof Uint8Array ? formatLensSpec(nikonLensSpec(tags.makerNote)) : null
}

/**
 * [min focal, max focal, widest aperture at min focal, at max focal] as "18-70mm f/3.5-4.5";
 * unknown parts (0 or NaN, exiftool's "undef") are left out. Null without a focal length.
 */
export function formatLensSpec(spec: unknown): string | null {
  if (!Array.isArray(spec) || spec.length < 2) return null
  const [minF, maxF, minA, maxA] = spec.map((v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null))
  if (minF == null) return null
  const focal = maxF == null || near(minF, maxF) ? `${short(minF)}mm` : `${short(minF)}-${short(maxF)}mm`
  if (minA == null) return focal
  return maxA == null || near(minA, maxA) ? `${focal} f/${short(minA)}` : `${focal} f/${short(minA)}-${short(maxA)}`
}

const short = (v: number) => String(Math.round(v * 10) / 10)
const near = (a: number, b: number) => Math.abs(a - b) < 0.05

const NIKON = 'Nikon\0'

/**
 * Nikon's "Lens" tag (0x0084: four rationals) from a type-2 maker note: "Nikon\0", a version, two
 * bytes, then a TIFF header whose offsets count from it. Null for any other maker note, or a damaged one.
 */
export function nikonLensSpec(note: Uint8Array): number[] | null {
  const bytes = Buffer.from(note.buffer, note.byteOffset, note.byteLength)
  if (bytes.length < 18 || bytes.toString('latin1', 0, NIKON.length) !== NIKON) return null
  const tiff = bytes.subarray(10)
  const order = tiff.toString('latin1', 0, 2)
  if (order !== 'II' && order !== 'MM') return null
  const le = order === 'II'
  const u16 = (p: number) => (le ? tiff.readUInt16LE(p) : tiff.readUInt16BE(p))
  const u32 = (p: number) => (le ? tiff.readUInt32LE(p) : tiff.readUInt32BE(p))
  const ifd = u32(4)
  if (ifd < 8 || ifd + 2 > tiff.length) return null
  const count = u16(ifd)
  for (let i = 0; i < count; i++) {
    const at = ifd + 2 + i * 12
    if (at + 12 > tiff.length) return null
    // RATIONAL (type 5), four of them: eight u32s at the offset the entry names.
    if (u16(at) !== 0x84 || u16(at + 2) !== 5 || u32(at + 4) !== 4) continue
    const values = u32(at + 8)
    if (values + 32 > tiff.length) return null
    return [0, 1, 2, 3].map((k) => {
      const den = u32(values + k * 8 + 4)
      return den === 0 ? Number.NaN : u32(values + k * 8) / den
    })
  }
  return null
}
