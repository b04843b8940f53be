import { describe, expect, it } from 'vitest'
import { CLASSIFIER_THEME_PARAMS, findThemes, groupLabels, LabelMeans, lookalikes, nameTheme, type LabelledPhoto } from './discover'

// Seeded, so a failure can be replayed.
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}
const DIM = 64
const random = rng(7)
const randomVector = () => Float32Array.from({ length: DIM }, () => random() * 2 - 1)
/** A photo of a subject: its direction plus a little of everything else. */
const near = (base: Float32Array, spread = 0.25) => Float32Array.from(base, (x) => x + (random() * 2 - 1) * spread)

interface Synthetic {
  photos: LabelledPhoto[]
  vectors: Map<number, Float32Array>
}

function library(): Synthetic {
  const beach = randomVector()
  const snow = randomVector()
  const photos: LabelledPhoto[] = []
  const vectors = new Map<number, Float32Array>()
  let id = 1
  const add = (eventId: number, label: string, vector: Float32Array, score = 0.8) => {
    photos.push({ id, eventId, labels: [{ label, score }] })
    vectors.set(id++, vector)
  }
  // The beach in three events: the classifier says "seashore" on some, "sandbar" on others.
  for (let i = 0; i < 3; i++) add(1, 'seashore', near(beach))
  for (let i = 0; i < 2; i++) add(2, 'sandbar', near(beach), 0.6 + i / 10)
  for (let i = 0; i < 2; i++) add(3, 'seashore', near(beach), 0.9)
  // Snow on one trip only: many photos, one event.
  for (let i = 0; i < 6; i++) add(4, 'alp', near(snow))
  // Noise: one photo of something else in each event, each its own thing.
  for (const [eventId, label] of [[1, 'pizza'], [2, 'tabby'], [3, 'umbrella'], [4, 'golf ball'], [5, 'acoustic guitar'], [6, 'mailbox']] as const) add(eventId, label, randomVector())
  return { photos, vectors }
}

function means(s: Synthetic): Map<string, Float32Array> {
  const m = new LabelMeans()
  for (const p of s.photos) m.add(p.labels.map((l) => l.label), s.vectors.get(p.id)!)
  return m.means()
}

describe('themes from labels and vectors', () => {
  it('finds the beach across three events, under both its labels', () => {
    const s = library()
    const themes = findThemes(s.photos, means(s), CLASSIFIER_THEME_PARAMS)
    expect(themes).toHaveLength(1)
    expect(themes[0]!.labels).toEqual(['sandbar', 'seashore'])
    expect(themes[0]!.events).toEqual([1, 2, 3])
    expect(themes[0]!.members.map((m) => m.id).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7])
    // Surest first: the cover is one of event 3's photos at 0.9.
    expect(themes[0]!.members[0]!.score).toBe(0.9)
  })

  it('makes no theme of noise, nor of one event however many photos it has', () => {
    const s = library()
    const themes = findThemes(s.photos, means(s), CLASSIFIER_THEME_PARAMS)
    const labels = themes.flatMap((t) => t.labels)
    for (const label of ['alp', 'pizza', 'tabby', 'umbrella', 'golf ball', 'acoustic guitar', 'mailbox']) expect(labels).not.toContain(label)
    // Only noise: nothing.
    const noise = s.photos.filter((p) => p.labels[0]!.label !== 'seashore' && p.labels[0]!.label !== 'sandbar')
    expect(findThemes(noise, means({ photos: noise, vectors: s.vectors }), CLASSIFIER_THEME_PARAMS)).toEqual([])
  })

  it('one label across events is a theme even when nothing looks like it', () => {
    // Two events of dogs whose vectors are missing (an index being rebuilt): the label alone says it.
    const photos: LabelledPhoto[] = [1, 2, 3].map((id) => ({ id, eventId: id, labels: [{ label: 'golden retriever', score: 0.7 }] }))
    expect(findThemes(photos, new Map(), CLASSIFIER_THEME_PARAMS).map((t) => t.labels)).toEqual([['golden retriever']])
  })

  it('does not chain unlike subjects through one in between (average linkage)', () => {
    // a ~ b and b ~ c, but a and c are unlike: single linkage would make one subject of the three.
    const a = randomVector()
    const c = randomVector()
    const b = Float32Array.from(a, (x, i) => x + c[i]!)
    const groups = groupLabels(
      new Map([
        ['a', a],
        ['b', b],
        ['c', c],
      ]),
      ['a', 'b', 'c'],
      0.7,
    )
    expect(groups.length).toBeGreaterThan(1)
    expect(groups.some((g) => g.includes('a') && g.includes('c'))).toBe(false)
  })

  it('lets unlabelled photos of the same scene join, not the others', () => {
    const beach = randomVector()
    const themePhotos = [{ id: 1, vector: near(beach, 0.1) }]
    const joined = lookalikes(themePhotos, [{ id: 2, vector: near(beach, 0.1) }, { id: 3, vector: randomVector() }], 0.7)
    expect(joined.map((j) => j.id)).toEqual([2])
  })

  it('names a theme by its most telling tag, not the broad words every photo has', () => {
    // 10 dog photos (two breeds) in a library of 100 tagged photos, 40 of them animals.
    const counts = [
      { label: 'golden retriever', photos: 6, scoreSum: 4.2 },
      { label: 'Labrador retriever', photos: 4, scoreSum: 2.8 },
      { label: 'dog', photos: 10, scoreSum: 7 },
      { label: 'animal', photos: 10, scoreSum: 7 },
      { label: 'whole', photos: 10, scoreSum: 7 },
    ]
    const frequency = new Map([
      ['golden retriever', 6],
      ['Labrador retriever', 4],
      ['dog', 10],
      ['animal', 40],
      ['whole', 100],
    ])
    const tags = nameTheme(counts, 10, frequency, 100)
    expect(tags[0]).toBe('dog')
    expect(tags).toEqual(['dog', 'golden retriever', 'animal', 'whole'])
    // Labrador is on fewer than half of the theme's photos: not one of its tags.
    expect(tags).not.toContain('Labrador retriever')
  })

  it('names a theme by the class itself when its broader words are as frequent', () => {
    const counts = [
      { label: 'animal', photos: 4, scoreSum: 3.6 },
      { label: 'baboon', photos: 4, scoreSum: 3.6, isClass: true },
      { label: 'monkey', photos: 4, scoreSum: 3.6 },
    ]
    const frequency = new Map([
      ['animal', 4],
      ['baboon', 4],
      ['monkey', 4],
    ])
    expect(nameTheme(counts, 4, frequency, 5)).toEqual(['baboon', 'animal', 'monkey'])
  })
})
