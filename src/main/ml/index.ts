// The model runtime every AI feature shares: model files (manager), the inference worker (host), and
// the always-on classifier's tags. Only src/main/ml imports onnxruntime-node, and only in the worker.
export {
  createInferenceHost,
  forkWorkerProcess,
  fromUtilityProcess,
  DEFAULT_CLASSIFIER_MODEL,
  DEFAULT_INFERENCE_BATCH,
  HostClosedError,
  InferenceError,
  WorkerCrashedError,
} from './host'
export type { ChildLike, ClassifyOutput, InferenceHost, InferenceHostOptions, UtilityProcessLike } from './host'
export * from './models'
export { expandTagQuery, matchTagQuery, tagsFromFaces } from './tags'
export type { FaceTag, TagMatch } from './tags'
export { defaultResourcesDir } from './resources'
export { DEFAULT_PROVIDERS, isPreparedImage } from './worker/protocol'
export { prepareClassifierInput, prepareClipInput, type UprightImage } from './model-input'
export type { PreparedPixels } from './worker/image-tensor'
export type {
  ClassifierTag,
  ExecutionProviderName,
  ModelImage,
  PreparedImage,
  ProviderAttempt,
  RunResult,
  SerializedTensor,
  SessionInfoResult,
  OcrWireResult,
} from './worker/protocol'
