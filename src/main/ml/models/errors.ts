// Typed errors of the model manager: callers (UI, tasks) branch on `code`, users read `message`.

export class UnknownModelError extends Error {
  readonly code = 'MODEL_UNKNOWN'
  constructor(readonly modelId: string) {
    super(`Unknown model "${modelId}": it is not in resources/models/manifest.json`)
    this.name = 'UnknownModelError'
  }
}

export class ModelMissingError extends Error {
  readonly code = 'MODEL_MISSING'
  constructor(
    readonly modelId: string,
    readonly missingFiles: string[],
    readonly searched: string[],
  ) {
    super(
      `Model "${modelId}" is not installed: missing ${missingFiles.join(', ')}. ` +
        `Looked in: ${searched.join('; ')}. Download it, or import a folder holding its files.`,
    )
    this.name = 'ModelMissingError'
  }
}

export interface ChecksumMismatch {
  file: string
  path: string
  expected: string
  actual: string
}

export class ModelChecksumError extends Error {
  readonly code = 'MODEL_CHECKSUM'
  constructor(
    readonly modelId: string,
    readonly mismatches: ChecksumMismatch[],
  ) {
    const first = mismatches[0]
    super(
      `Model "${modelId}" failed its checksum: ${mismatches.map((m) => m.file).join(', ')} ` +
        `${mismatches.length === 1 ? 'is' : 'are'} corrupt or a different version` +
        (first ? ` (${first.path}: expected sha256 ${first.expected}, got ${first.actual})` : ''),
    )
    this.name = 'ModelChecksumError'
  }
}

export class ModelDownloadError extends Error {
  readonly code = 'MODEL_DOWNLOAD'
  constructor(
    message: string,
    readonly modelId: string,
    /** False for answers that will not change on retry (404, no url). */
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'ModelDownloadError'
  }
}

/**
 * A model that is not installed, thrown here (ModelMissingError) or reported by the inference
 * worker (its errors cross the process boundary as a code).
 */
export function isModelMissing(error: unknown): boolean {
  return error instanceof ModelMissingError || (error as { code?: unknown } | null)?.code === 'MODEL_MISSING'
}
