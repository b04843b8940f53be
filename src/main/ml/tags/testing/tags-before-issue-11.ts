// The tags the classifier stage produced before issue 11 (labels down to 3 % probability, ancestors
// scored by the decayed mass of every class above 0.2 %), kept verbatim as the "before" of the
// labelled-set measurement in calibration.test.ts. Not used by the app.
import type { ClassifierTag } from '../../worker/protocol'
import type { HypernymTable } from '../imagenet-tags'

interface TagOptions {
  /** Most class labels kept. */
  maxLabels: number
  /** A class needs this probability to become a tag. */
  minLabelScore: number
  /** Score kept per level an ancestor sits above a class (0.9: parent 0.9, grand-parent 0.81...). */
  decay: number
  /** Tags below this are dropped. */
  minScore: number
  maxTags: number
}

const DEFAULT_TAG_OPTIONS: TagOptions = {
  maxLabels: 5,
  minLabelScore: 0.03,
  decay: 0.9,
  minScore: 0.05,
  maxTags: 24,
}

/** Probabilities below this cannot lift any tag over minScore, so they are skipped for speed. */
const NEGLIGIBLE = 0.002

/**
 * An ancestor's score is the probability mass of the classes below it, each share decayed by its
 * distance: several likely cat breeds add up to a confident "cat", and "animal" (8 levels up) stays
 * weaker than "cat" for the same photo.
 */
export function tagsBeforeIssue11(
  probs: Float32Array,
  labels: readonly string[],
  table: HypernymTable,
  options: Partial<TagOptions> = NO_OPTIONS,
): ClassifierTag[] {
  // Runs once per photo in the inference worker, beside ~3 ms of inference: no spread copies or
  // per-call maps of numbers (this was ~0.15 ms, now a fraction of it).
  const o = options === NO_OPTIONS ? DEFAULT_TAG_OPTIONS : { ...DEFAULT_TAG_OPTIONS, ...options }
  const byLabel = new Map<string, ClassifierTag>()
  const add = (tag: ClassifierTag) => {
    const key = tag.label.toLowerCase()
    const prev = byLabel.get(key)
    if (!prev || tag.score > prev.score) byLabel.set(key, prev?.kind === 'label' ? { ...tag, kind: 'label' } : tag)
  }

  const ranked: number[] = []
  for (let i = 0; i < probs.length; i++) if (probs[i]! >= NEGLIGIBLE) ranked.push(i)
  ranked.sort((a, b) => probs[b]! - probs[a]!)
  for (let r = 0; r < ranked.length && r < o.maxLabels; r++) {
    const i = ranked[r]!
    const p = probs[i]!
    if (p >= o.minLabelScore) add({ label: labels[i] ?? table.classes[i]?.names[0] ?? `class ${i}`, score: p, kind: 'label' })
  }

  // Mass per ancestor synset, in a table kept per hypernym table; `touched` keeps first-touch order.
  const { mass, touched } = scratchFor(table)
  let touchedCount = 0
  for (const i of ranked) {
    const p = probs[i]!
    const ancestors = table.classes[i]?.ancestors ?? []
    for (let k = 0; k + 1 < ancestors.length; k += 2) {
      const synset = ancestors[k]!
      if (synset < 0 || synset >= mass.length) continue
      if (mass[synset] === 0) touched[touchedCount++] = synset
      mass[synset]! += p * o.decay ** ancestors[k + 1]!
    }
  }
  for (let t = 0; t < touchedCount; t++) {
    const synset = touched[t]!
    const score = Math.min(1, mass[synset]!)
    mass[synset] = 0
    // Below minScore it would be dropped below anyway.
    if (score < o.minScore) continue
    const label = table.synsets[synset]?.label
    if (label) add({ label, score, kind: 'hypernym' })
  }

  return [...byLabel.values()]
    .filter((t) => t.score >= o.minScore)
    .sort((a, b) => b.score - a.score)
    .slice(0, o.maxTags)
}

const NO_OPTIONS: Partial<TagOptions> = {}
const scratch = new WeakMap<HypernymTable, { mass: Float64Array; touched: Int32Array }>()

function scratchFor(table: HypernymTable): { mass: Float64Array; touched: Int32Array } {
  let s = scratch.get(table)
  if (!s) {
    s = { mass: new Float64Array(table.synsets.length), touched: new Int32Array(table.synsets.length) }
    scratch.set(table, s)
  }
  return s
}
