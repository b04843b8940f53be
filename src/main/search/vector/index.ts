export {
  createVectorIndex,
  expansionSearchFor,
  VECTOR_INDEX_DEFAULTS,
  vectorIndexPaths,
  type VectorEntry,
  type VectorId,
  type VectorIndex,
  type VectorIndexLoadResult,
  type VectorIndexOpenResult,
  type VectorIndexOptions,
  type VectorLoadMode,
  type VectorSearchHit,
  type VectorSearchOptions,
  type VectorSource,
} from './vector-index'
export { exactVectorSearch } from './exact-search'
export type { VectorQuantization } from './vector-index-file'
