// Tags from the faces stage: ImageNet has no person class, so whether a photo shows a person, people
// or a portrait comes from the face detector, not the classifier.

export interface FaceForTags {
  /** [x, y, width, height] as fractions of the (orientation-corrected) image. */
  box: readonly [number, number, number, number]
  /** Detector confidence, 0..1. */
  score: number
  /** L2-normalised face embedding, when there is one: copies of one face count once. */
  embedding?: Float32Array
}

export interface FaceTag {
  label: 'person' | 'people' | 'portrait' | 'group photo'
  score: number
  kind: 'face'
}

export interface FaceTagOptions {
  /**
   * A face box this share of the frame or larger makes a portrait. Head-and-shoulders framing puts
   * the face box at ~4-25 % of the frame (the skimage astronaut portrait: 3.7 %, the opencv-doc
   * portraits 13-25 %); a whole figure at work is ~2 % (skimage camera: 1.9 %), a footballer in
   * action 0.6 %.
   */
  portraitMinArea: number
  /** Distinct faces from which a photo is a group photo. */
  groupMinFaces: number
  /**
   * Two faces of one photo at least this similar are copies of one face (a collage of one person,
   * a reflection, a photo in the photo), not two people. Copies in opencv-doc's example.jpg measure
   * 0.85-0.99, different people in its face collages at most 0.41.
   */
  sameFaceSimilarity: number
}

export const DEFAULT_FACE_TAG_OPTIONS: FaceTagOptions = { portraitMinArea: 0.03, groupMinFaces: 3, sameFaceSimilarity: 0.8 }

const area = (f: FaceForTags) => f.box[2] * f.box[3]

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0
  for (let i = 0; i < a.length && i < b.length; i++) s += a[i]! * b[i]!
  return s
}

/** The faces of a photo that are different people, surest first. */
export function distinctFaces(faces: readonly FaceForTags[], options: Partial<FaceTagOptions> = {}): FaceForTags[] {
  const o = { ...DEFAULT_FACE_TAG_OPTIONS, ...options }
  const kept: FaceForTags[] = []
  for (const face of [...faces].sort((a, b) => b.score - a.score)) {
    const copy = face.embedding && kept.some((k) => k.embedding && dot(k.embedding, face.embedding!) >= o.sameFaceSimilarity)
    if (!copy) kept.push(face)
  }
  return kept
}

/**
 * 'person' for one face or more, 'people' for two, 'group photo' from groupMinFaces, each as sure
 * as the weakest face it needs (people: the second surest face); 'portrait' when one face is large
 * in the frame and no other comes near it in size.
 */
export function tagsFromFaces(faces: readonly FaceForTags[], options: Partial<FaceTagOptions> = {}): FaceTag[] {
  const o = { ...DEFAULT_FACE_TAG_OPTIONS, ...options }
  const distinct = distinctFaces(faces, o)
  const tags: FaceTag[] = []
  const first = distinct[0]
  if (!first) return tags
  tags.push({ label: 'person', score: first.score, kind: 'face' })
  const portrait = dominantFace(distinct, o)
  if (portrait) tags.push({ label: 'portrait', score: portrait.score, kind: 'face' })
  const second = distinct[1]
  if (second) tags.push({ label: 'people', score: second.score, kind: 'face' })
  const nth = distinct[o.groupMinFaces - 1]
  if (nth) tags.push({ label: 'group photo', score: nth.score, kind: 'face' })
  return tags
}

/** The face that makes the photo a portrait: large in frame, and every other face under a quarter of its size. */
export function dominantFace(faces: readonly FaceForTags[], options: Partial<FaceTagOptions> = {}): FaceForTags | undefined {
  const o = { ...DEFAULT_FACE_TAG_OPTIONS, ...options }
  const distinct = distinctFaces(faces, o)
  const largest = distinct.reduce<FaceForTags | undefined>((best, f) => (!best || area(f) > area(best) ? f : best), undefined)
  if (!largest || area(largest) < o.portraitMinArea) return undefined
  return distinct.every((f) => f === largest || area(f) < area(largest) / 4) ? largest : undefined
}

/**
 * The classifier tags kept beside the faces stage's: on a portrait, none of the person-misreads
 * (the catalog applies the same rule whichever stage finishes first, see saveTags/saveFaceTags).
 */
export function classifierTagsKept<T extends { personMisread?: boolean }>(classifierTags: readonly T[], faceTags: readonly { label: string }[]): T[] {
  const portrait = faceTags.some((t) => t.label === 'portrait')
  return portrait ? classifierTags.filter((t) => !t.personMisread) : [...classifierTags]
}
