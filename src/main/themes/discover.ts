// Themes: recurring subjects across events, from the classifier's labels and the photos' vectors.
// Pure: the service reads the catalog and hands the facts in.
//
// The unit clustered is the classifier label (an ImageNet class: "seashore", "golden retriever"), not
// the photo: a library has at most a thousand of them, so the clustering costs the same at 100k
// photos as at 100, and a label already says what a photo shows. Labels whose photos look alike (the
// mean vector of their photos) are one subject: "seashore" and "sandbar", or two dog breeds. Photos of
// a subject in two events or more are a theme; one event alone (a single trip to the snow) is not.
import { agnes } from 'ml-hclust'
import { cosine } from '../duplicates/grouping'

/** A photo that takes part in events, with the classifier labels shown on it (probability >= 0.5). */
export interface LabelledPhoto {
  id: number
  eventId: number
  labels: readonly { label: string; score: number }[]
}

export interface ThemeParams {
  /**
   * Two labels are one subject when the mean vectors of their photos are at least this similar
   * (cosine) on average over the merged labels. The duplicate review's "similar" floor for the same
   * vectors (photos of one scene: 0.70 for the classifier's features, 0.75 for CLIP) is the bar: a
   * label's mean is smoother than one photo, so labels of one kind of scene reach it, unrelated ones
   * (a beach and a dog) stay well below.
   */
  mergeSimilarity: number
  /** Events a subject must span to be a theme. */
  minEvents: number
  /** Photos a theme must have (a theme of two photos in two events is a coincidence). */
  minPhotos: number
}

export const CLASSIFIER_THEME_PARAMS: ThemeParams = { mergeSimilarity: 0.7, minEvents: 2, minPhotos: 3 }
export const CLIP_THEME_PARAMS: ThemeParams = { ...CLASSIFIER_THEME_PARAMS, mergeSimilarity: 0.75 }

export interface FoundTheme {
  /** Its labels, sorted: what makes it the same theme across recomputes. */
  labels: string[]
  /** Its photos with the surest of the theme's labels each, surest first. */
  members: { id: number; eventId: number; score: number }[]
  events: number[]
}

function normalize(v: Float32Array): Float32Array | null {
  let n = 0
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!
  if (n === 0 || !Number.isFinite(n)) return null
  const out = new Float32Array(v.length)
  const s = 1 / Math.sqrt(n)
  for (let i = 0; i < v.length; i++) out[i] = v[i]! * s
  return out
}

/** Sums unit vectors per label (the mean's direction), fed one photo at a time so no vector set is held. */
export class LabelMeans {
  private sums = new Map<string, Float32Array>()

  add(labels: readonly string[], vector: Float32Array): void {
    const unit = normalize(vector)
    if (!unit) return
    for (const label of labels) {
      let sum = this.sums.get(label)
      if (!sum) this.sums.set(label, (sum = new Float32Array(unit.length)))
      if (sum.length !== unit.length) continue
      for (let i = 0; i < unit.length; i++) sum[i]! += unit[i]!
    }
  }

  means(): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>()
    for (const [label, sum] of this.sums) {
      const unit = normalize(sum)
      if (unit) out.set(label, unit)
    }
    return out
  }
}

/**
 * Labels grouped into subjects. Agglomerative clustering (ml-hclust's agnes) with average linkage on
 * cosine distances, cut at 1 - mergeSimilarity: average linkage asks a merged group to be alike as a
 * whole, so a chain of labels each a little like the next (sand, snow, sky) does not become one
 * subject, as single linkage or DBSCAN's density-reachability would make it. A well-kept library
 * rather than a hand-written merge loop. Labels without a mean vector stay on their own.
 *
 * agnes is cubic in its points (1000 labels: ~10 s here), so it runs on each connected part of the
 * "at least mergeSimilarity alike" graph alone: two groups merge only when their average distance is
 * under the cut, which needs one pair under it, so no group spans two parts and the result is the
 * same. Most labels have no such neighbour and are subjects of their own at once.
 */
export function groupLabels(means: ReadonlyMap<string, Float32Array>, labels: readonly string[], mergeSimilarity: number): string[][] {
  const withVector = labels.filter((l) => means.has(l)).sort()
  const groups: string[][] = labels.filter((l) => !means.has(l)).map((l) => [l])
  // Unit vectors, so a cosine is a dot product (the pairs are most of the cost).
  const vectors = withVector.map((l) => normalize(means.get(l)!) ?? new Float32Array(means.get(l)!.length))
  const n = vectors.length
  const distance = vectors.map(() => new Float64Array(n))
  const parent = Array.from({ length: n }, (_, i) => i)
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)))
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = vectors[i]!
      const b = vectors[j]!
      let dot = 0
      for (let k = 0; k < a.length; k++) dot += a[k]! * b[k]!
      const d = Math.max(0, 1 - dot)
      distance[i]![j] = d
      distance[j]![i] = d
      if (d <= 1 - mergeSimilarity) parent[root(i)] = root(j)
    }
  }
  const parts = new Map<number, number[]>()
  for (let i = 0; i < n; i++) {
    const r = root(i)
    const part = parts.get(r)
    if (part) part.push(i)
    else parts.set(r, [i])
  }
  for (const part of parts.values()) {
    if (part.length === 1) {
      groups.push([withVector[part[0]!]!])
      continue
    }
    const sub = part.map((i) => part.map((j) => distance[i]![j]!))
    const tree = agnes(sub, { isDistanceMatrix: true, method: 'average' })
    for (const cluster of tree.cut(1 - mergeSimilarity)) {
      groups.push(
        cluster
          .indices()
          .map((k) => withVector[part[k]!]!)
          .sort(),
      )
    }
  }
  return groups
}

/**
 * The themes of a library: each group of labels whose photos span at least `minEvents` events and
 * number at least `minPhotos`. A photo is in a theme when one of its labels is.
 */
export function findThemes(photos: readonly LabelledPhoto[], means: ReadonlyMap<string, Float32Array>, params: ThemeParams): FoundTheme[] {
  const byLabel = new Map<string, LabelledPhoto[]>()
  for (const p of photos) {
    for (const { label } of p.labels) {
      const list = byLabel.get(label) ?? []
      list.push(p)
      byLabel.set(label, list)
    }
  }
  const themes: FoundTheme[] = []
  for (const group of groupLabels(means, [...byLabel.keys()], params.mergeSimilarity)) {
    const inGroup = new Set(group)
    const members = new Map<number, { id: number; eventId: number; score: number }>()
    for (const label of group) {
      for (const p of byLabel.get(label) ?? []) {
        if (members.has(p.id)) continue
        const score = Math.max(...p.labels.filter((l) => inGroup.has(l.label)).map((l) => l.score))
        members.set(p.id, { id: p.id, eventId: p.eventId, score })
      }
    }
    const events = [...new Set([...members.values()].map((m) => m.eventId))].sort((a, b) => a - b)
    if (events.length < params.minEvents || members.size < params.minPhotos) continue
    themes.push({ labels: group, members: [...members.values()].sort((a, b) => b.score - a.score || a.id - b.id), events })
  }
  return themes.sort((a, b) => b.events.length - a.events.length || b.members.length - a.members.length || a.labels[0]!.localeCompare(b.labels[0]!))
}

/**
 * Photos without a label that join a theme in an event where it is: those that look like one of its
 * photos there (cosine at least `floor`, the duplicate review's "similar" bar: the same scene, as the
 * other frames of a beach walk the classifier was not sure of).
 */
export function lookalikes(
  themePhotos: readonly { id: number; vector: Float32Array }[],
  candidates: readonly { id: number; vector: Float32Array }[],
  floor: number,
): { id: number; similarity: number }[] {
  const out: { id: number; similarity: number }[] = []
  for (const c of candidates) {
    let best = -1
    for (const t of themePhotos) best = Math.max(best, cosine(c.vector, t.vector))
    if (best >= floor) out.push({ id: c.id, similarity: best })
  }
  return out
}

/** A tag as counted over a theme's photos. */
export interface TagCount {
  label: string
  /** Theme photos carrying it. */
  photos: number
  /** Its summed probability over them. */
  scoreSum: number
  /** An ImageNet class itself on some photo (what was seen), not only a WordNet ancestor of one. */
  isClass?: boolean
}

/**
 * A theme's name and strongest tags: tags on at least half of its labelled photos, ranked by how
 * much of the theme they cover times how rare they are in the library (log(1 + photos / photos with
 * the tag)), so "dog" wins over "animal" in a library that also has cats, and a tag on every photo of
 * the library ("whole") never names a theme.
 */
export function nameTheme(counts: readonly TagCount[], labelledPhotos: number, libraryFrequency: ReadonlyMap<string, number>, libraryPhotos: number, top = 5): string[] {
  if (labelledPhotos === 0) return []
  const ranked = counts
    .filter((c) => c.photos / labelledPhotos >= 0.5)
    .map((c) => {
      const df = Math.max(libraryFrequency.get(c.label) ?? c.photos, 1)
      return { ...c, weight: (c.photos / labelledPhotos) * Math.log(1 + libraryPhotos / df) }
    })
    // Equal weights (a library whose only animals are baboons: "baboon", "monkey", "animal"): the surer
    // tag, then the class itself (the most specific word; an ancestor is as frequent only by chance),
    // then the shorter word, which is usually the plainer one.
    .sort(
      (a, b) =>
        b.weight - a.weight ||
        b.scoreSum - a.scoreSum ||
        Number(b.isClass ?? false) - Number(a.isClass ?? false) ||
        a.label.length - b.label.length ||
        a.label.localeCompare(b.label),
    )
  return ranked.slice(0, top).map((c) => c.label)
}
