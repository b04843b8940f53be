import { FaceNeighbourIndex } from './neighbour-index'
import { reclusterFaces, validateFaces } from './recluster'
import {
  resolveOptions,
  type ClusterFace,
  type ClusteringControl,
  type ClusteringOptions,
  type FaceAssignment,
  type ReclusterResult,
} from './types'

interface FaceState {
  face: ClusterFace
  personId: string | null
  notPersonIds: Set<string>
}

export interface IncrementalChange extends FaceAssignment {
  /** Set when this change created the person. */
  createdPerson?: boolean
}

/**
 * Keeps the ANN index and current assignments in memory so new faces are placed without a full
 * recluster. A new face joins a person only when at least `minNeighbours` of its neighbours within
 * `eps` already belong to that person (the DBSCAN core rule); otherwise it waits unassigned until
 * enough similar unassigned faces exist to form a new person together (or a lone face close enough
 * to be its mutual nearest neighbour within pairEps arrives).
 */
export class IncrementalClusterer {
  readonly options: ClusteringOptions
  readonly #states: FaceState[] = []
  readonly #byId = new Map<string, number>()
  /** personId -> assetId -> number of that person's faces in the asset. */
  readonly #personAssets = new Map<string, Map<string, number>>()
  #index: FaceNeighbourIndex | undefined

  private constructor(options: ClusteringOptions) {
    this.options = options
  }

  /** Builds the index over already-known faces, keeping their current `personId`/pins as they are. */
  static async create(
    faces: readonly ClusterFace[],
    options: Partial<ClusteringOptions> = {},
    control: ClusteringControl = {},
  ): Promise<IncrementalClusterer> {
    const clusterer = new IncrementalClusterer(resolveOptions(options))
    validateFaces(faces)
    for (const face of faces) clusterer.#remember(face, face.pinnedPersonId ?? face.personId ?? null)
    if (faces.length > 0) {
      clusterer.#index = new FaceNeighbourIndex((faces[0] as ClusterFace).embedding.length)
      await clusterer.#index.add(faces.map((f) => f.embedding), control)
    }
    return clusterer
  }

  get size(): number {
    return this.#states.length
  }

  personOf(faceId: string): string | null {
    const i = this.#byId.get(faceId)
    return i === undefined ? null : (this.#states[i] as FaceState).personId
  }

  assignments(): FaceAssignment[] {
    return this.#states.map((s) => ({ faceId: s.face.id, personId: s.personId }))
  }

  /** Places new faces one by one; returns every assignment that changed (new faces and recruited waiting ones). */
  async addFaces(faces: readonly ClusterFace[]): Promise<IncrementalChange[]> {
    const changes: IncrementalChange[] = []
    for (const face of faces) {
      if (this.#byId.has(face.id)) throw new Error(`Face ${face.id} is already known`)
      if (this.#index && face.embedding.length !== this.#index.dimensions) {
        throw new RangeError(`Face ${face.id} has a ${face.embedding.length}-d embedding, expected ${this.#index.dimensions}`)
      }
      this.#index ??= new FaceNeighbourIndex(face.embedding.length)
      changes.push(...this.#place(face))
      await this.#index.add([face.embedding])
    }
    return changes
  }

  /**
   * Adopts who each known face belongs to now (after user edits or after new persons got their
   * catalog ids), keeping the index. Returns false, changing nothing, when the set of faces differs
   * (faces were deleted or added elsewhere): then the clusterer must be rebuilt.
   */
  resync(faces: readonly Pick<ClusterFace, 'id' | 'personId' | 'pinnedPersonId' | 'notPersonIds'>[]): boolean {
    if (faces.length !== this.#states.length) return false
    const states: FaceState[] = []
    for (const face of faces) {
      const i = this.#byId.get(face.id)
      if (i === undefined) return false
      states.push(this.#states[i] as FaceState)
    }
    faces.forEach((face, n) => {
      const state = states[n] as FaceState
      state.face = { ...state.face, pinnedPersonId: face.pinnedPersonId ?? null, notPersonIds: face.notPersonIds ?? [], personId: face.personId ?? null }
      state.notPersonIds = new Set(face.notPersonIds ?? [])
      this.#assign(state, face.pinnedPersonId ?? face.personId ?? null)
    })
    for (const [personId, assets] of this.#personAssets) if (assets.size === 0) this.#personAssets.delete(personId)
    return true
  }

  /** The user confirmed a face: it is pinned to the person from now on. */
  pin(faceId: string, personId: string): void {
    const state = this.#state(faceId)
    state.face = { ...state.face, pinnedPersonId: personId }
    state.notPersonIds.delete(personId)
    this.#assign(state, personId)
  }

  /** The user said "not this person": the face leaves the person and never joins it again. */
  reject(faceId: string, personId: string): void {
    const state = this.#state(faceId)
    state.notPersonIds.add(personId)
    state.face = { ...state.face, notPersonIds: [...state.notPersonIds], pinnedPersonId: state.face.pinnedPersonId === personId ? null : state.face.pinnedPersonId ?? null }
    if (state.personId === personId) this.#assign(state, null)
  }

  /** Full recluster of everything known, then adopts the result. */
  async recluster(control: ClusteringControl = {}): Promise<ReclusterResult> {
    const faces = this.#states.map((s) => ({ ...s.face, personId: s.personId, notPersonIds: [...s.notPersonIds] }))
    const result = await reclusterFaces(faces, this.options, control)
    for (const { faceId, personId } of result.assignments) this.#assign(this.#state(faceId), personId)
    return result
  }

  #state(faceId: string): FaceState {
    const i = this.#byId.get(faceId)
    if (i === undefined) throw new Error(`Unknown face ${faceId}`)
    return this.#states[i] as FaceState
  }

  #remember(face: ClusterFace, personId: string | null): FaceState {
    const state: FaceState = { face, personId: null, notPersonIds: new Set(face.notPersonIds ?? []) }
    this.#byId.set(face.id, this.#states.length)
    this.#states.push(state)
    this.#assign(state, personId)
    return state
  }

  #assign(state: FaceState, personId: string | null): void {
    if (state.personId === personId) return
    if (state.personId) {
      const assets = this.#personAssets.get(state.personId)
      const left = (assets?.get(state.face.assetId) ?? 1) - 1
      if (left > 0) assets?.set(state.face.assetId, left)
      else assets?.delete(state.face.assetId)
    }
    state.personId = personId
    if (personId) {
      const assets = this.#personAssets.get(personId) ?? new Map<string, number>()
      assets.set(state.face.assetId, (assets.get(state.face.assetId) ?? 0) + 1)
      this.#personAssets.set(personId, assets)
    }
  }

  #personAccepts(personId: string, face: ClusterFace, notPersonIds: ReadonlySet<string>): boolean {
    return !notPersonIds.has(personId) && !this.#personAssets.get(personId)?.has(face.assetId)
  }

  /**
   * A waiting face that is this face's nearest neighbour within pairEps and has no nearer face
   * itself: the two found a person of two (as the full recluster pairs lone faces).
   */
  #pairPartner(face: ClusterFace, near: readonly { index: number; distance: number }[]): FaceState | undefined {
    const nearest = near[0]
    if (!nearest || nearest.distance > this.options.pairEps) return undefined
    const other = this.#states[nearest.index] as FaceState
    if (other.personId || other.face.pinnedPersonId || other.face.assetId === face.assetId) return undefined
    const ownNearest = this.#index?.search(other.face.embedding, 2).find((m) => m.index !== nearest.index)
    return ownNearest && ownNearest.distance < nearest.distance ? undefined : other
  }

  #place(face: ClusterFace): IncrementalChange[] {
    if (face.pinnedPersonId) {
      this.#remember(face, face.pinnedPersonId)
      return [{ faceId: face.id, personId: face.pinnedPersonId }]
    }
    const { eps, minNeighbours, k } = this.options
    const near = (this.#index?.search(face.embedding, k) ?? []).filter((m) => m.distance <= eps)
    const notPersonIds = new Set(face.notPersonIds ?? [])

    // Vote among assigned neighbours; the nearest neighbour breaks ties.
    const votes = new Map<string, { count: number; nearest: number }>()
    for (const { index, distance } of near) {
      const personId = (this.#states[index] as FaceState).personId
      if (!personId || !this.#personAccepts(personId, face, notPersonIds)) continue
      const vote = votes.get(personId) ?? { count: 0, nearest: distance }
      vote.count++
      vote.nearest = Math.min(vote.nearest, distance)
      votes.set(personId, vote)
    }
    const best = [...votes.entries()].sort((a, b) => b[1].count - a[1].count || a[1].nearest - b[1].nearest)[0]
    if (best && best[1].count >= minNeighbours) {
      this.#remember(face, best[0])
      return [{ faceId: face.id, personId: best[0] }]
    }

    // Otherwise try to found a new person with waiting (unassigned, unpinned) neighbours.
    const state = this.#remember(face, null)
    const recruits: FaceState[] = []
    const assets = new Set([face.assetId])
    for (const { index } of near) {
      const other = this.#states[index] as FaceState
      if (other.personId || other.face.pinnedPersonId || assets.has(other.face.assetId)) continue
      recruits.push(other)
      assets.add(other.face.assetId)
    }
    if (recruits.length < minNeighbours || recruits.length + 1 < this.options.minClusterSize) {
      const partner = this.#pairPartner(face, near)
      if (!partner) return [{ faceId: face.id, personId: null }]
      recruits.splice(0, recruits.length, partner)
    }
    let personId = this.options.createPersonId()
    while (this.#personAssets.has(personId)) personId = this.options.createPersonId()
    const changes: IncrementalChange[] = []
    for (const member of [state, ...recruits]) {
      this.#assign(member, personId)
      changes.push({ faceId: member.face.id, personId, createdPerson: true })
    }
    return changes
  }
}
