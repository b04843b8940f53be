// `photohouse trash list|restore`: the trash from the command line, over the same repository and
// service as the app's Trash screen.
import { createApp, openCatalog } from '../app'
import { createTrashRepository } from '../catalog'
import { TRASH_RETENTION_DAYS } from '../../shared/trash'
import type { CliIo } from './albums'

export interface TrashCliOptions {
  json: boolean
}

export const TRASH_USAGE = `  trash list [--json]              photos in the trash, newest trashed first, with days left and files
  trash restore <assetId...>       back into the library, intact (one undoable step)`

const DAY_MS = 24 * 3600 * 1000
/** Rows read per query: the trash can hold a whole library. */
const PAGE = 2000

export async function runTrash(libraryDir: string, args: string[], options: TrashCliOptions, io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'list') {
    if (rest.length > 0) throw io.usage('trash list [--json]')
    return listTrash(libraryDir, options.json, io)
  }
  if (sub !== 'restore') throw io.usage(`Unknown trash command: ${sub ?? '(none)'}`)
  if (rest.length === 0) throw io.usage('trash restore <assetId...>')
  const ids = rest
    .flatMap((t) => t.split(','))
    .map((t) => {
      const n = Number(t)
      if (!Number.isSafeInteger(n) || n <= 0) throw io.usage(`Bad asset id: ${t}`)
      return n
    })
  const app = createApp({ libraryDir, log: (m) => process.stderr.write(`[photohouse] ${m}\n`) })
  try {
    // Ids not in the trash (never trashed, unknown, or emptied from it) are said, not silently skipped.
    const state = createTrashRepository(app.db).trashStateOf(ids)
    const notInTrash = [...new Set(ids)].filter((id) => !state.get(id))
    const result = app.trash.restore(ids)
    if (options.json) io.write(JSON.stringify({ restored: result.changed, notInTrash, undo: result.undo }))
    else {
      io.write(`Restored ${result.changed} photo(s) from the trash`)
      if (notInTrash.length > 0) io.write(`Not in the trash: ${notInTrash.join(' ')}`)
    }
    return 0
  } finally {
    await app.close()
  }
}

/** Read-only: beside a running app, nothing is written and no lock is taken. */
function listTrash(libraryDir: string, json: boolean, io: CliIo): number {
  const db = openCatalog(libraryDir, { readOnly: true })
  try {
    const repo = createTrashRepository(db)
    const now = Date.now()
    const rows: { assetId: number; trashedAt: string; daysLeft: number; paths: string[] }[] = []
    for (let offset = 0; ; offset += PAGE) {
      const page = repo.list(offset, PAGE)
      for (const item of page) {
        rows.push({
          assetId: item.id,
          trashedAt: item.trashedAt,
          // As the Trash screen counts them (whole days until the purge at start).
          daysLeft: Math.max(0, Math.ceil((Date.parse(item.trashedAt) + TRASH_RETENTION_DAYS * DAY_MS - now) / DAY_MS)),
          paths: repo.filesOf(item.id).map((f) => f.path),
        })
      }
      if (page.length < PAGE) break
    }
    if (json) io.write(JSON.stringify(rows, null, 2))
    else for (const r of rows) io.write(`${r.assetId}\t${r.daysLeft} days left\t${r.paths[0] ?? '(no file)'}`)
    return 0
  } finally {
    db.close()
  }
}
