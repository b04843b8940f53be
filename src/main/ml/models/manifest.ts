// The catalogue of models PhotoHouse knows (resources/models/manifest.json), checked with zod when
// loaded so a malformed entry fails loudly at start-up rather than as a confusing error mid-download.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

export const MODEL_TASKS = [
  'classify',
  'clip-image',
  'clip-text',
  'tokenizer',
  'face-detect',
  'face-landmarks',
  'face-embed',
  'ocr-detect',
  'ocr-recognize',
  'ocr-angle',
] as const
export type ModelTask = (typeof MODEL_TASKS)[number]

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits')
/** A file name, never a path: it is joined onto model folders. */
const FileName = z.string().regex(/^[A-Za-z0-9._-]+$/, 'file names are plain names, no paths')

const NpmSource = z
  .object({
    package: z.string().min(1),
    version: z.string().min(1),
    /** Path of the file inside the installed package folder. */
    path: z.string().min(1),
  })
  .strict()

const ModelFile = z
  .object({
    name: FileName,
    /** Exact byte size, or null when only known approximately (then `approxSize`). */
    size: z.number().int().positive().nullable(),
    approxSize: z.number().int().positive().optional(),
    sha256: Sha256,
    url: z.url().optional(),
    npm: NpmSource.optional(),
  })
  .strict()
  .refine((f) => f.url !== undefined || f.npm !== undefined, 'a file needs a url or an npm source')

const InputSpec = z
  .object({
    name: z.string(),
    /** [width, height]; null for a dynamic side. */
    size: z.tuple([z.number().int().positive().nullable(), z.number().int().positive()]).optional(),
    resize: z.enum(['shorter-side', 'stretch']).optional(),
    /** Target of the shorter side before the crop. */
    resizeTo: z.number().int().positive().optional(),
    interpolation: z.enum(['bilinear', 'bicubic', 'lanczos3']).optional(),
    crop: z.enum(['center']).optional(),
    /** Multiplier applied to 0..255 pixel values before mean/std. */
    scale: z.number().positive().optional(),
    mean: z.array(z.number()).optional(),
    std: z.array(z.number().positive()).optional(),
    layout: z.enum(['NCHW', 'NHWC']).optional(),
    channels: z.enum(['RGB', 'BGR', 'grey']).optional(),
    dtype: z.enum(['float32', 'int32', 'int64']),
    contextLength: z.number().int().positive().optional(),
    tokenizer: z.object({ model: z.string(), files: z.array(FileName) }).strict().optional(),
  })
  .strict()

const ModelEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    task: z.enum(MODEL_TASKS),
    version: z.string(),
    license: z.string(),
    comment: z.string().optional(),
    files: z.array(ModelFile).min(1),
    input: InputSpec.optional(),
    output: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .strict()

const Manifest = z
  .object({
    $comment: z.string().optional(),
    models: z.array(ModelEntry).min(1),
  })
  .strict()
  .refine((m) => new Set(m.models.map((e) => e.id)).size === m.models.length, 'model ids must be unique')

export type ModelFileSpec = z.infer<typeof ModelFile>
export type ModelInputSpec = z.infer<typeof InputSpec>
export type ModelSpec = z.infer<typeof ModelEntry>
export type ModelManifest = z.infer<typeof Manifest>

/** Parses a manifest object; throws a readable error naming the bad field. */
export function parseManifest(value: unknown): ModelManifest {
  const parsed = Manifest.safeParse(value)
  if (!parsed.success) throw new Error(`Invalid model manifest: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}

/** Reads `<resourcesDir>/models/manifest.json`. */
export function loadManifest(resourcesDir: string): ModelManifest {
  const file = path.join(resourcesDir, 'models', 'manifest.json')
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`Cannot read the model manifest ${file}: ${error instanceof Error ? error.message : error}`)
  }
  return parseManifest(raw)
}
