import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let cached: string | undefined

/**
 * The folder holding PhotoHouse's package.json: the repo when running from source (tsx), the app
 * folder when built (out/main/...), app.asar when packaged. Resources (migrations, models,
 * the built renderer) are found relative to it, whatever the entry point was.
 */
export function appRoot(): string {
  if (cached) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'photohouse') {
          cached = dir
          return dir
        }
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error('PhotoHouse: cannot find the application folder (package.json)')
    dir = parent
  }
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version
}
