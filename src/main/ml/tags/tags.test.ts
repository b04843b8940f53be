import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT, sharedModelsDir } from '../testing/models-dir'
import { loadHypernymTable, softmax, tagsFromProbabilities } from './imagenet-tags'
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
/** Tags of a photo the classifier saw as these classes with these probabilities. */
function tagsFor(probsByLabel: Record<string, number>) {
  const probs = new Float32Array(1000)
  for (const [label, p] of Object.entries(probsByLabel)) probs[classOf(label)] = p
  return tagsFromProbabilities(probs, labels, table)
}

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
  it('gives the label its probability and ancestors decayed scores', () => {
    const tags = tagsFor({ 'Egyptian Mau': 0.7, 'tabby cat': 0.2 })
    const byLabel = Object.fromEntries(tags.map((t) => [t.label, t]))
    expect(byLabel['Egyptian Mau']).toMatchObject({ kind: 'label' })
    expect(byLabel['Egyptian Mau']?.score).toBeCloseTo(0.7, 5)
    expect(byLabel['cat']?.kind).toBe('hypernym')
    // Both breeds add to "cat", but two levels up costs 0.9^2.
    expect(byLabel['cat']?.score).toBeCloseTo(0.9 * 0.81, 5)
    expect(byLabel['animal']?.score ?? 0).toBeLessThan(byLabel['cat']?.score ?? 0)
    expect(tags.map((t) => t.score)).toEqual([...tags.map((t) => t.score)].sort((a, b) => b - a))
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
    expect(matchTagQuery('coffee', coffee)?.tag.label).toBe('espresso')
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

  it('ranks a photo that is surely a cat above one that might be', () => {
    const unsure = tagsFor({ 'Egyptian Mau': 0.2, 'red fox': 0.5 })
    expect(matchTagQuery('cat', cat)!.score).toBeGreaterThan(matchTagQuery('cat', unsure)!.score)
  })

  it('singularises English plurals', () => {
    expect(['cats', 'puppies', 'boxes', 'peaches', 'tomatoes', 'mice', 'wolves', 'bus', 'fish', 'glasses'].map(singular)).toEqual([
      'cat', 'puppy', 'box', 'peach', 'tomato', 'mouse', 'wolf', 'bus', 'fish', 'glasses',
    ])
  })
})
