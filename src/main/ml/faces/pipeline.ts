import { ALIGNED_SIZE, alignFace } from './align'
import { findFaceCandidates } from './detector'
import { embedAlignedFace } from './embedder'
import { clipRect, decodeUpright } from './image'
import { ImagePyramid } from './pyramid'
import {
  estimateYawDegrees,
  fivePointsFrom68,
  landmarkCrop,
  landmarkGeometry,
  predictLandmarks68,
  type FivePoints,
  type LandmarkGeometry,
  type Point,
} from './landmarks'
import type { FaceModels } from './models'
import { laplacianVariance } from './quality'
import { keypointDisagreement, verifierCrop, verifyFace } from './verifier'

export interface FaceQuality {
  /** Shorter side of the face box, in original pixels. */
  size: number
  /** Variance of the Laplacian on the aligned 112x112 face; higher is sharper (< ~50 is blurry). */
  blur: number
  /** Estimated yaw in degrees from landmarks; 0 = frontal, +-90 = profile. */
  yaw: number
}

export interface Face {
  /** [x, y, width, height] in pixels of the orientation-corrected original image. */
  box: [number, number, number, number]
  /** Eye (image-left), eye (image-right), nose tip, mouth corner left, mouth corner right. */
  landmarks5: FivePoints
  /** UltraFace confidence, 0..1. */
  score: number
  /** BlazeFace confidence on the face crop, 0..1. */
  verifierScore: number
  quality: FaceQuality
  /** L2-normalised 512-d embedding. */
  embedding: Float32Array
  /** Embedding space id; compare embeddings only within one id. */
  modelId: string
}

export interface DetectFacesOptions {
  /** UltraFace score needed to consider a box (default 0.7). */
  minDetectorScore?: number
  /** BlazeFace score needed on the crop (default 0.65). */
  minVerifierScore?: number
  /** Max mean distance, in inter-ocular units, between BlazeFace's and the landmark model's eyes/nose/mouth (default 0.4). */
  maxKeypointDisagreement?: number
  /** Faces smaller than this (original pixels, shorter box side) are skipped (default 20). */
  minFaceSize?: number
  /** Long side of the working copy (default 3072). */
  maxSide?: number
  /** Largest detector tile (working pixels, default 800); smaller finds smaller faces but costs more runs. */
  maxTileSide?: number
  /** When given, the milliseconds of each stage are added to it (for benchmarks and profiling). */
  timings?: FaceStageTimings
}

/**
 * Wall-clock milliseconds per stage, summed over calls. Each model stage includes its crop and its
 * session.run; decode is the image decode, detect covers the detector views, runs and NMS.
 */
export interface FaceStageTimings {
  decode: number
  detect: number
  landmarks: number
  verify: number
  align: number
  embed: number
  quality: number
}

export function emptyFaceStageTimings(): FaceStageTimings {
  return { decode: 0, detect: 0, landmarks: 0, verify: 0, align: 0, embed: 0, quality: 0 }
}

export type RejectReason = 'too-small' | 'landmarks' | 'verifier' | 'disagreement'

export interface RejectedCandidate {
  box: [number, number, number, number]
  score: number
  reason: RejectReason
  verifierScore?: number
  keypointDisagreement?: number
  geometry?: LandmarkGeometry
}

export interface DetectFacesResult {
  faces: Face[]
  rejected: RejectedCandidate[]
  /** Orientation-corrected size of the original image. */
  width: number
  height: number
}

const DEFAULTS: Required<Omit<DetectFacesOptions, 'timings'>> = {
  minDetectorScore: 0.7,
  minVerifierScore: 0.65,
  maxKeypointDisagreement: 0.4,
  minFaceSize: 20,
  maxSide: 3072,
  maxTileSide: 800,
}

/**
 * Landmark sanity in the eye-aligned face frame (unit = inter-ocular distance). On the ArcFace
 * template the nose sits 0.57 and the mouth 1.16 below the eye line; these bounds allow strong
 * pitch/yaw but reject detections whose "eyes, nose, mouth" are not stacked like a face.
 */
export function plausibleFaceGeometry(g: LandmarkGeometry, boxSide: number): boolean {
  const iodShare = g.interOcular / boxSide
  return (
    iodShare >= 0.12 && iodShare <= 0.8 &&
    g.noseY >= 0.15 && g.noseY <= 1.3 &&
    g.mouthY >= g.noseY + 0.1 && g.mouthY <= 2.2 &&
    g.mouthWidth >= 0.3 && g.mouthWidth <= 1.6 &&
    Math.abs(g.noseX) <= 1.0 &&
    Math.abs(g.roll) <= (75 * Math.PI) / 180
  )
}

/** Detects, verifies, aligns and embeds every face of an image (path or encoded bytes). */
export async function detectFaces(models: FaceModels, input: string | Buffer, options: DetectFacesOptions = {}): Promise<Face[]> {
  return (await detectFacesDetailed(models, input, options)).faces
}

/** Same as detectFaces, plus the candidates that the second checks rejected and the image size. */
export async function detectFacesDetailed(
  models: FaceModels,
  input: string | Buffer,
  options: DetectFacesOptions = {},
): Promise<DetectFacesResult> {
  const opts = { ...DEFAULTS, ...options }
  // Stage clock: `lap(stage)` charges the time since the previous lap to that stage.
  const timings = options.timings
  let last = performance.now()
  const lap = (stage: keyof FaceStageTimings) => {
    if (!timings) return
    const now = performance.now()
    timings[stage] += now - last
    last = now
  }

  const decoded = await decodeUpright(input, opts.maxSide)
  const { image, toOriginal } = decoded
  const pyramid = new ImagePyramid(image)
  lap('decode')
  const candidates = await findFaceCandidates(models.detector, pyramid, opts.minDetectorScore, opts.maxTileSide)
  lap('detect')

  const faces: Face[] = []
  const rejected: RejectedCandidate[] = []
  const embedderInput = new Float32Array(3 * ALIGNED_SIZE * ALIGNED_SIZE)
  const toBox = (c: { x: number; y: number; width: number; height: number }): [number, number, number, number] => {
    const clipped = clipRect(c, image.width, image.height) ?? c
    return [clipped.x * toOriginal, clipped.y * toOriginal, clipped.width * toOriginal, clipped.height * toOriginal]
  }

  for (const candidate of candidates) {
    const box = toBox(candidate)
    if (Math.min(box[2], box[3]) < opts.minFaceSize) {
      rejected.push({ box, score: candidate.score, reason: 'too-small' })
      continue
    }
    const points68 = await predictLandmarks68(models.landmarks, pyramid, landmarkCrop(candidate, image.width, image.height))
    const five = fivePointsFrom68(points68)
    const geometry = landmarkGeometry(five)
    lap('landmarks')
    if (!plausibleFaceGeometry(geometry, Math.max(candidate.width, candidate.height))) {
      rejected.push({ box, score: candidate.score, reason: 'landmarks', geometry })
      continue
    }
    // BlazeFace runs on every candidate that reaches this point: UltraFace scores the skimage cat
    // above 0.9 and its landmarks can look plausible, so neither score nor geometry can vouch alone.
    const verdict = await verifyFace(models.verifier, pyramid, verifierCrop(candidate))
    lap('verify')
    if (verdict.score < opts.minVerifierScore) {
      rejected.push({ box, score: candidate.score, reason: 'verifier', verifierScore: verdict.score, geometry })
      continue
    }
    const disagreement = keypointDisagreement(verdict.keypoints, five)
    if (disagreement > opts.maxKeypointDisagreement) {
      rejected.push({ box, score: candidate.score, reason: 'disagreement', verifierScore: verdict.score, keypointDisagreement: disagreement, geometry })
      continue
    }
    const aligned = alignFace(pyramid, five)
    lap('align')
    const embedding = await embedAlignedFace(models.embedder, aligned.rgb, embedderInput)
    lap('embed')
    const quality: FaceQuality = { size: Math.min(box[2], box[3]), blur: laplacianVariance(aligned.rgb), yaw: estimateYawDegrees(points68) }
    faces.push({
      box,
      landmarks5: five.map(([x, y]) => [x * toOriginal, y * toOriginal] as Point) as FivePoints,
      score: candidate.score,
      verifierScore: verdict.score,
      quality,
      embedding,
      modelId: models.modelId,
    })
    lap('quality')
  }
  return { faces, rejected, width: decoded.originalWidth, height: decoded.originalHeight }
}
