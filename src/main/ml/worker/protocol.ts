// Messages between the inference host (main process) and the worker process that owns onnxruntime.
// Sent with structured clone (fork `serialization: 'advanced'`, or Electron's utilityProcess), so typed
// arrays cross without JSON copies. Pure types (and one type guard): imported by both sides.

/** Execution providers in the order the host tries them by default. */
export const DEFAULT_PROVIDERS = ['cuda', 'dml', 'coreml', 'cpu'] as const
export type ExecutionProviderName = (typeof DEFAULT_PROVIDERS)[number]

export interface WorkerConfig {
  /** Tried in order for each session; 'cpu' is always the last resort even when not listed. */
  providers: ExecutionProviderName[]
  /** Threads inside one operator (onnxruntime intraOpNumThreads); undefined = onnxruntime's default. */
  intraOpThreads?: number
  interOpThreads?: number
  /** Inference lanes (threads with their own sessions) for the classifier and CLIP; default: see defaultLaneLayout. */
  lanes?: number
  /** Intra-op threads of each lane's sessions; default: the cores shared between the lanes. */
  laneThreads?: number
}

/** Paths of the face models (detector, landmarks, embedder, verifier), as the host resolved them. */
export interface FaceModelFiles {
  detector: string
  landmarks: string
  embedder: string
  verifier: string
}

/** A model the host resolved and verified: the worker never looks for models itself. */
export interface ModelRef {
  id: string
  /** File name -> absolute path, as in the manifest. */
  files: Record<string, string>
}

export interface SerializedTensor {
  type: 'float32' | 'int32' | 'int64' | 'uint8' | 'int8' | 'bool'
  dims: number[]
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array
}

export interface ProviderAttempt {
  provider: ExecutionProviderName
  /** Why it was not used; absent for the provider that was. */
  error?: string
}

export interface ClassifierTag {
  label: string
  score: number
  kind: 'label' | 'hypernym'
  /** Only from classes that are what the classifier sees in a person (clothes, make-up): hidden on a portrait. */
  personMisread?: true
}

/**
 * An image the caller already resized and centre-cropped to the model's input size, as width ×
 * height × 3 bytes (8-bit RGB, interleaved) in a file: the worker only normalises it. The thumbnail
 * stage makes these from the pixels it decoded anyway, so the AI stages of an import need not decode
 * a thumbnail again. A file, not the bytes: 147 KiB through the IPC channel costs ~1.3 CPU-ms in the
 * sender alone (measured, advanced serialization), a write and a read of a file that stays in the
 * page cache a small fraction of that.
 */
export interface PreparedImage {
  preparedFile: string
  /** Where the bytes start in the file (the input store keeps many in one file); without it the file holds exactly these bytes. */
  offset?: number
  width: number
  height: number
}

/** A model's input image: a file to decode and preprocess, or an input already prepared for that model. */
export type ModelImage = string | PreparedImage

export function isPreparedImage(image: unknown): image is PreparedImage {
  return typeof image === 'object' && image !== null && typeof (image as PreparedImage).preparedFile === 'string'
}

export interface ClassifyParams {
  model: ModelRef
  /** resources/models/imagenet-hypernyms.json */
  hypernymsPath: string
  images: ModelImage[]
}

export type ClassifyItem =
  | { ok: true; tags: ClassifierTag[]; features: Float32Array; featureKind: 'pooled' | 'logits' }
  | { ok: false; error: WorkerError }

export interface ClassifyResult {
  provider: ExecutionProviderName
  items: ClassifyItem[]
}

export interface RunParams {
  model: ModelRef
  /** Which file of the model is the ONNX graph. */
  file: string
  feeds: Record<string, SerializedTensor>
  fetches?: string[]
}

export interface RunResult {
  provider: ExecutionProviderName
  outputs: Record<string, SerializedTensor>
}

export interface SessionInfoResult {
  provider: ExecutionProviderName
  attempts: ProviderAttempt[]
  inputNames: string[]
  outputNames: string[]
}

export interface OcrWireResult {
  provider: string
  width: number
  height: number
  lines: { text: string; confidence: number; box: [number, number, number, number] }[]
}

export interface FaceWire {
  box: [number, number, number, number]
  landmarks: [number, number][]
  score: number
  quality: { size: number; blur: number; yaw: number }
  embedding: Float32Array
  modelId: string
}

export interface WorkerMethods {
  /** CLIP image embeddings (L2-normalised) of images, with the model's own preprocessing. */
  clipImage: { params: { model: ModelRef; file: string; images: ModelImage[] }; result: { provider: ExecutionProviderName; vectors: Float32Array[] } }
  /** CLIP text embeddings (L2-normalised) with the model's own BPE tokenizer. */
  clipText: {
    params: { model: ModelRef; file: string; tokenizer: ModelRef; texts: string[] }
    result: { provider: ExecutionProviderName; vectors: Float32Array[] }
  }
  /** Faces in one image: detection (tiled), verification, alignment, 512-d embedding. */
  /** `models`: the four face model files, resolved and verified by the host. */
  faces: { params: { image: string; models: FaceModelFiles }; result: { provider: string; width: number; height: number; faces: FaceWire[] } }
  /** Text in one image (PP-OCRv4 models from their npm package). */
  ocr: { params: { image: string }; result: OcrWireResult }
  classify: { params: ClassifyParams; result: ClassifyResult }
  run: { params: RunParams; result: RunResult }
  sessionInfo: { params: { model: ModelRef; file: string }; result: SessionInfoResult }
  ping: { params: Record<string, never>; result: { pid: number } }
  /** Loads what every import needs before the first photo arrives: the classifier, on every lane. */
  warmUp: { params: { classifier?: ModelRef }; result: { pid: number } }
}
export type WorkerMethod = keyof WorkerMethods

export interface WorkerError {
  name: string
  message: string
  code?: string
}

export type HostToWorker =
  | { kind: 'configure'; config: WorkerConfig }
  | { kind: 'request'; id: number; method: WorkerMethod; params: unknown }

export type WorkerToHost =
  | { kind: 'ready'; pid: number }
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: WorkerError }
