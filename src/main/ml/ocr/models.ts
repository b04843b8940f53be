// Loads the three OCR sessions and the dictionary. All sessions get the same execution provider: the
// first in the caller's order that loads all three, with CPU as the last resort.
import { readFile } from 'node:fs/promises'
import { InferenceSession } from 'onnxruntime-node'
import type { OcrModelPaths } from './model-files'

export interface OcrModels {
  readonly detector: InferenceSession
  readonly classifier: InferenceSession
  readonly recognizer: InferenceSession
  /** Recognizer class i (i >= 1) is characters[i - 1]; class 0 is the CTC blank. */
  readonly characters: readonly string[]
  /** The execution provider the sessions run on, e.g. 'cpu'. */
  readonly provider: string
}

export interface LoadOcrModelsOptions {
  /** onnxruntime execution providers to try in order ('cuda', 'dml', 'coreml', 'cpu'...). Default ['cpu']. */
  executionProviders?: readonly string[]
  intraOpNumThreads?: number
}

type SessionRole = 'detector' | 'classifier' | 'recognizer'

// Checked on load so a swapped or corrupt file fails with a clear message instead of garbage text.
const EXPECTED_CHANNELS: Record<SessionRole, { inputRank: number; outputRank: number }> = {
  detector: { inputRank: 4, outputRank: 4 },
  classifier: { inputRank: 4, outputRank: 2 },
  recognizer: { inputRank: 4, outputRank: 3 },
}

function checkSession(role: SessionRole, session: InferenceSession): void {
  const input = session.inputMetadata[0]
  const output = session.outputMetadata[0]
  const expected = EXPECTED_CHANNELS[role]
  const ok =
    input?.isTensor === true &&
    output?.isTensor === true &&
    input.shape.length === expected.inputRank &&
    input.shape[1] === 3 &&
    output.shape.length === expected.outputRank
  if (!ok) throw new Error(`OCR ${role} model has unexpected inputs/outputs`)
}

/** The dictionary file plus the space PaddleOCR appends (use_space_char), as the recognizer expects. */
export async function loadCharacters(dictionaryPath: string): Promise<string[]> {
  let text: string
  try {
    text = await readFile(dictionaryPath, 'utf8')
  } catch (error) {
    throw new Error(`Cannot read OCR dictionary ${dictionaryPath}: ${(error as Error).message}`)
  }
  const lines = text.split(/\r?\n/)
  if (lines.at(-1) === '') lines.pop()
  return [...lines, ' ']
}

async function loadAll(paths: OcrModelPaths, provider: string, threads: number | undefined) {
  const options: InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    ...(threads ? { intraOpNumThreads: threads } : {}),
  }
  const roles: SessionRole[] = ['detector', 'classifier', 'recognizer']
  const settled = await Promise.allSettled(roles.map((role) => InferenceSession.create(paths[role], options)))
  const failed = settled.findIndex((s) => s.status === 'rejected')
  if (failed >= 0) {
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.release() : undefined)))
    const reason = (settled[failed] as PromiseRejectedResult).reason as Error
    throw new Error(`OCR ${roles[failed]} (${paths[roles[failed]!]}) on ${provider}: ${reason.message.split('\n')[0]}`)
  }
  const [detector, classifier, recognizer] = settled.map((s) => (s as PromiseFulfilledResult<InferenceSession>).value) as [
    InferenceSession,
    InferenceSession,
    InferenceSession,
  ]
  return { detector, classifier, recognizer }
}

export async function loadOcrModels(paths: OcrModelPaths, options: LoadOcrModelsOptions = {}): Promise<OcrModels> {
  const characters = await loadCharacters(paths.dictionary)
  const order = [...new Set([...(options.executionProviders ?? []), 'cpu'])]
  const errors: string[] = []
  for (const provider of order) {
    let sessions: Awaited<ReturnType<typeof loadAll>>
    try {
      sessions = await loadAll(paths, provider, options.intraOpNumThreads)
    } catch (error) {
      errors.push((error as Error).message)
      continue
    }
    try {
      for (const role of ['detector', 'classifier', 'recognizer'] as const) checkSession(role, sessions[role])
      const classes = sessions.recognizer.outputMetadata[0]
      const classCount = classes?.isTensor ? classes.shape[2] : undefined
      if (typeof classCount === 'number' && classCount !== characters.length + 1) {
        throw new Error(`OCR recognizer has ${classCount} classes but ${paths.dictionary} gives ${characters.length} + blank`)
      }
    } catch (error) {
      await releaseOcrModels(sessions)
      throw error
    }
    return { ...sessions, characters, provider }
  }
  throw new Error(`No execution provider could load the OCR models: ${errors.join('; ')}`)
}

export async function releaseOcrModels(models: Pick<OcrModels, SessionRole>): Promise<void> {
  await Promise.all([models.detector.release(), models.classifier.release(), models.recognizer.release()])
}
