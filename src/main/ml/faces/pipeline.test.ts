import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureFaceModelFiles } from './model-files'
import { loadFaceModels, releaseFaceModels, type FaceModels } from './models'
import { detectFaces, detectFacesDetailed, type Face } from './pipeline'
import { readLfwSubset, realPhoto } from './real-photos'
import { closeHeicDecoders } from '../../ingest/heic-decoder'
import { appRoot } from '../../platform/app-root'

/** realPhoto.astronaut as HEIC (heif-enc -q 60): HEVC, which sharp's libvips cannot decode. */
const ASTRONAUT_HEIC = join(appRoot(), 'test-data/heic/astronaut.heic')

let models: FaceModels

beforeAll(async () => {
  models = await loadFaceModels(await ensureFaceModelFiles(), { intraOpNumThreads: 1 })
}, 180_000)

afterAll(async () => {
  if (models) await releaseFaceModels(models)
  await closeHeicDecoders()
})

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * (b[i] as number), 0)

function expectUprightFace(face: Face): void {
  const [leftEye, rightEye, nose, mouthLeft, mouthRight] = face.landmarks5
  expect(leftEye[0]).toBeLessThan(rightEye[0])
  expect(Math.max(leftEye[1], rightEye[1])).toBeLessThan(nose[1])
  expect(nose[1]).toBeLessThan(Math.min(mouthLeft[1], mouthRight[1]) + 2)
  const [x, y, w, h] = face.box
  for (const [px, py] of face.landmarks5) {
    expect(px).toBeGreaterThan(x - w * 0.1)
    expect(px).toBeLessThan(x + w * 1.1)
    expect(py).toBeGreaterThan(y - h * 0.1)
    expect(py).toBeLessThan(y + h * 1.1)
  }
}

describe('detectFaces on real photos', () => {
  it('finds Eileen Collins in skimage astronaut.png with a unit 512-d embedding', async () => {
    const faces = await detectFaces(models, realPhoto.astronaut)
    expect(faces).toHaveLength(1)
    const face = faces[0] as Face
    // Her face spans roughly x 180-270, y 60-180 in the 512x512 photo.
    const [x, y, w, h] = face.box
    expect(x + w / 2).toBeGreaterThan(200)
    expect(x + w / 2).toBeLessThan(250)
    expect(y + h / 2).toBeGreaterThan(95)
    expect(y + h / 2).toBeLessThan(145)
    expectUprightFace(face)
    expect(face.embedding).toHaveLength(512)
    expect(Math.hypot(...face.embedding)).toBeCloseTo(1, 4)
    expect(face.modelId).toBe(models.modelId)
    expect(face.score).toBeGreaterThan(0.9)
    expect(face.quality.size).toBeGreaterThan(60)
    expect(face.quality.blur).toBeGreaterThan(50)
    expect(Math.abs(face.quality.yaw)).toBeLessThan(20)
  })

  it('rejects the cat in skimage chelsea.png (UltraFace alone scores it > 0.9)', async () => {
    const result = await detectFacesDetailed(models, realPhoto.chelsea)
    expect(result.faces).toHaveLength(0)
    expect(result.rejected.some((r) => r.score > 0.9)).toBe(true)
  })

  it('finds no face in a coffee cup or in the baboon', async () => {
    expect(await detectFaces(models, realPhoto.coffee)).toHaveLength(0)
    expect(await detectFaces(models, realPhoto.baboon)).toHaveLength(0)
  })

  it('finds the small (30 px) face in opencv messi5.jpg', async () => {
    const faces = await detectFaces(models, realPhoto.messi, { minFaceSize: 16 })
    expect(faces).toHaveLength(1)
    expectUprightFace(faces[0] as Face)
  })

  it('finds most of the 24 faces of the opencv landmark grid, each once', async () => {
    const faces = await detectFaces(models, realPhoto.faceGrid)
    expect(faces.length).toBeGreaterThanOrEqual(20)
    expect(faces.length).toBeLessThanOrEqual(24)
    for (const face of faces) expectUprightFace(face)
  })

  it('separates LFW faces from non-faces (skimage lfw_subset, 25x25 crops upscaled)', async () => {
    const { faces, nonFaces, size } = readLfwSubset()
    const found = async (grey: Buffer) => {
      // 25 px is below the detector's reach: show each crop at 100 px with a grey margin.
      const image = await sharp(grey, { raw: { width: size, height: size, channels: 1 } })
        .resize(size * 4, size * 4, { kernel: 'cubic' })
        .extend({ top: 30, bottom: 30, left: 30, right: 30, background: '#808080' })
        .png()
        .toBuffer()
      return (await detectFaces(models, image)).length > 0
    }
    let hits = 0
    for (const grey of faces) if (await found(grey)) hits++
    let falseHits = 0
    for (const grey of nonFaces) if (await found(grey)) falseHits++
    expect(hits).toBeGreaterThanOrEqual(85)
    expect(falseHits).toBeLessThanOrEqual(2)
  })

  it('applies EXIF orientation: boxes are in upright pixels and the embedding is unchanged', async () => {
    const upright = (await detectFaces(models, realPhoto.astronaut))[0] as Face
    // Orientation 6 = stored rotated 90deg counter-clockwise, shown rotated clockwise.
    const stored = await sharp(realPhoto.astronaut).rotate(-90).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer()
    const faces = await detectFaces(models, stored)
    expect(faces).toHaveLength(1)
    const face = faces[0] as Face
    const centre = (f: Face) => [f.box[0] + f.box[2] / 2, f.box[1] + f.box[3] / 2]
    const [ux, uy] = centre(upright) as [number, number]
    const [fx, fy] = centre(face) as [number, number]
    expect(Math.abs(fx - ux)).toBeLessThan(8)
    expect(Math.abs(fy - uy)).toBeLessThan(8)
    expect(cosine(face.embedding, upright.embedding)).toBeGreaterThan(0.9)
  })

  it('finds the same face in a HEIC (HEVC) copy of the photo as in the PNG', async () => {
    const fromPng = (await detectFaces(models, realPhoto.astronaut))[0] as Face
    const result = await detectFacesDetailed(models, ASTRONAUT_HEIC)
    expect(result).toMatchObject({ width: 512, height: 512 })
    expect(result.faces).toHaveLength(1)
    const face = result.faces[0] as Face
    // Lossy HEVC at q 60 moves the box by a few pixels at most.
    for (let i = 0; i < 4; i++) expect(Math.abs(face.box[i]! - fromPng.box[i]!)).toBeLessThan(6)
    expectUprightFace(face)
    expect(cosine(face.embedding, fromPng.embedding)).toBeGreaterThan(0.9)
  })

  it('tiles large photos so a small face is found that the whole-image pass misses', async () => {
    // The real astronaut photo shrunk so her face is ~60 px, inside a 4000x3000 frame.
    const small = await sharp(realPhoto.astronaut).resize(358).png().toBuffer()
    const frame = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#7a8a7a' } })
      .composite([{ input: small, left: 2800, top: 600 }])
      .jpeg({ quality: 92 })
      .toBuffer()
    const withoutTiles = await detectFaces(models, frame, { maxTileSide: Number.POSITIVE_INFINITY })
    expect(withoutTiles).toHaveLength(0)
    const withTiles = await detectFaces(models, frame)
    expect(withTiles).toHaveLength(1)
    // Her face centre in the 512 px original is near (226, 119); scaled by 0.7 and offset.
    const [x, y, w, h] = (withTiles[0] as Face).box
    expect(Math.abs(x + w / 2 - (2800 + 226 * 0.7))).toBeLessThan(15)
    expect(Math.abs(y + h / 2 - (600 + 119 * 0.7))).toBeLessThan(15)
  })

  it('embeds a big face of a 12 MP photo (cropped from the smaller levels) like the original photo', async () => {
    const reference = (await detectFaces(models, realPhoto.astronaut))[0] as Face
    // The astronaut photo enlarged to 3000 px inside a 4000x3000 frame: her face is ~500 px wide.
    const big = await sharp(realPhoto.astronaut)
      .resize(3000, 3000, { kernel: 'lanczos3' })
      .extend({ right: 1000, background: '#7a8a7a' })
      .jpeg({ quality: 92 })
      .toBuffer()
    const faces = await detectFaces(models, big)
    expect(faces).toHaveLength(1)
    const face = faces[0] as Face
    const [x, y, w, h] = face.box
    expect(Math.abs(x + w / 2 - (reference.box[0] + reference.box[2] / 2) * (3000 / 512))).toBeLessThan(40)
    expect(Math.abs(y + h / 2 - (reference.box[1] + reference.box[3] / 2) * (3000 / 512))).toBeLessThan(40)
    expectUprightFace(face)
    expect(cosine(face.embedding, reference.embedding)).toBeGreaterThan(0.95)
  })

  it('gives the same person close embeddings and different people distant ones', async () => {
    const collins = (await detectFaces(models, realPhoto.astronaut))[0] as Face
    const mirrored = (await detectFaces(models, await sharp(realPhoto.astronaut).flop().png().toBuffer()))[0] as Face
    const grid = await detectFaces(models, realPhoto.faceGrid)
    expect(cosine(collins.embedding, mirrored.embedding)).toBeGreaterThan(0.7)
    for (const other of grid) expect(cosine(collins.embedding, other.embedding)).toBeLessThan(0.5)
  })

  it('fails clearly on bad input', async () => {
    await expect(detectFaces(models, '/nonexistent/photo.jpg')).rejects.toThrow(/Cannot read image/)
    await expect(detectFaces(models, Buffer.from('not an image'))).rejects.toThrow(/Cannot read image/)
  })
})
