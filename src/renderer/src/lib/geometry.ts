// Where a photo lands inside the viewer, so boxes given in fractions of the photo (faces, lines of
// text) can be drawn exactly over it.

export interface Rect {
  left: number
  top: number
  width: number
  height: number
}

/**
 * The rectangle an image of imgW × imgH takes when fitted inside boxW × boxH, centred, keeping its
 * aspect ratio and never enlarged beyond `maxScale` (1 = its own pixel size).
 */
export function containRect(boxW: number, boxH: number, imgW: number, imgH: number, maxScale = 1): Rect {
  if (!(boxW > 0 && boxH > 0 && imgW > 0 && imgH > 0)) return { left: 0, top: 0, width: 0, height: 0 }
  const scale = Math.min(boxW / imgW, boxH / imgH, maxScale)
  const width = imgW * scale
  const height = imgH * scale
  return { left: (boxW - width) / 2, top: (boxH - height) / 2, width, height }
}

/** A [x, y, w, h] box in fractions as CSS percentages, clipped to the photo (detectors overshoot edges). */
export function fractionBoxStyle(box: readonly [number, number, number, number]): { left: string; top: string; width: string; height: string } {
  const clamp = (v: number) => Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0))
  const x0 = clamp(box[0])
  const y0 = clamp(box[1])
  const x1 = clamp(box[0] + box[2])
  const y1 = clamp(box[1] + box[3])
  const pct = (v: number) => `${(v * 100).toFixed(3)}%`
  return { left: pct(x0), top: pct(y0), width: pct(x1 - x0), height: pct(y1 - y0) }
}
