// The models folders looked in, in order. One list for the model manager and for callers that find
// files without it (the inference worker's face models), so every model is found the same way.
import path from 'node:path'

/** Where a model's files were found, in lookup order ('npm': an npm package or its unpacked copy). */
export type ModelLocation = 'env' | 'user' | 'resources' | 'npm'

export interface ModelSearchRootsOptions {
  /** Read for PHOTOHOUSE_MODELS_DIR. */
  env: Record<string, string | undefined>
  /** <library>/models: where downloads and imports go. Skipped when unknown to the caller. */
  userModelsDir?: string
  /** The app's resources folder (bundled models sit in its models/ subfolder). */
  resourcesDir: string
}

/** Folders holding one <model id>/ subfolder per model: $PHOTOHOUSE_MODELS_DIR, user, bundled. */
export function modelSearchRoots(options: ModelSearchRootsOptions): { location: ModelLocation; root: string }[] {
  const roots: { location: ModelLocation; root: string }[] = []
  const envDir = options.env['PHOTOHOUSE_MODELS_DIR']
  if (envDir) roots.push({ location: 'env', root: path.resolve(envDir) })
  if (options.userModelsDir) roots.push({ location: 'user', root: path.resolve(options.userModelsDir) })
  roots.push({ location: 'resources', root: path.join(path.resolve(options.resourcesDir), 'models') })
  return roots
}
