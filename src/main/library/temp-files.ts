import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { isProcessAlive } from '../platform/process-alive'

/**
 * The app writes files beside their target under a name carrying its pid, then renames them:
 * `<target>.<pid>.tmp`, `<target>.<pid>-<random>.tmp` (thumbnails) and `<target>.<pid>.partial`.
 * A crash between the write and the rename leaves them behind for good.
 */
const TEMP_NAME = /\.(\d+)(?:-[0-9a-f]+)?\.(?:tmp|partial)$/

/**
 * Deletes temporary files that a process no longer running left in the app's own folder (the
 * library: catalog, thumbnail cache, vector indexes, models). A running process's files are kept:
 * a read-only reader of the same library may be writing one. Call it only on a folder the app
 * owns, never on a photo root; `skipDirs` are never entered (a photo root inside it, if any).
 * Returns the paths removed.
 */
export async function removeStaleTempFiles(dir: string, options: { skipDirs?: string[]; log?: (message: string) => void } = {}): Promise<string[]> {
  const skip = new Set(options.skipDirs ?? [])
  const removed: string[] = []
  const stack = [dir]
  while (stack.length > 0) {
    const current = stack.pop()!
    let entries
    try {
      entries = await readdir(current, { withFileTypes: true })
    } catch {
      continue // gone or unreadable: nothing of ours to clean there
    }
    for (const entry of entries) {
      const full = join(current, entry.name)
      if (entry.isDirectory()) {
        if (!skip.has(full)) stack.push(full)
        continue
      }
      const pid = TEMP_NAME.exec(entry.name)?.[1]
      if (!entry.isFile() || pid === undefined || isProcessAlive(Number(pid))) continue
      try {
        await rm(full, { force: true })
        removed.push(full)
      } catch (e) {
        options.log?.(`cannot remove stale temporary file ${full}: ${(e as Error).message}`)
      }
    }
  }
  return removed
}
