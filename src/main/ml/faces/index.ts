export { loadFaceModels, releaseFaceModels, type FaceModels, type LoadFaceModelsOptions } from './models'
export {
  FACE_EMBEDDING_MODEL_ID,
  FACE_MODEL_FILES,
  defaultFaceModelsDir,
  ensureFaceModelFiles,
  resolveFaceModelsDir,
  faceModelPathsIn,
  type FaceModelPaths,
  type FaceModelRole,
} from './model-files'
export {
  detectFaces,
  detectFacesDetailed,
  emptyFaceStageTimings,
  type DetectFacesOptions,
  type DetectFacesResult,
  type Face,
  type FaceQuality,
  type FaceStageTimings,
  type RejectedCandidate,
  type RejectReason,
} from './pipeline'
export { FaceImageError } from './image'
export type { FivePoints, Point } from './landmarks'
