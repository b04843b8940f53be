import { ConstrainedGroups } from './constrained-groups'
import { FaceNeighbourIndex, type Neighbour } from './neighbour-index'
import {
  resolveOptions,
  type ClusterFace,
  type ClusteredPerson,
  type ClusteringControl,
  type ClusteringOptions,
  type FaceAssignment,
  type ReclusterResult,
} from './types'

export function validateFaces(faces: readonly ClusterFace[]): number {
  const first = faces[0]
  if (!first) return 0
  const dimensions = first.embedding.length
  const seen = new Set<string>()
  for (const face of faces) {
    if (seen.has(face.id)) throw new Error(`Duplicate face id ${face.id}`)
    seen.add(face.id)
    if (face.embedding.length !== dimensions) {
      throw new RangeError(`Face ${face.id} has a ${face.embedding.length}-d embedding, expected ${dimensions}`)
    }
    for (let i = 0; i < face.embedding.length; i++) {
      if (!Number.isFinite(face.embedding[i])) throw new RangeError(`Face ${face.id} has a non-finite embedding value`)
    }
  }
  return dimensions
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Full recluster: a DBSCAN over the ANN k-nearest-neighbour graph with the user's constraints.
 *
 * 1. kNN of every face (usearch), keeping neighbours within `eps`.
 * 2. Core faces have >= minNeighbours such neighbours; pinned faces are always core (anchors).
 * 3. Pinned faces of the same person are joined first; then core-core edges are merged in order of
 *    increasing distance (Kruskal), skipping merges that break a constraint, so the closest
 *    evidence wins and a weak chain cannot pull two anchored persons or one asset's faces together.
 * 4. Border faces join the cluster of their nearest core neighbour when constraints allow.
 * 5. Faces still alone pair up when they are each other's nearest neighbour within pairEps.
 * 6. Clusters with a pinned face take that person's id; others reuse the id of the existing person
 *    holding most of their faces, or get a new id; clusters under minClusterSize (other than such
 *    pairs) stay unassigned.
 * 7. A face is never left in a person it was rejected from.
 */
export async function reclusterFaces(
  faces: readonly ClusterFace[],
  options: Partial<ClusteringOptions> = {},
  control: ClusteringControl = {},
): Promise<ReclusterResult> {
  const opts = resolveOptions(options)
  const dimensions = validateFaces(faces)
  const n = faces.length
  if (n === 0) return { assignments: [], persons: [], stats: { faces: 0, assigned: 0, unassigned: 0, persons: 0 } }

  const index = new FaceNeighbourIndex(dimensions)
  const embeddings = faces.map((f) => f.embedding)
  await index.add(embeddings, control)
  const knn = await index.searchMany(embeddings, opts.k + 1, control)

  const groups = new ConstrainedGroups(faces)
  const { neighbours, isCore } = neighbourhoods(faces, knn, opts)
  joinPinned(faces, groups)

  // Core-core edges, each once, closest first.
  const edges: { a: number; b: number; distance: number }[] = []
  for (let a = 0; a < n; a++) {
    if (!isCore[a]) continue
    for (const { index: b, distance } of neighbours[a] as Neighbour[]) {
      if (b > a && isCore[b]) edges.push({ a, b, distance })
      else if (b < a && isCore[b] && !(neighbours[b] as Neighbour[]).some((x) => x.index === a)) edges.push({ a: b, b: a, distance })
    }
  }
  edges.sort((x, y) => x.distance - y.distance)
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e] as (typeof edges)[number]
    groups.tryMerge(edge.a, edge.b)
    if ((e & 0xffff) === 0xffff) {
      if (control.signal?.aborted) throw control.signal.reason instanceof Error ? control.signal.reason : new DOMException('Clustering aborted', 'AbortError')
      control.onProgress?.({ phase: 'cluster', done: e, total: edges.length })
      await yieldToEventLoop()
    }
  }

  // Border faces: nearest core neighbour whose cluster accepts them.
  for (let i = 0; i < n; i++) {
    if (isCore[i]) continue
    for (const { index: j } of neighbours[i] as Neighbour[]) {
      if (isCore[j] && groups.tryMerge(i, j)) break
    }
  }
  const pairs = pairLoneFaces(neighbours, groups, opts)
  control.onProgress?.({ phase: 'cluster', done: edges.length, total: edges.length })

  return nameClusters(faces, groups, opts, pairs)
}

function neighbourhoods(faces: readonly ClusterFace[], knn: Neighbour[][], opts: ClusteringOptions) {
  const neighbours: Neighbour[][] = []
  const isCore = new Uint8Array(faces.length)
  for (let i = 0; i < faces.length; i++) {
    const row = (knn[i] ?? []).filter((m) => m.index !== i && m.distance <= opts.eps)
    neighbours.push(row)
    if (row.length >= opts.minNeighbours || faces[i]?.pinnedPersonId) isCore[i] = 1
  }
  return { neighbours, isCore }
}

/** Roots of the groups formed by mutual-nearest lone faces within pairEps. */
function pairLoneFaces(neighbours: readonly Neighbour[][], groups: ConstrainedGroups, opts: ClusteringOptions): Set<number> {
  const pairs = new Set<number>()
  if (opts.pairEps <= 0) return pairs
  for (let i = 0; i < neighbours.length; i++) {
    const nearest = neighbours[i]?.[0]
    if (!nearest || nearest.distance > opts.pairEps) continue
    const j = nearest.index
    if (j < i || groups.sizeOf(i) !== 1 || groups.sizeOf(j) !== 1 || groups.pinnedOf(i) || groups.pinnedOf(j)) continue
    if (neighbours[j]?.[0]?.index !== i) continue
    if (groups.tryMerge(i, j)) pairs.add(groups.find(i))
  }
  return pairs
}

function joinPinned(faces: readonly ClusterFace[], groups: ConstrainedGroups): void {
  const firstOfPerson = new Map<string, number>()
  faces.forEach((face, i) => {
    const person = face.pinnedPersonId
    if (!person) return
    const first = firstOfPerson.get(person)
    // The user's confirmations are authoritative, even against cannot-link.
    if (first === undefined) firstOfPerson.set(person, i)
    else groups.forceMerge(first, i)
  })
}

function nameClusters(faces: readonly ClusterFace[], groups: ConstrainedGroups, opts: ClusteringOptions, pairs: ReadonlySet<number>): ReclusterResult {
  const tooSmall = (root: number, size: number) => size < opts.minClusterSize && !pairs.has(root)
  const members = new Map<number, number[]>()
  for (let i = 0; i < faces.length; i++) {
    const root = groups.find(i)
    const list = members.get(root)
    if (list) list.push(i)
    else members.set(root, [i])
  }

  const personOf = new Map<number, { id: string; isNew: boolean }>()
  /** Assets already held by each person id, to keep cannot-link when clusters share an id. */
  const personAssets = new Map<string, Set<string>>()
  const give = (root: number, id: string, isNew: boolean) => {
    personOf.set(root, { id, isNew })
    const assets = personAssets.get(id) ?? new Set<string>()
    for (const asset of groups.assetsOf(root)) assets.add(asset)
    personAssets.set(id, assets)
  }
  // Pinned clusters first: their id is fixed.
  for (const [root] of members) {
    const pinned = groups.pinnedOf(root)
    if (pinned) give(root, pinned, false)
  }
  // Then keep ids stable: the biggest overlaps with current assignments claim their person first.
  // An unpinned cluster may join a pinned person's id (the user's anchor plus the faces that were
  // already with it), but two unpinned clusters never share one id, and never share an asset.
  const claims: { root: number; personId: string; overlap: number }[] = []
  for (const [root, list] of members) {
    if (personOf.has(root) || tooSmall(root, list.length)) continue
    const counts = new Map<string, number>()
    for (const i of list) {
      const current = faces[i]?.personId
      if (current) counts.set(current, (counts.get(current) ?? 0) + 1)
    }
    for (const [personId, overlap] of counts) claims.push({ root, personId, overlap })
  }
  claims.sort((a, b) => b.overlap - a.overlap || (a.personId < b.personId ? -1 : 1))
  const claimedByUnpinned = new Set<string>()
  for (const claim of claims) {
    if (personOf.has(claim.root) || claimedByUnpinned.has(claim.personId)) continue
    const held = personAssets.get(claim.personId)
    if (held && [...groups.assetsOf(claim.root)].some((asset) => held.has(asset))) continue
    give(claim.root, claim.personId, false)
    claimedByUnpinned.add(claim.personId)
  }
  for (const [root, list] of members) {
    if (personOf.has(root) || tooSmall(root, list.length)) continue
    let id = opts.createPersonId()
    while (personAssets.has(id)) id = opts.createPersonId()
    give(root, id, true)
  }

  const assignments: FaceAssignment[] = []
  const persons = new Map<string, ClusteredPerson>()
  for (let i = 0; i < faces.length; i++) {
    const face = faces[i] as ClusterFace
    const person = personOf.get(groups.find(i))
    let personId = face.pinnedPersonId ?? person?.id ?? null
    if (personId && !face.pinnedPersonId && face.notPersonIds?.includes(personId)) personId = null
    assignments.push({ faceId: face.id, personId })
    if (personId) {
      const entry = persons.get(personId) ?? { id: personId, faceIds: [], isNew: person?.id === personId ? person.isNew : false }
      entry.faceIds.push(face.id)
      persons.set(personId, entry)
    }
  }
  const assigned = assignments.filter((a) => a.personId).length
  return {
    assignments,
    persons: [...persons.values()],
    stats: { faces: faces.length, assigned, unassigned: faces.length - assigned, persons: persons.size },
  }
}
