import { Tensor, type InferenceSession } from 'onnxruntime-node'
import type { Rect } from './image'
import type { ImagePyramid } from './pyramid'

export type Point = [number, number]

/**
 * Five alignment points in the ArcFace order: eye on the image's left, eye on the image's right,
 * nose tip, mouth corner on the left, mouth corner on the right.
 */
export type FivePoints = [Point, Point, Point, Point, Point]

const SIZE = 64

/**
 * The square crop the landmark model was trained on, per the reference JS in
 * faceplugin-face-recognition-js (lib/fr_detect.js `scaleResult` squares the detector box on its
 * height; lib/fr_landmark.js crops it, shifts it back inside the image, 64x64 grey, v / 256).
 */
export function landmarkCrop(box: Rect, imageWidth: number, imageHeight: number): Rect {
  const side = Math.min(box.height, imageWidth, imageHeight)
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  const x = Math.min(Math.max(0, cx - side / 2), imageWidth - side)
  const y = Math.min(Math.max(0, cy - side / 2), imageHeight - side)
  return { x, y, width: side, height: side }
}

/**
 * Runs the 68-point model; returns points in image pixels (iBUG 68 layout). The grey conversion
 * uses the Rec.601 weights of OpenCV's cvtColor(BGR2GRAY), as the reference does.
 */
export async function predictLandmarks68(session: InferenceSession, pyramid: ImagePyramid, crop: Rect): Promise<Point[]> {
  const rgb = pyramid.crop(crop, SIZE, SIZE).data
  const input = new Float32Array(SIZE * SIZE)
  for (let i = 0; i < input.length; i++) {
    input[i] = (0.299 * (rgb[3 * i] as number) + 0.587 * (rgb[3 * i + 1] as number) + 0.114 * (rgb[3 * i + 2] as number)) / 256
  }
  const output = await session.run({ input: new Tensor('float32', input, [1, 1, SIZE, SIZE]) })
  const values = output['output']?.data as Float32Array | undefined
  if (!values || values.length !== 136) throw new Error('Landmark model returned no 68 points')
  const points: Point[] = []
  for (let i = 0; i < 68; i++) {
    points.push([crop.x + (values[2 * i] as number) * crop.width, crop.y + (values[2 * i + 1] as number) * crop.height])
  }
  return points
}

function mean(points: readonly Point[], from: number, to: number): Point {
  let x = 0
  let y = 0
  for (let i = from; i <= to; i++) {
    x += (points[i] as Point)[0]
    y += (points[i] as Point)[1]
  }
  const n = to - from + 1
  return [x / n, y / n]
}

/** iBUG 68 -> 5 points: eye centres (mean of each 6-point eye contour), nose tip (30), mouth corners (48, 54). */
export function fivePointsFrom68(points: readonly Point[]): FivePoints {
  if (points.length !== 68) throw new Error(`Expected 68 landmarks, got ${points.length}`)
  return [mean(points, 36, 41), mean(points, 42, 47), points[30] as Point, points[48] as Point, points[54] as Point]
}

export interface LandmarkGeometry {
  /** Distance between the eye centres, in pixels. */
  interOcular: number
  /** Roll angle of the eye line, radians. */
  roll: number
  /** Face-frame coordinates (eye line horizontal, origin at the eye midpoint, unit = interOcular). */
  noseY: number
  mouthY: number
  /** Horizontal nose offset from the eye midpoint in the face frame (yaw cue). */
  noseX: number
  mouthWidth: number
}

export function landmarkGeometry(five: FivePoints): LandmarkGeometry {
  const [le, re, nose, ml, mr] = five
  const dx = re[0] - le[0]
  const dy = re[1] - le[1]
  const interOcular = Math.hypot(dx, dy)
  const roll = Math.atan2(dy, dx)
  const cos = Math.cos(-roll)
  const sin = Math.sin(-roll)
  const mid: Point = [(le[0] + re[0]) / 2, (le[1] + re[1]) / 2]
  const toFace = (p: Point): Point => {
    const x = p[0] - mid[0]
    const y = p[1] - mid[1]
    return [(x * cos - y * sin) / (interOcular || 1), (x * sin + y * cos) / (interOcular || 1)]
  }
  const n = toFace(nose)
  const a = toFace(ml)
  const b = toFace(mr)
  return { interOcular, roll, noseX: n[0], noseY: n[1], mouthY: (a[1] + b[1]) / 2, mouthWidth: Math.hypot(b[0] - a[0], b[1] - a[1]) }
}

/**
 * Rough yaw in degrees from the nose's horizontal offset relative to the face outline (jaw points
 * 0 and 16 mark the cheeks). 0 = frontal, sign = direction the face turns in the image.
 */
export function estimateYawDegrees(points68: readonly Point[]): number {
  const five = fivePointsFrom68(points68)
  const nose = five[2]
  const left = points68[0] as Point
  const right = points68[16] as Point
  const dl = Math.hypot(nose[0] - left[0], nose[1] - left[1])
  const dr = Math.hypot(nose[0] - right[0], nose[1] - right[1])
  const ratio = (dl - dr) / Math.max(1e-6, dl + dr)
  // ratio is 0 for a frontal face and reaches +-1 when the nose passes a cheek (profile); a linear
  // map is as good as any for a quality cue.
  return Math.max(-1, Math.min(1, ratio)) * 90
}
