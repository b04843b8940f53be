export { reclusterFaces } from './recluster'
export { IncrementalClusterer, type IncrementalChange } from './incremental'
export { scoreClustering, type ClusteringScores } from './metrics'
export { syntheticFaces, seededRandom, type SyntheticFace } from './synthetic'
export {
  DEFAULT_CLUSTERING_OPTIONS,
  clusteringOptionsFor,
  type ClusterFace,
  type ClusteringOptions,
  type ClusteringControl,
  type ClusteringProgress,
  type ClusteredPerson,
  type FaceAssignment,
  type ReclusterResult,
} from './types'
