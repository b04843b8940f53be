// Where the app's read-only resources (resources/models/...) are. From source that is the repo's
// resources/ folder; a packaged app passes its own (Electron: process.resourcesPath based).
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export function defaultResourcesDir(): string {
  // This file is src/main/ml/resources.ts: the repo root is three levels up.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'resources')
}
