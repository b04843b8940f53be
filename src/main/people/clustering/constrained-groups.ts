import type { ClusterFace } from './types'

/**
 * Union-find over faces where every merge must respect the user's constraints:
 * - cannot-link: two faces of one asset never end up in one group;
 * - two groups anchored to different pinned persons never merge;
 * - a group never merges into a person that one of its faces was rejected from.
 * Each root carries the union of its members' assets, pinned person and rejected persons.
 */
export class ConstrainedGroups {
  readonly #parent: Int32Array
  readonly #size: Int32Array
  readonly #assets: (Set<string> | undefined)[]
  readonly #pinned: (string | null)[]
  readonly #rejects: (Set<string> | undefined)[]

  constructor(faces: readonly ClusterFace[]) {
    const n = faces.length
    this.#parent = new Int32Array(n)
    this.#size = new Int32Array(n).fill(1)
    this.#assets = new Array(n)
    this.#pinned = new Array(n)
    this.#rejects = new Array(n)
    faces.forEach((face, i) => {
      this.#parent[i] = i
      this.#assets[i] = new Set([face.assetId])
      this.#pinned[i] = face.pinnedPersonId ?? null
      this.#rejects[i] = face.notPersonIds && face.notPersonIds.length > 0 ? new Set(face.notPersonIds) : undefined
    })
  }

  find(i: number): number {
    let root = i
    while (this.#parent[root] !== root) root = this.#parent[root] as number
    // Path compression keeps later finds O(1)-ish.
    while (this.#parent[i] !== root) {
      const next = this.#parent[i] as number
      this.#parent[i] = root
      i = next
    }
    return root
  }

  sizeOf(i: number): number {
    return this.#size[this.find(i)] as number
  }

  pinnedOf(i: number): string | null {
    return this.#pinned[this.find(i)] ?? null
  }

  assetsOf(i: number): ReadonlySet<string> {
    return this.#assets[this.find(i)] as Set<string>
  }

  canMerge(a: number, b: number): boolean {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra === rb) return false
    const pa = this.#pinned[ra] ?? null
    const pb = this.#pinned[rb] ?? null
    if (pa && pb && pa !== pb) return false
    if (pa && this.#rejects[rb]?.has(pa)) return false
    if (pb && this.#rejects[ra]?.has(pb)) return false
    const assetsA = this.#assets[ra] as Set<string>
    const assetsB = this.#assets[rb] as Set<string>
    const [small, large] = assetsA.size <= assetsB.size ? [assetsA, assetsB] : [assetsB, assetsA]
    for (const asset of small) if (large.has(asset)) return false
    return true
  }

  /** Merges without checking constraints (used for the user's own pins). */
  forceMerge(a: number, b: number): number {
    let ra = this.find(a)
    let rb = this.find(b)
    if (ra === rb) return ra
    if ((this.#size[ra] as number) < (this.#size[rb] as number)) [ra, rb] = [rb, ra]
    this.#parent[rb] = ra
    this.#size[ra] = (this.#size[ra] as number) + (this.#size[rb] as number)
    const assets = this.#assets[ra] as Set<string>
    for (const asset of this.#assets[rb] as Set<string>) assets.add(asset)
    this.#assets[rb] = undefined
    this.#pinned[ra] = this.#pinned[ra] ?? this.#pinned[rb] ?? null
    const rejectsB = this.#rejects[rb]
    if (rejectsB) {
      const rejectsA = this.#rejects[ra] ?? new Set<string>()
      for (const person of rejectsB) rejectsA.add(person)
      this.#rejects[ra] = rejectsA
      this.#rejects[rb] = undefined
    }
    return ra
  }

  /** Merges when constraints allow; returns whether it happened. */
  tryMerge(a: number, b: number): boolean {
    if (!this.canMerge(a, b)) return false
    this.forceMerge(a, b)
    return true
  }
}
