export { createModelManager } from './model-manager'
export { modelSearchRoots, type ModelSearchRootsOptions } from './search-roots'
export { sha256File } from './checksum'
export type {
  DownloadOptions,
  InstalledModelInfo,
  MissingModel,
  ModelDownloadProgress,
  ModelLocation,
  ModelManager,
  ModelManagerOptions,
  ModelResolution,
  ModelVerification,
  ResolvedModel,
} from './model-manager'
export { isModelMissing, ModelChecksumError, ModelDownloadError, ModelMissingError, UnknownModelError } from './errors'
export { loadManifest, MODEL_TASKS, parseManifest } from './manifest'
export type { ModelInputSpec, ModelManifest, ModelSpec, ModelTask } from './manifest'
