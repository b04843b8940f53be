import { describe, expect, it } from 'vitest'
import { faceToRegion, iou, matchRegions, regionToFace, type Box } from './regions'

describe('face boxes and MWG regions', () => {
  it('map a box of the shown photo onto the stored image for each EXIF orientation', () => {
    // A box in the top-left corner of the photo as shown, and where its pixels are stored.
    const box: Box = [0.1, 0.2, 0.3, 0.1]
    const stored: Record<number, [number, number, number, number]> = {
      1: [0.25, 0.25, 0.3, 0.1],
      2: [0.75, 0.25, 0.3, 0.1],
      3: [0.75, 0.75, 0.3, 0.1],
      4: [0.25, 0.75, 0.3, 0.1],
      // Quarter turns swap the sides of the box.
      5: [0.25, 0.25, 0.1, 0.3],
      6: [0.25, 0.75, 0.1, 0.3],
      7: [0.75, 0.75, 0.1, 0.3],
      8: [0.75, 0.25, 0.1, 0.3],
    }
    for (const [orientation, [cx, cy, w, h]] of Object.entries(stored)) {
      const r = faceToRegion(box, Number(orientation))
      expect([r.cx, r.cy, r.w, r.h].map((n) => Number(n.toFixed(9))), `orientation ${orientation}`).toEqual([cx, cy, w, h])
      // And back.
      expect(regionToFace(r, Number(orientation)).map((n) => Number(n.toFixed(9)))).toEqual(box)
    }
  })

  it('treats a missing orientation as upright and keeps a region inside the photo', () => {
    expect(faceToRegion([0, 0, 0.5, 0.5], null)).toEqual({ cx: 0.25, cy: 0.25, w: 0.5, h: 0.5 })
    expect(regionToFace({ cx: 0.95, cy: 0.5, w: 0.2, h: 0.2 }, 1).map((n) => Number(n.toFixed(9)))).toEqual([0.85, 0.4, 0.15, 0.2])
  })

  it('pairs regions with faces by overlap, best first, each once, and not below a third', () => {
    expect(iou([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1)
    expect(iou([0, 0, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5])).toBe(0)
    const a = { name: 'A', box: [0.1, 0.1, 0.2, 0.2] as Box }
    const b = { name: 'B', box: [0.12, 0.1, 0.2, 0.2] as Box }
    const far = { name: 'C', box: [0.7, 0.7, 0.1, 0.1] as Box }
    const faces = [
      { id: 1, box: [0.12, 0.1, 0.2, 0.2] as Box },
      { id: 2, box: [0.05, 0.05, 0.3, 0.3] as Box },
    ]
    const pairs = matchRegions([a, b, far], faces)
    // B fits face 1 exactly; A then takes face 2 (IoU 0.44), not face 1 again.
    expect(pairs.get(b)?.id).toBe(1)
    expect(pairs.get(a)?.id).toBe(2)
    expect(pairs.has(far)).toBe(false)
  })
})
