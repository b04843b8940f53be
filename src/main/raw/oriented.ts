// A RAW's preview turned upright by the RAW's own orientation. The embedded JPEG is stored as the
// sensor saw it; its own EXIF (when it has any) often says 1 whatever the camera's position was, so
// only the RAW's IFD0 Orientation counts.
import sharp, { type Sharp } from 'sharp'
import { SHARP_INPUT_OPTIONS, SHARP_TIMEOUT_SECONDS } from '../ingest/sharp-setup'
import type { RawPreview } from './preview'

/** sharp applies flip/flop before rotate, so each EXIF orientation is (mirror, then clockwise angle). */
const TRANSFORMS: Readonly<Record<number, { flop: boolean; flip: boolean; angle: number }>> = {
  1: { flop: false, flip: false, angle: 0 },
  2: { flop: true, flip: false, angle: 0 },
  3: { flop: false, flip: false, angle: 180 },
  4: { flop: false, flip: true, angle: 0 },
  5: { flop: true, flip: false, angle: 270 },
  6: { flop: false, flip: false, angle: 90 },
  7: { flop: true, flip: false, angle: 90 },
  8: { flop: false, flip: false, angle: 270 },
}

/** True when the orientation swaps width and height. */
export function swapsSides(orientation: number | null): boolean {
  return orientation !== null && orientation >= 5 && orientation <= 8
}

/** The preview's display size (after the RAW's orientation). */
export function uprightSize(preview: RawPreview): { width: number; height: number } {
  const { width, height } = preview.stream
  return swapsSides(preview.orientation) ? { width: height, height: width } : { width, height }
}

/** A sharp pipeline over the preview's pixels, upright. */
export function uprightPreview(preview: RawPreview): Sharp {
  const t = TRANSFORMS[preview.orientation ?? 1] ?? TRANSFORMS[1]!
  let pipeline = sharp(preview.jpeg, SHARP_INPUT_OPTIONS).timeout({ seconds: SHARP_TIMEOUT_SECONDS })
  if (t.flop) pipeline = pipeline.flop()
  if (t.flip) pipeline = pipeline.flip()
  if (t.angle !== 0) pipeline = pipeline.rotate(t.angle)
  return pipeline
}
