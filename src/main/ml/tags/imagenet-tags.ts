// ImageNet class probabilities -> searchable tags: the classes the classifier is sure enough of
// ("Egyptian cat") plus their WordNet ancestors ("cat", "feline", "animal"), from the compact table
// built by scripts/build-wordnet-tags.ts.
import { readFileSync } from 'node:fs'
import type { ClassifierTag } from '../worker/protocol'

export interface HypernymTable {
  classes: { wnid: string; names: string[]; ancestors: number[] }[]
  synsets: { wnid: string; label: string; names: string[] }[]
}

export function loadHypernymTable(file: string): HypernymTable {
  const table = JSON.parse(readFileSync(file, 'utf8')) as HypernymTable
  if (!Array.isArray(table.classes) || table.classes.length !== 1000 || !Array.isArray(table.synsets)) {
    throw new Error(`${file} is not an ImageNet hypernym table (expected 1000 classes)`)
  }
  return table
}

export interface TagOptions {
  /** Most class labels kept. */
  maxLabels: number
  /**
   * A class must reach this probability to be shown or indexed at all, and only classes that reach
   * it lend confidence to broader words. Calibrated on labelled real photos (see calibration.test.ts).
   */
  minLabelScore: number
  maxTags: number
}

export const DEFAULT_TAG_OPTIONS: TagOptions = {
  maxLabels: 5,
  // On 41 labelled real photos (labelled-photos.json) the classes at 0.5 or more were right 11 times
  // in 14 (faces aside), those between 0.4 and 0.5 once in 5, those below 0.4 about one time in
  // seven. Below 0.5 a shown class is more often wrong than right. Above it at most one class passes.
  minLabelScore: 0.5,
  maxTags: 24,
}

export function softmax(logits: ArrayLike<number>, from = 0, count = logits.length): Float32Array {
  const out = new Float32Array(count)
  let max = -Infinity
  for (let i = 0; i < count; i++) max = Math.max(max, logits[from + i]!)
  let sum = 0
  for (let i = 0; i < count; i++) {
    const e = Math.exp(logits[from + i]! - max)
    out[i] = e
    sum += e
  }
  for (let i = 0; i < count; i++) out[i]! /= sum
  return out
}

/**
 * Tags of one photo: the classes at or above minLabelScore, and the WordNet ancestors of those
 * classes only. An ancestor's score is the sum of the probabilities of the shown classes below it:
 * ImageNet classes are exclusive, so two likely cat breeds make "cat" surer than either (a max would
 * not), and a broader word is never surer than the shown classes that imply it. The mass of classes
 * below the threshold lends nothing: a hundred faint instrument classes used to add up to "musical
 * instrument" on a portrait.
 */
export function tagsFromProbabilities(
  probs: Float32Array,
  labels: readonly string[],
  table: HypernymTable,
  options: Partial<TagOptions> = NO_OPTIONS,
): ClassifierTag[] {
  const o = options === NO_OPTIONS ? DEFAULT_TAG_OPTIONS : { ...DEFAULT_TAG_OPTIONS, ...options }
  const shown: number[] = []
  for (let i = 0; i < probs.length; i++) if (probs[i]! >= o.minLabelScore) shown.push(i)
  shown.sort((a, b) => probs[b]! - probs[a]!)
  shown.length = Math.min(shown.length, o.maxLabels)

  // Ancestor synset -> summed probability and its nearest distance to a shown class (ties in score
  // list the nearer, more specific word first).
  const ancestors = new Map<number, { score: number; distance: number; misread: boolean }>()
  const tags: (ClassifierTag & { distance: number; misread: boolean })[] = []
  const misreads = personMisreadClasses(table, labels)
  for (const i of shown) {
    const p = probs[i]!
    const misread = misreads[i] === 1
    tags.push({ label: labels[i] ?? table.classes[i]?.names[0] ?? `class ${i}`, score: p, kind: 'label', distance: 0, misread })
    const chain = table.classes[i]?.ancestors ?? []
    for (let k = 0; k + 1 < chain.length; k += 2) {
      const synset = chain[k]!
      const distance = chain[k + 1]!
      const prev = ancestors.get(synset)
      ancestors.set(synset, {
        score: (prev?.score ?? 0) + p,
        distance: Math.min(prev?.distance ?? distance, distance),
        misread: (prev?.misread ?? true) && misread,
      })
    }
  }
  const seen = new Set(tags.map((t) => t.label.toLowerCase()))
  for (const [synset, { score, distance, misread }] of ancestors) {
    const label = table.synsets[synset]?.label
    // A class and its ancestor can share a word ("coffee"); the class, what was seen, keeps it.
    if (!label || seen.has(label.toLowerCase())) continue
    seen.add(label.toLowerCase())
    tags.push({ label, score: Math.min(1, score), kind: 'hypernym', distance, misread })
  }
  return tags
    .sort((a, b) => b.score - a.score || a.distance - b.distance)
    .slice(0, o.maxTags)
    .map(({ label, score, kind, misread }) => (misread ? { label, score, kind, personMisread: true } : { label, score, kind }))
}

const NO_OPTIONS: Partial<TagOptions> = {}

/**
 * ImageNet has no person class, so on a photo of a person the classifier names what the person
 * wears or has on the face (Band-Aid at 0.89 on a selfie, mask, wig, lipstick, bow tie, bridegroom).
 * Classes below these WordNet nouns are those person-misreads; the faces stage hides their tags on
 * a portrait (see catalog saveFaceTags).
 */
const PERSON_MISREAD_ANCESTORS = new Set(['clothing', 'toiletry', 'person', 'jewelry', 'spectacles', 'bandage', 'brace'])
/** Misreads that sit elsewhere in WordNet (a lens, a hood). */
const PERSON_MISREAD_CLASSES = new Set(['sunglass', 'ski mask'])
const misreadCache = new WeakMap<HypernymTable, Uint8Array>()

export function personMisreadClasses(table: HypernymTable, labels: readonly string[]): Uint8Array {
  let flags = misreadCache.get(table)
  if (flags) return flags
  flags = new Uint8Array(table.classes.length)
  table.classes.forEach((c, i) => {
    let misread = PERSON_MISREAD_CLASSES.has((labels[i] ?? '').toLowerCase())
    for (let k = 0; !misread && k < c.ancestors.length; k += 2) misread = PERSON_MISREAD_ANCESTORS.has(table.synsets[c.ancestors[k]!]?.label ?? '')
    flags[i] = misread ? 1 : 0
  })
  misreadCache.set(table, flags)
  return flags
}

/** Scales a vector to unit length in place (cosine similarity becomes a dot product). */
export function l2Normalize(v: Float32Array): Float32Array {
  // Indexed loops: for...of over a typed array measured ~4x slower here (per photo in the worker).
  let sum = 0
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!
  const norm = Math.sqrt(sum)
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm
  return v
}
