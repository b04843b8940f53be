import { describe, expect, it } from 'vitest'
import { classifierTagsKept, dominantFace, tagsFromFaces, type FaceForTags } from './face-tags'

const face = (x: number, y: number, w: number, h: number, score = 0.99, embedding?: number[]): FaceForTags => ({
  box: [x, y, w, h],
  score,
  ...(embedding ? { embedding: unit(embedding) } : {}),
})
function unit(v: number[]): Float32Array {
  const n = Math.hypot(...v)
  return Float32Array.from(v, (x) => x / n)
}
const words = (faces: FaceForTags[]) => tagsFromFaces(faces).map((t) => t.label)

describe('tags from faces', () => {
  it('no face, no tag', () => {
    expect(tagsFromFaces([])).toEqual([])
  })

  it('one large face: a person and a portrait, as sure as the detector', () => {
    expect(tagsFromFaces([face(0.3, 0.2, 0.4, 0.4, 0.97)])).toEqual([
      { label: 'person', score: 0.97, kind: 'face' },
      { label: 'portrait', score: 0.97, kind: 'face' },
    ])
  })

  it('one small face: a person, no portrait', () => {
    expect(words([face(0.5, 0.5, 0.1, 0.1)])).toEqual(['person'])
  })

  it('two faces: people (as sure as the second face); three: a group photo', () => {
    const two = tagsFromFaces([face(0.1, 0.1, 0.05, 0.05, 0.99), face(0.5, 0.1, 0.05, 0.05, 0.8)])
    expect(two).toEqual([
      { label: 'person', score: 0.99, kind: 'face' },
      { label: 'people', score: 0.8, kind: 'face' },
    ])
    expect(words([face(0.1, 0.1, 0.05, 0.05), face(0.4, 0.1, 0.05, 0.05), face(0.7, 0.1, 0.05, 0.05)])).toEqual(['person', 'people', 'group photo'])
  })

  it('a large face with small ones behind it is still a portrait; two large ones are not', () => {
    expect(words([face(0.2, 0.2, 0.4, 0.4), face(0.8, 0.1, 0.05, 0.05)])).toEqual(['person', 'portrait', 'people'])
    expect(words([face(0.1, 0.2, 0.3, 0.3), face(0.6, 0.2, 0.3, 0.3)])).toEqual(['person', 'people'])
  })

  it('copies of one face (a collage of one person) count once', () => {
    const copies = [face(0, 0.1, 0.3, 0.6, 0.99, [1, 0.1, 0]), face(0.35, 0.1, 0.3, 0.6, 0.98, [1, 0.12, 0.01]), face(0.7, 0.1, 0.3, 0.6, 0.97, [1, 0.09, 0])]
    expect(words(copies)).toEqual(['person', 'portrait'])
    const others = [face(0, 0.1, 0.3, 0.6, 0.99, [1, 0, 0]), face(0.35, 0.1, 0.3, 0.6, 0.98, [0, 1, 0])]
    expect(words(others)).toEqual(['person', 'people'])
  })

  it('keeps no person-misread classifier tag on a portrait, and all of them otherwise', () => {
    const classifier = [
      { label: 'Band-Aid', score: 0.89, kind: 'label' as const, personMisread: true as const },
      { label: 'bandage', score: 0.89, kind: 'hypernym' as const, personMisread: true as const },
      { label: 'espresso', score: 0.6, kind: 'label' as const },
    ]
    const portrait = tagsFromFaces([face(0.3, 0.2, 0.4, 0.4)])
    expect(dominantFace([face(0.3, 0.2, 0.4, 0.4)])).toBeDefined()
    expect(classifierTagsKept(classifier, portrait).map((t) => t.label)).toEqual(['espresso'])
    expect(classifierTagsKept(classifier, tagsFromFaces([face(0.5, 0.5, 0.05, 0.05)])).map((t) => t.label)).toEqual(['Band-Aid', 'bandage', 'espresso'])
  })
})
