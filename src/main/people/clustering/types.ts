import { DEFAULT_FACE_GROUPING, type FaceGrouping } from '../../../shared/domain'

/** One detected face as the clustering sees it. Embeddings must be L2-normalised and of one model. */
export interface ClusterFace {
  readonly id: string
  /** The photo/video the face is in: two faces of one asset are never the same person. */
  readonly assetId: string
  readonly embedding: Float32Array
  /** User-confirmed person: survives every recluster and anchors that person. */
  readonly pinnedPersonId?: string | null
  /** Persons the user said this face is not: it is never assigned to them. */
  readonly notPersonIds?: readonly string[]
  /** Current (unconfirmed) assignment, used to keep person ids stable across reclusters. */
  readonly personId?: string | null
}

export interface ClusteringOptions {
  /** Cosine distance (1 - cosine similarity) within which two faces are neighbours. */
  eps: number
  /** Neighbours within eps a face needs to be a core face (DBSCAN minPts minus itself). */
  minNeighbours: number
  /** Smallest unpinned cluster that becomes a person; smaller groups stay unassigned. */
  minClusterSize: number
  /**
   * Two otherwise lone faces that are each other's nearest neighbour within this (tighter) distance
   * become a person of two: the same person seen in just two photos is common, and a pair this
   * close is far less ambiguous than a chain of eps-neighbours. 0 turns pairs off.
   */
  pairEps: number
  /** Neighbours fetched per face from the ANN index. */
  k: number
  /** Creates ids for new persons. */
  createPersonId: () => string
}

/**
 * Precision-first defaults for the 512-d MobileFaceNet embeddings: on real photos different people
 * stayed below cosine similarity 0.45 while variants of one face scored 0.75-0.99, so eps 0.45
 * (similarity >= 0.55) leaves a margin against wrong merges; a split costs the user one merge click.
 * A lone pair needs similarity >= 0.65: real two-photo persons scored 0.76-0.85 (0.46-0.59 for
 * the hard ones, left unassigned).
 */
export const DEFAULT_CLUSTERING_OPTIONS: Omit<ClusteringOptions, 'createPersonId'> = {
  ...clusteringOptionsFor(DEFAULT_FACE_GROUPING),
  minNeighbours: 2,
  k: 16,
}

/** The user's face-grouping settings as clustering options. */
export function clusteringOptionsFor(grouping: FaceGrouping): Pick<ClusteringOptions, 'eps' | 'minClusterSize' | 'pairEps'> {
  return { eps: grouping.matchDistance, minClusterSize: grouping.minFaces, pairEps: grouping.pairDistance }
}

export function resolveOptions(options: Partial<ClusteringOptions> = {}): ClusteringOptions {
  const resolved: ClusteringOptions = {
    ...DEFAULT_CLUSTERING_OPTIONS,
    createPersonId: () => `person-${crypto.randomUUID()}`,
    ...options,
  }
  if (!(resolved.eps > 0 && resolved.eps < 2)) throw new RangeError(`eps must be in (0, 2), got ${resolved.eps}`)
  if (!Number.isInteger(resolved.minNeighbours) || resolved.minNeighbours < 1) throw new RangeError('minNeighbours must be an integer >= 1')
  if (!Number.isInteger(resolved.minClusterSize) || resolved.minClusterSize < 1) throw new RangeError('minClusterSize must be an integer >= 1')
  if (!(resolved.pairEps >= 0 && resolved.pairEps < 2)) throw new RangeError(`pairEps must be in [0, 2), got ${resolved.pairEps}`)
  // A pair is a stricter rule than eps-neighbourhood, never a looser one.
  resolved.pairEps = Math.min(resolved.pairEps, resolved.eps)
  if (!Number.isInteger(resolved.k) || resolved.k <= resolved.minNeighbours) throw new RangeError('k must be an integer > minNeighbours')
  return resolved
}

export interface ClusteringProgress {
  phase: 'index' | 'neighbours' | 'cluster'
  done: number
  total: number
}

export interface ClusteringControl {
  signal?: AbortSignal
  onProgress?: (progress: ClusteringProgress) => void
}

export interface FaceAssignment {
  faceId: string
  /** null = unassigned (noise, or waiting for more faces of that person). */
  personId: string | null
}

export interface ClusteredPerson {
  id: string
  faceIds: string[]
  /** True when the id came from createPersonId (not pinned, not reused). */
  isNew: boolean
}

export interface ReclusterResult {
  assignments: FaceAssignment[]
  persons: ClusteredPerson[]
  stats: { faces: number; assigned: number; unassigned: number; persons: number }
}
