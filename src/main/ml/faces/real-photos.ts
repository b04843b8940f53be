import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { OPENCV_DATA, OPENCV_HTML, SKIMAGE_DATA } from '../../testing/test-data'

/**
 * Real photos with faces, committed in test-data/ (see test-data/SOURCES.md): python3-skimage's data
 * folder and opencv-doc's examples and HTML tutorial images.
 */
export { OPENCV_DATA, OPENCV_HTML, SKIMAGE_DATA }

export const realPhoto = {
  astronaut: path.join(SKIMAGE_DATA, 'astronaut.png'),
  chelsea: path.join(SKIMAGE_DATA, 'chelsea.png'),
  coffee: path.join(SKIMAGE_DATA, 'coffee.png'),
  camera: path.join(SKIMAGE_DATA, 'camera.png'),
  lfwSubset: path.join(SKIMAGE_DATA, 'lfw_subset.npy'),
  messi: path.join(OPENCV_DATA, 'messi5.jpg'),
  baboon: path.join(OPENCV_DATA, 'baboon.jpg'),
  /** A grid of 24 landmark-annotated faces of different people. */
  faceGrid: path.join(OPENCV_HTML, '2.jpg'),
} as const

export function realPhotosAvailable(): boolean {
  return Object.values(realPhoto).every((file) => existsSync(file))
}

/**
 * skimage's lfw_subset.npy: 200 grey 25x25 crops, the first 100 faces from Labeled Faces in the
 * Wild, the last 100 non-faces. Returned as 8-bit grey pixels. Reads the .npy v1 header itself
 * (float64, C order) since it is the only numpy file we need.
 */
export function readLfwSubset(file: string = realPhoto.lfwSubset): { faces: Buffer[]; nonFaces: Buffer[]; size: number } {
  const bytes = readFileSync(file)
  if (bytes.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${file} is not a .npy file`)
  const headerLength = bytes.readUInt16LE(8)
  const header = bytes.toString('latin1', 10, 10 + headerLength)
  if (!header.includes("'<f8'") || !header.includes('(200, 25, 25)')) throw new Error(`Unexpected lfw_subset header: ${header}`)
  const values = new Float64Array(bytes.buffer.slice(bytes.byteOffset + 10 + headerLength, bytes.byteOffset + 10 + headerLength + 200 * 625 * 8))
  const images: Buffer[] = []
  for (let i = 0; i < 200; i++) {
    const grey = Buffer.alloc(625)
    for (let j = 0; j < 625; j++) grey[j] = Math.round(Math.min(1, Math.max(0, values[i * 625 + j] as number)) * 255)
    images.push(grey)
  }
  return { faces: images.slice(0, 100), nonFaces: images.slice(100), size: 25 }
}

/** Where one labelled face sits: the detected face whose box contains this point. */
export type FaceAt = [number, number]

export interface IdentitySource {
  file: string
  /** Person label; faces of one label are the same real person. */
  identity: string
  /** Which face of the image (box-centre point); omitted = the only/largest face. */
  at?: FaceAt
  /**
   * Documentation collages put several shots of one person side by side in one file; each
   * labelled face then counts as its own asset so the same-photo rule does not apply to it.
   */
  collage?: boolean
  /** Also add the synthetic variants from `AUGMENTATIONS` (different "shots" of this face). */
  augment?: boolean
}

/** Files whose every face is a different person (unless listed in `sameAs`). */
export interface DistinctFacesSource {
  file: string
  prefix: string
  /** Faces in this file that are people labelled elsewhere. */
  sameAs?: { at: FaceAt; identity: string }[]
}

const html = (f: string) => path.join(OPENCV_HTML, f)
const data = (f: string) => path.join(OPENCV_DATA, f)

/**
 * Same person in several real images. Messi appears in two different real photos (Barcelona
 * kit: messi5/roi/messipyr/grabcut; Argentina kit: inpaint_result); the Yale subject under
 * different lighting; the basketball player in two video frames; Lena in differently processed
 * copies of one photo; the inpainting example's man and woman (damaged and restored copies).
 */
export const MULTI_SHOT_IDENTITIES: IdentitySource[] = [
  { file: data('messi5.jpg'), identity: 'messi' },
  { file: html('roi.jpg'), identity: 'messi' },
  { file: html('messipyr.jpg'), identity: 'messi' },
  { file: html('grabcut_rect.jpg'), identity: 'messi' },
  { file: html('inpaint_result.jpg'), identity: 'messi', at: [313, 234], collage: true },
  { file: html('inpaint_result.jpg'), identity: 'messi', at: [89, 235], collage: true },
  { file: html('inpaint_result.jpg'), identity: 'messi', at: [89, 66], collage: true },
  { file: html('lbp_yale.jpg'), identity: 'yale-subject', at: [83, 102], collage: true },
  { file: html('lbp_yale.jpg'), identity: 'yale-subject', at: [411, 91], collage: true },
  { file: html('lbp_yale.jpg'), identity: 'yale-subject', at: [249, 97], collage: true },
  { file: html('example.jpg'), identity: 'facemark-man', at: [195, 328], collage: true },
  { file: html('example.jpg'), identity: 'facemark-man', at: [961, 345], collage: true },
  { file: html('example.jpg'), identity: 'facemark-man', at: [580, 342], collage: true },
  { file: data('basketball1.png'), identity: 'basketball-player' },
  { file: data('basketball2.png'), identity: 'basketball-player' },
  { file: html('Adding_Trackbars_Tutorial_Result_1.jpg'), identity: 'lena' },
  { file: html('Basic_Linear_Transform_Tutorial_Result_big.jpg'), identity: 'lena', at: [111, 123] },
  { file: html('GCC_CMake_Example_Tutorial.jpg'), identity: 'lena' },
  { file: html('Smoothing_Tutorial_Result_Median_Filter.jpg'), identity: 'lena' },
  { file: html('Sobel_Derivatives_Tutorial_Theory_0.jpg'), identity: 'lena' },
  { file: html('blurred.png'), identity: 'lena' },
  { file: html('faceDetection.png'), identity: 'lena' },
  { file: html('resimg.jpg'), identity: 'lena' },
  { file: html('inpaint_basics.jpg'), identity: 'inpaint-man', at: [154, 43], collage: true },
  { file: html('inpaint_basics.jpg'), identity: 'inpaint-man', at: [381, 43], collage: true },
  { file: html('inpaint_basics.jpg'), identity: 'inpaint-woman', at: [302, 113], collage: true },
  { file: html('inpaint_basics.jpg'), identity: 'inpaint-woman', at: [76, 113], collage: true },
  { file: html('facereg.jpg'), identity: 'facereg-glasses', at: [149, 45] },
  { file: html('facereg.jpg'), identity: 'facereg-brunette', at: [49, 46] },
  { file: html('facereg.jpg'), identity: 'facereg-obama', at: [150, 141] },
  { file: html('facereg.jpg'), identity: 'facereg-smile', at: [50, 147] },
]

/**
 * One real photo each; these get augmented variants to act as several shots of one person.
 * (face_swapped.jpg is left out on purpose: it pastes 230501201_1's face onto 227943776_1, so its
 * identity is ambiguous; the clustering did merge it with 230501201_1.)
 */
export const AUGMENTED_IDENTITIES: IdentitySource[] = [
  { file: realPhoto.astronaut, identity: 'eileen-collins', augment: true },
  { file: realPhoto.camera, identity: 'cameraman', augment: true },
  { file: html('227943776_1.jpg'), identity: 'bearded-man', augment: true },
  { file: html('230501201_1.jpg'), identity: 'goatee-man', augment: true },
  { file: html('05.jpg'), identity: 'actress-05', at: [238, 267], augment: true },
  { file: html('06.jpg'), identity: 'actress-06', augment: true },
  { file: html('12.jpg'), identity: 'actress-12', at: [295, 194], augment: true },
  { file: html('ab.jpg'), identity: 'ab-woman', augment: true },
  { file: html('ab-1.jpg'), identity: 'ab-man', augment: true },
]

/** Grids of many different people: each face is its own identity (distractors). */
export const DISTINCT_FACE_SOURCES: DistinctFacesSource[] = [
  { file: html('2.jpg'), prefix: 'grid2' },
  { file: html('3.jpg'), prefix: 'grid3' },
  {
    file: html('d.png'),
    prefix: 'gridd',
    // Two faces of this grid are the same photos as two facereg.jpg faces, at lower resolution.
    sameAs: [
      { at: [290, 18], identity: 'facereg-glasses' },
      { at: [246, 19], identity: 'facereg-brunette' },
    ],
  },
]
