// `photohouse roots relink <old> <new>`: "Locate folder" from the command line, over the same library
// service as the app's button.
import { resolve } from 'node:path'
import { createApp } from '../app'
import type { CliIo } from './albums'

export const ROOTS_USAGE = `  roots relink <old folder or id> <new folder> [--json]
                                   a library folder that moved: its photos found at the new place
                                   (same relative path and content) keep ids, faces, albums, names`

export async function runRoots(libraryDir: string, args: string[], options: { json: boolean }, io: CliIo): Promise<number> {
  const [sub, old, newPath, ...extra] = args
  if (sub !== 'relink') throw io.usage(`Unknown roots command: ${sub ?? '(none)'}`)
  if (old === undefined || newPath === undefined || extra.length > 0) throw io.usage('roots relink <old folder or id> <new folder>')
  const app = createApp({ libraryDir, log: (m) => process.stderr.write(`[photohouse] ${m}\n`) })
  try {
    const roots = app.library.list()
    // The old folder is gone, so it cannot be resolved through the disk: matched as written, or by id.
    const root = /^\d+$/.test(old) ? roots.find((r) => r.id === Number(old)) : roots.find((r) => r.path === old || r.path === resolve(old))
    if (!root) throw new Error(`No library folder ${old} (library folders: ${roots.map((r) => `${r.id} ${r.path}`).join(', ') || 'none'})`)
    const result = await app.library.relinkRoot(root.id, newPath)
    if (options.json) io.write(JSON.stringify(result, null, 2))
    else {
      io.write(`Relinked ${result.oldPath} to ${result.newPath}: ${result.relinked} file(s) found (${result.hashed} checked by SHA-256), ${result.missing.length} missing`)
      for (const m of result.missing) io.write(`  missing: ${m.path}: ${m.reason}`)
    }
    return 0
  } finally {
    await app.close()
  }
}
