// Face boxes between PhotoHouse and MWG regions. PhotoHouse stores a face as a top-left box in
// fractions of the photo as shown (EXIF orientation applied); MWG regions are centre-based boxes in
// fractions of the image as stored (orientation not applied), with the stored pixel size in
// AppliedToDimensions. Orientation numbers are EXIF's: how the stored image is turned to be shown.

/** A top-left box [x, y, w, h] in fractions. */
export type Box = [number, number, number, number]

type Point = [number, number]

/** A point of the shown image (fractions) on the stored image. */
function shownToStored([u, v]: Point, orientation: number): Point {
  switch (orientation) {
    case 2:
      return [1 - u, v]
    case 3:
      return [1 - u, 1 - v]
    case 4:
      return [u, 1 - v]
    case 5:
      return [v, u]
    case 6:
      // Stored row 0 is shown on the right, stored column 0 at the top.
      return [v, 1 - u]
    case 7:
      return [1 - v, 1 - u]
    case 8:
      // Stored row 0 is shown on the left, stored column 0 at the bottom.
      return [1 - v, u]
    default:
      return [u, v]
  }
}

/** A point of the stored image on the shown one (the inverse of shownToStored). */
function storedToShown([s, t]: Point, orientation: number): Point {
  switch (orientation) {
    case 2:
      return [1 - s, t]
    case 3:
      return [1 - s, 1 - t]
    case 4:
      return [s, 1 - t]
    case 5:
      return [t, s]
    case 6:
      return [1 - t, s]
    case 7:
      return [1 - t, 1 - s]
    case 8:
      return [t, 1 - s]
    default:
      return [s, t]
  }
}

function mapBox([x, y, w, h]: Box, map: (p: Point) => Point): Box {
  const [a, b] = [map([x, y]), map([x + w, y + h])]
  const left = Math.min(a[0], b[0])
  const top = Math.min(a[1], b[1])
  return [left, top, Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1])]
}

const clamp = (n: number) => Math.min(1, Math.max(0, n))

/** An orientation swaps width and height (a quarter turn, with or without a mirror). */
export function swapsSides(orientation: number | null): boolean {
  return orientation !== null && orientation >= 5 && orientation <= 8
}

/** A face box (shown image) as an MWG area (centre-based, stored image). */
export function faceToRegion(box: Box, orientation: number | null): { cx: number; cy: number; w: number; h: number } {
  const [x, y, w, h] = mapBox(box.map(clamp) as Box, (p) => shownToStored(p, orientation ?? 1))
  return { cx: x + w / 2, cy: y + h / 2, w, h }
}

/** An MWG area (centre-based, stored image) as a face box of the shown image. */
export function regionToFace(area: { cx: number; cy: number; w: number; h: number }, orientation: number | null): Box {
  const box: Box = [area.cx - area.w / 2, area.cy - area.h / 2, area.w, area.h]
  const [x, y, w, h] = mapBox(box, (p) => storedToShown(p, orientation ?? 1))
  const left = clamp(x)
  const top = clamp(y)
  return [left, top, clamp(x + w) - left, clamp(y + h) - top]
}

/** Intersection over union of two top-left boxes. */
export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]))
  const iy = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]))
  const inter = ix * iy
  const union = a[2] * a[3] + b[2] * b[3] - inter
  return union > 0 ? inter / union : 0
}

/**
 * Pairs named regions with detected faces, best overlap first, each face and region at most once.
 * Programs draw face boxes differently (Picasa's are tight, digiKam's include hair and chin), so a
 * pair needs a third of their union in common, not a near-identical box.
 */
export const MIN_REGION_IOU = 0.3

export function matchRegions<R extends { box: Box }, F extends { id: number; box: Box }>(regions: R[], faces: F[]): Map<R, F> {
  const pairs: { region: R; face: F; overlap: number }[] = []
  for (const region of regions) {
    for (const face of faces) {
      const overlap = iou(region.box, face.box)
      if (overlap >= MIN_REGION_IOU) pairs.push({ region, face, overlap })
    }
  }
  pairs.sort((a, b) => b.overlap - a.overlap)
  const out = new Map<R, F>()
  const used = new Set<number>()
  for (const p of pairs) {
    if (out.has(p.region) || used.has(p.face.id)) continue
    out.set(p.region, p.face)
    used.add(p.face.id)
  }
  return out
}
