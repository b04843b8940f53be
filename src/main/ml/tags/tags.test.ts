import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT, sharedModelsDir } from '../testing/models-dir'
import { DEFAULT_TAG_OPTIONS, loadHypernymTable, personMisreadClasses, softmax, tagsFromProbabilities } from './imagenet-tags'
import { matchTagQuery, singular } from './tag-query'

const TABLE_FILE = path.join(REPO_ROOT, 'resources', 'models', 'imagenet-hypernyms.json')
const table = loadHypernymTable(TABLE_FILE)
const labels = JSON.parse(
  readFileSync(path.join(sharedModelsDir(), 'mobilenetv2-12-int8', 'imagenet-simple-labels.json'), 'utf8'),
) as string[]

/** Class index by its simple label ("Egyptian Mau"). */
const classOf = (label: string) => {
  const i = labels.indexOf(label)
  if (i < 0) throw new Error(`no class ${label}`)
  return i
}
const ancestorsOf = (label: string) => {
  const a = table.classes[classOf(label)]?.ancestors ?? []
  return a.filter((_, k) => k % 2 === 0).map((s) => table.synsets[s]?.label)
}
function probsOf(probsByLabel: Record<string, number>): Float32Array {
  const probs = new Float32Array(1000)
  for (const [label, p] of Object.entries(probsByLabel)) probs[classOf(label)] = p
  return probs
}
/** Tags of a photo the classifier saw as these classes with these probabilities. */
const tagsFor = (probsByLabel: Record<string, number>) => tagsFromProbabilities(probsOf(probsByLabel), labels, table)

describe('ImageNet hypernym table', () => {
  it('is small and maps the standard ImageNet wnids', () => {
    expect(statSync(TABLE_FILE).size).toBeLessThan(300_000)
    expect(table.classes[0]?.wnid).toBe('n01440764') // tench
    expect(table.classes[classOf('Siamese cat')]?.wnid).toBe('n02123597')
    expect(table.classes[999]?.wnid).toBe('n15075141') // toilet tissue
  })

  it('walks from a class up to its general nouns', () => {
    expect(ancestorsOf('Egyptian Mau')).toEqual(expect.arrayContaining(['cat', 'feline', 'carnivore', 'mammal', 'animal']))
    expect(ancestorsOf('espresso')).toEqual(expect.arrayContaining(['coffee', 'beverage']))
    expect(ancestorsOf('Granny Smith')).toEqual(expect.arrayContaining(['apple', 'edible fruit', 'fruit']))
    expect(ancestorsOf('Golden Retriever')).toEqual(expect.arrayContaining(['dog', 'retriever']))
    expect(ancestorsOf('monarch butterfly')).toContain('butterfly')
  })

  it('leaves out uselessly generic ancestors', () => {
    const generic = new Set(['entity', 'physical entity', 'object', 'whole', 'artifact', 'abstraction', 'living thing', 'organism', 'matter'])
    const used = new Set(table.classes.flatMap((c) => c.ancestors.filter((_, k) => k % 2 === 0).map((s) => table.synsets[s]?.label)))
    for (const g of generic) expect(used.has(g), g).toBe(false)
  })
})

describe('tags from probabilities', () => {
  it('gives a sure class its probability and its ancestors the same confidence', () => {
    const tags = tagsFor({ 'Egyptian Mau': 0.7, 'tabby cat': 0.2 })
    const byLabel = Object.fromEntries(tags.map((t) => [t.label, t]))
    expect(byLabel['Egyptian Mau']).toMatchObject({ kind: 'label' })
    expect(byLabel['Egyptian Mau']?.score).toBeCloseTo(0.7, 5)
    // "tabby cat" (0.2) is below the threshold: not shown, and it lends "cat" nothing.
    expect(byLabel['tabby cat']).toBeUndefined()
    expect(byLabel['cat']).toMatchObject({ kind: 'hypernym' })
    expect(byLabel['cat']?.score).toBeCloseTo(0.7, 5)
    expect(byLabel['animal']?.score).toBeCloseTo(0.7, 5)
    expect(tags.map((t) => t.score)).toEqual([...tags.map((t) => t.score)].sort((a, b) => b - a))
    // Equal scores: the class, then its nearest ancestors first.
    expect(tags[0]?.label).toBe('Egyptian Mau')
    expect(tags.findIndex((t) => t.label === 'cat')).toBeLessThan(tags.findIndex((t) => t.label === 'animal'))
  })

  it('shows no class below the calibrated probability, and no ancestor of such classes only (the portrait tagged "tench, fish, musical instrument")', () => {
    // What MobileNetV2 does on a face: no class sure, a little mass on many.
    const tags = tagsFor({ tench: 0.12, 'bow tie': 0.1, bassoon: 0.08, oboe: 0.07, flute: 0.07, 'French horn': 0.06, trombone: 0.06, cornet: 0.05, banjo: 0.05 })
    expect(tags).toEqual([])
    expect(DEFAULT_TAG_OPTIONS.minLabelScore).toBeGreaterThanOrEqual(0.5)
  })

  it('sums the shown classes below an ancestor (classes are exclusive: two likely breeds make a surer cat)', () => {
    const tags = tagsFromProbabilities(probsOf({ 'Egyptian Mau': 0.4, 'tabby cat': 0.35, 'red fox': 0.1 }), labels, table, { minLabelScore: 0.3 })
    const byLabel = Object.fromEntries(tags.map((t) => [t.label, t]))
    expect(byLabel['cat']?.score).toBeCloseTo(0.75, 5)
    // The fox (below 0.3) adds nothing to "carnivore" or "animal".
    expect(byLabel['carnivore']?.score).toBeCloseTo(0.75, 5)
    expect(byLabel['red fox']).toBeUndefined()
    expect(byLabel['fox']).toBeUndefined()
  })

  it('marks classes the classifier sees in a person, and ancestors only they support', () => {
    const selfie = tagsFor({ 'Band-Aid': 0.89 })
    expect(selfie.length).toBeGreaterThan(1)
    for (const t of selfie) expect(t.personMisread, t.label).toBe(true)
    const cat = tagsFor({ 'Egyptian Mau': 0.9 })
    for (const t of cat) expect(t.personMisread, t.label).toBeUndefined()
    const flags = personMisreadClasses(table, labels)
    for (const misread of ['mask', 'wig', 'lipstick', 'bow tie', 'suit', 'bridegroom', 'sunglass', 'sunglasses', 'neck brace', 'cowboy hat']) {
      expect(flags[classOf(misread)], misread).toBe(1)
    }
    for (const thing of ['espresso', 'soccer ball', 'tripod', 'Egyptian Mau', 'go-kart']) expect(flags[classOf(thing)], thing).toBe(0)
  })

  it('softmax sums to one and keeps the order of the logits', () => {
    const p = softmax([1, 3, 2])
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
    expect(p[1]).toBeGreaterThan(p[2]!)
    expect(p[2]).toBeGreaterThan(p[0]!)
  })
})

describe('matchTagQuery', () => {
  const cat = tagsFor({ 'Egyptian Mau': 0.8 })
  const dog = tagsFor({ 'Golden Retriever': 0.9 })
  const coffee = tagsFor({ espresso: 0.95 })
  const fruit = tagsFor({ orange: 0.5, lemon: 0.3 })
  const butterfly = tagsFor({ 'monarch butterfly': 0.6 })

  it('matches the general words of the brief', () => {
    expect(matchTagQuery('cat', cat)?.tag.label).toBe('cat')
    expect(matchTagQuery('dog', dog)?.tag.label).toBe('dog')
    // The ancestor "coffee" is as sure as the espresso it comes from, and the exact word.
    expect(matchTagQuery('coffee', coffee)?.tag.label).toBe('coffee')
    expect(matchTagQuery('fruit', fruit)?.tag.label).toMatch(/fruit/)
    expect(matchTagQuery('butterfly', butterfly)?.tag.label).toMatch(/butterfly/)
  })

  it('handles plurals, synonyms, case and filler words', () => {
    expect(matchTagQuery('Cats', cat)?.tag.label).toBe('cat')
    expect(matchTagQuery('puppy', dog)?.tag.label).toBe('dog')
    expect(matchTagQuery('puppies', dog)?.tag.label).toBe('dog')
    expect(matchTagQuery('kitty', cat)?.tag.label).toBe('cat')
    expect(matchTagQuery('butterflies', butterfly)?.tag.label).toMatch(/butterfly/)
    expect(matchTagQuery('photos of cats', cat)?.tag.label).toBe('cat')
    expect(matchTagQuery('egyptian mau', cat)?.tag.kind).toBe('label')
  })

  it('does not match unrelated photos', () => {
    expect(matchTagQuery('dog', cat)).toBeNull()
    expect(matchTagQuery('cat', coffee)).toBeNull()
    expect(matchTagQuery('coffee', dog)).toBeNull()
    expect(matchTagQuery('', cat)).toBeNull()
    expect(matchTagQuery('the', cat)).toBeNull()
  })

  it('ranks a photo that is surely a cat above one that might be, and does not match one that only might', () => {
    const lessSure = tagsFor({ 'Egyptian Mau': 0.55, 'red fox': 0.3 })
    expect(matchTagQuery('cat', cat)!.score).toBeGreaterThan(matchTagQuery('cat', lessSure)!.score)
    expect(matchTagQuery('cat', tagsFor({ 'Egyptian Mau': 0.2, 'red fox': 0.5 }))).toBeNull()
  })

  it('finds the faces stage\'s words', () => {
    const faceTags = [
      { label: 'person', score: 0.99, kind: 'label' as const },
      { label: 'people', score: 0.97, kind: 'label' as const },
      { label: 'group photo', score: 0.95, kind: 'label' as const },
    ]
    expect(matchTagQuery('people', faceTags)?.tag.label).toMatch(/people|person/)
    expect(matchTagQuery('group', faceTags)?.tag.label).toBe('group photo')
    expect(matchTagQuery('group photos', faceTags)?.tag.label).toBe('group photo')
  })

  it('singularises English plurals', () => {
    expect(['cats', 'puppies', 'boxes', 'peaches', 'tomatoes', 'mice', 'wolves', 'bus', 'fish', 'glasses'].map(singular)).toEqual([
      'cat', 'puppy', 'box', 'peach', 'tomato', 'mouse', 'wolf', 'bus', 'fish', 'glasses',
    ])
  })
})
