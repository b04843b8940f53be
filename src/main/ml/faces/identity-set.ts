import sharp, { type Sharp } from 'sharp'
import type { FaceModels } from './models'
import { detectFaces, type Face } from './pipeline'
import {
  AUGMENTED_IDENTITIES,
  DISTINCT_FACE_SOURCES,
  MULTI_SHOT_IDENTITIES,
  type IdentitySource,
} from './real-photos'

/** A detected face with its ground-truth person, for measuring clustering on real photos. */
export interface LabelledFace {
  id: string
  assetId: string
  identity: string
  /** Source file plus variant name, for reports. */
  origin: string
  /** real-shot: one of several real images of the person; augmented: a synthetic variant; distractor: a grid face. */
  kind: 'real-shot' | 'augmented' | 'distractor'
  face: Face
}

export interface LabelledFaceSet {
  faces: LabelledFace[]
  /** Labelled faces the detector did not find (file + variant). */
  missed: string[]
}

type Point = readonly [number, number]

/** An augmented image and where a point of the context crop lands in it. */
interface Augmented {
  image: Sharp
  mapPoint(point: Point): Point
}

const unchanged = (point: Point): Point => point

/**
 * Synthetic "other shots" of one real face, applied to a context crop around it. They imitate what
 * differs between real photos of a person (framing, mirror, exposure, compression, resolution,
 * head tilt); they are augmentations, not new photographs, and reports must say so. Each also maps
 * points into its output, so the variant's face is found by position: the context crop can hold a
 * neighbour's face too, and "the largest face" was sometimes the neighbour.
 */
export const AUGMENTATIONS: Record<string, (image: Sharp, faceBox: Face['box'], size: { width: number; height: number }) => Augmented> = {
  mirror: (image, _box, size) => ({ image: image.flop(), mapPoint: ([x, y]) => [size.width - x, y] }),
  'tight-offset-crop': (image, [x, y, w, h], size) => {
    const side = Math.round(Math.max(w, h) * 1.5)
    const left = Math.max(0, Math.min(size.width - side, Math.round(x + w * 0.6 - side / 2)))
    const top = Math.max(0, Math.min(size.height - side, Math.round(y + h * 0.45 - side / 2)))
    return {
      image: image.extract({ left, top, width: Math.min(side, size.width - left), height: Math.min(side, size.height - top) }),
      mapPoint: ([px, py]) => [px - left, py - top],
    }
  },
  darker: (image) => ({ image: image.linear(0.5, 0), mapPoint: unchanged }),
  'brighter-contrast': (image) => ({ image: image.linear(1.35, -20), mapPoint: unchanged }),
  'jpeg-quality-12': (image) => ({ image: image.jpeg({ quality: 12 }), mapPoint: unchanged }),
  'low-resolution': (image, [, , w], size) => {
    // Face about 40 px wide, like a person in the background of a group photo.
    const scale = Math.min(1, 40 / Math.max(1, w))
    const width = Math.max(16, Math.round(size.width * scale))
    const actual = width / size.width
    return { image: image.resize(width), mapPoint: ([x, y]) => [x * actual, y * actual] }
  },
  'tilted-12deg': (image, _box, size) => {
    // sharp turns clockwise about the centre and grows the canvas to the rotated bounds.
    const angle = (12 * Math.PI) / 180
    const cos = Math.cos(angle)
    const sin = Math.sin(angle)
    const outWidth = size.width * cos + size.height * sin
    const outHeight = size.width * sin + size.height * cos
    return {
      image: image.rotate(12, { background: '#808080' }),
      mapPoint: ([x, y]) => {
        const dx = x - size.width / 2
        const dy = y - size.height / 2
        return [dx * cos - dy * sin + outWidth / 2, dx * sin + dy * cos + outHeight / 2]
      },
    }
  },
}

function pick(faces: Face[], at: Point | undefined): Face | undefined {
  if (at) {
    return faces.find(({ box: [x, y, w, h] }) => at[0] >= x && at[0] <= x + w && at[1] >= y && at[1] <= y + h)
  }
  return [...faces].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0]
}

const base = (file: string) => file.split('/').pop() ?? file

/** Runs the real pipeline over the labelled sources and returns the faces with their labels. */
export async function buildLabelledFaceSet(models: FaceModels, options: { augment?: boolean } = {}): Promise<LabelledFaceSet> {
  const faces: LabelledFace[] = []
  const missed: string[] = []
  const cache = new Map<string, Face[]>()
  const detect = async (file: string) => {
    let found = cache.get(file)
    if (!found) {
      found = await detectFaces(models, file)
      cache.set(file, found)
    }
    return found
  }

  const add = (source: IdentitySource, face: Face, variant: string, assetId: string, kind: LabelledFace['kind']) => {
    faces.push({ id: `${faces.length}`, assetId, identity: source.identity, origin: `${base(source.file)}:${variant}`, kind, face })
  }

  for (const source of [...MULTI_SHOT_IDENTITIES, ...AUGMENTED_IDENTITIES]) {
    const face = pick(await detect(source.file), source.at)
    const assetId = source.collage ? `${source.file}#${source.at?.join(',')}` : source.file
    if (!face) {
      missed.push(`${base(source.file)}:original`)
      continue
    }
    add(source, face, 'original', assetId, source.augment ? 'augmented' : 'real-shot')
    if (!source.augment || options.augment === false) continue

    // Variants are made from a context crop (3x the face) so each holds this one face.
    const [x, y, w, h] = face.box
    const meta = await sharp(source.file).rotate().metadata()
    const width = meta.autoOrient?.width ?? meta.width
    const height = meta.autoOrient?.height ?? meta.height
    const side = Math.max(w, h) * 3
    const left = Math.max(0, Math.round(x + w / 2 - side / 2))
    const top = Math.max(0, Math.round(y + h / 2 - side / 2))
    const region = { left, top, width: Math.min(width - left, Math.round(side)), height: Math.min(height - top, Math.round(side)) }
    const context = await sharp(source.file).rotate().extract(region).png().toBuffer()
    const boxInContext: Face['box'] = [x - left, y - top, w, h]
    for (const [variant, apply] of Object.entries(AUGMENTATIONS)) {
      const augmented = apply(sharp(context), boxInContext, { width: region.width, height: region.height })
      const image = variant === 'jpeg-quality-12' ? augmented.image : augmented.image.png()
      const bytes = await image.toBuffer()
      const centre = augmented.mapPoint([boxInContext[0] + w / 2, boxInContext[1] + h / 2])
      const found = pick(await detectFaces(models, bytes), centre)
      if (found) add(source, found, variant, `${source.file}@${variant}`, 'augmented')
      else missed.push(`${base(source.file)}:${variant}`)
    }
  }

  for (const source of DISTINCT_FACE_SOURCES) {
    const found = await detect(source.file)
    found.forEach((face, i) => {
      const named = source.sameAs?.find((s) => pick([face], s.at))
      const identity = named?.identity ?? `${source.prefix}-${i}`
      faces.push({ id: `${faces.length}`, assetId: source.file, identity, origin: `${base(source.file)}:face${i}`, kind: named ? 'real-shot' : 'distractor', face })
    })
  }
  return { faces, missed }
}
