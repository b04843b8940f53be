// The lens a photo was taken with, as the info panel, search and smart albums show it. Cameras name
// it in Exif's LensModel; many (Nikon's NEFs, older DNG converters, some compacts) write only the
// lens's specification: focal range and the widest apertures at each end (Exif LensInfo, DNG's
// DNGLensInfo, Nikon's maker-note tag 0x0084 "Lens"). A specification is shown the way lenses are
// named: "18-70mm f/3.5-4.5". Vendor lens-ID tables (exiftool's Composite:LensID) are not carried.

import { readNikonMakerNote } from '../raw'

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

/**
 * Nikon's "Lens" tag (0x0084: four rationals) from its maker note (read as the RAW walk reads it
 * for the preview). Null for any other maker note, or a damaged one.
 */
export function nikonLensSpec(makerNote: Uint8Array): number[] | null {
  const note = readNikonMakerNote(Buffer.from(makerNote.buffer, makerNote.byteOffset, makerNote.byteLength))
  const lens = note?.ifd0.get(0x84)
  // RATIONAL (type 5), four of them: eight u32s at the offset the entry names.
  if (!note || !lens || lens.type !== 5 || lens.count !== 4) return null
  const values = note.u32(lens.at)
  if (values + 32 > note.tiff.length) return null
  return [0, 1, 2, 3].map((k) => {
    const den = note.u32(values + k * 8 + 4)
    return den === 0 ? Number.NaN : note.u32(values + k * 8) / den
  })
}
