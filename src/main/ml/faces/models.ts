import { InferenceSession } from 'onnxruntime-node'
import { FACE_EMBEDDING_MODEL_ID, type FaceModelPaths } from './model-files'

/** The four sessions the face pipeline needs; create with `loadFaceModels`. */
export interface FaceModels {
  /** UltraFace RFB-320 detector. */
  readonly detector: InferenceSession
  /** 68-point landmark regressor. */
  readonly landmarks: InferenceSession
  /** 512-d face embedder. */
  readonly embedder: InferenceSession
  /** BlazeFace short-range detector, used as a second opinion on crops. */
  readonly verifier: InferenceSession
  /** Identifies the embedding space of `embedder`. */
  readonly modelId: string
}

export interface LoadFaceModelsOptions {
  executionProviders?: InferenceSession.SessionOptions['executionProviders']
  /** Threads per session; defaults to onnxruntime's choice (all cores). */
  intraOpNumThreads?: number
}

interface ExpectedIo {
  inputs: Record<string, readonly number[]>
  outputs: Record<string, readonly number[]>
}

// Shapes as read from the files with onnxruntime-node; checked on load so a swapped or corrupted
// file fails loudly instead of producing garbage faces.
const EXPECTED: Record<keyof FaceModelPaths, ExpectedIo> = {
  detector: { inputs: { input: [1, 3, 240, 320] }, outputs: { scores: [1, 4420, 2], boxes: [1, 4420, 4] } },
  landmarks: { inputs: { input: [1, 1, 64, 64] }, outputs: { output: [1, 136] } },
  embedder: { inputs: { input: [1, 3, 112, 112] }, outputs: { output: [1, 512] } },
  verifier: {
    inputs: { 'input:0': [1, 128, 128, 3] },
    outputs: {
      'Identity:0': [1, 512, 1],
      'Identity_1:0': [1, 384, 1],
      'Identity_2:0': [1, 512, 16],
      'Identity_3:0': [1, 384, 16],
    },
  },
}

function checkIo(role: string, session: InferenceSession, expected: ExpectedIo): void {
  const check = (kind: string, metadata: readonly InferenceSession.ValueMetadata[], want: Record<string, readonly number[]>) => {
    for (const [name, shape] of Object.entries(want)) {
      const found = metadata.find((m) => m.name === name)
      const actual = found && found.isTensor ? found.shape : undefined
      if (!actual || actual.length !== shape.length || actual.some((d, i) => d !== shape[i])) {
        throw new Error(`Face model "${role}": ${kind} ${name} should be [${shape.join(',')}], found [${actual?.join(',') ?? 'none'}]`)
      }
    }
  }
  check('input', session.inputMetadata, expected.inputs)
  check('output', session.outputMetadata, expected.outputs)
}

export async function loadFaceModels(paths: FaceModelPaths, options: LoadFaceModelsOptions = {}): Promise<FaceModels> {
  const sessionOptions: InferenceSession.SessionOptions = {
    executionProviders: options.executionProviders ?? ['cpu'],
    graphOptimizationLevel: 'all',
    // The verifier graph carries unused initialisers; onnxruntime warns about each one on load.
    logSeverityLevel: 3,
    ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
  }
  const entries = await Promise.all(
    (Object.keys(EXPECTED) as (keyof FaceModelPaths)[]).map(async (role) => {
      let session: InferenceSession
      try {
        session = await InferenceSession.create(paths[role], sessionOptions)
      } catch (error) {
        throw new Error(`Cannot load face model "${role}" from ${paths[role]}: ${(error as Error).message}`)
      }
      checkIo(role, session, EXPECTED[role])
      return [role, session] as const
    }),
  )
  const sessions = Object.fromEntries(entries) as Record<keyof FaceModelPaths, InferenceSession>
  return { ...sessions, modelId: FACE_EMBEDDING_MODEL_ID }
}

export async function releaseFaceModels(models: FaceModels): Promise<void> {
  await Promise.all([models.detector, models.landmarks, models.embedder, models.verifier].map((s) => s.release()))
}
