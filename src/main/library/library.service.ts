import { realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import type { LibraryRoot } from '../../shared/domain'
import type { AssetsRepository, RootsRepository } from '../catalog'
import { isSupportedImagePath } from '../ingest'
import type { Pipeline, TaskHandler } from '../tasks'
import { walkFiles } from './scanner'
import { watchRoot, type RootWatcher } from './watcher'

export class LibraryInputError extends Error {
  readonly code = 'invalid-folder'
}

export interface LibraryServiceDeps {
  roots: RootsRepository
  assets: AssetsRepository
  pipeline: Pipeline
  libraryChanged(reason: 'import' | 'delete' | 'roots' | 'update'): void
  log(message: string): void
  watch: boolean
}

/** True when `child` is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

const SCAN_BATCH = 500

/** Library roots: adding, removing, scanning (which reconciles what changed while closed) and watching. */
export function createLibraryService(deps: LibraryServiceDeps) {
  const { roots, assets, pipeline } = deps
  const watchers = new Map<number, RootWatcher>()

  function startWatching(root: LibraryRoot): void {
    if (!deps.watch || watchers.has(root.id)) return
    watchers.set(
      root.id,
      watchRoot(root.id, root.path, isSupportedImagePath, {
        fileChanged: (rootId, path) => pipeline.filesSeen(rootId, [path]),
        fileRemoved: (_rootId, path) => {
          if (assets.removeLocations([path]) > 0) deps.libraryChanged('delete')
        },
        dirRemoved: (rootId, path) => {
          const gone = assets.locationsUnder(rootId, path).map((l) => l.path)
          if (gone.length > 0 && assets.removeLocations(gone) > 0) deps.libraryChanged('delete')
        },
        error: (rootId, error) => deps.log(`watcher error in root ${rootId}: ${error.message}`),
      }),
    )
  }

  const scan: TaskHandler<'library.scan'> = async ({ rootId }, ctx) => {
    const root = roots.get(rootId)
    if (!root) return // removed meanwhile
    try {
      if (!(await stat(root.path)).isDirectory()) throw new Error('not a directory')
    } catch {
      // An unplugged drive is not an empty folder: keep everything and try again next start.
      deps.log(`library folder ${root.path} is not reachable; skipping its scan`)
      return
    }
    const known = new Map(assets.locationsUnder(rootId).map((l) => [l.path, l]))
    const expected = Math.max(1, known.size)
    let seen = 0
    let batch: string[] = []
    const onDisk = new Set<string>()
    for await (const file of walkFiles(root.path, isSupportedImagePath, (p, e) => deps.log(`cannot read ${p}: ${e.message}`))) {
      if (ctx.signal.aborted) throw new Error('scan aborted')
      onDisk.add(file.path)
      const k = known.get(file.path)
      if (!k || k.assetId === null || k.size !== file.size || k.mtimeMs !== file.mtimeMs) batch.push(file.path)
      if (batch.length >= SCAN_BATCH) {
        pipeline.filesSeen(rootId, batch)
        batch = []
      }
      ctx.progress(Math.min(0.99, ++seen / expected))
    }
    pipeline.filesSeen(rootId, batch)
    const vanished = [...known.keys()].filter((p) => !onDisk.has(p))
    if (vanished.length > 0 && assets.removeLocations(vanished) > 0) deps.libraryChanged('delete')
  }

  return {
    handlers: { 'library.scan': scan },

    list: () => roots.list(),

    /**
     * Adds folders as library roots and queues their scan. A folder inside an existing root is
     * already in the library; a folder that contains existing roots takes them over.
     */
    async addRoots(paths: string[]): Promise<LibraryRoot[]> {
      const added: number[] = []
      for (const input of paths) {
        let path: string
        try {
          path = await realpath(resolve(input))
          if (!(await stat(path)).isDirectory()) throw new LibraryInputError(`Not a folder: ${input}`)
        } catch (e) {
          if (e instanceof LibraryInputError) throw e
          throw new LibraryInputError(`Folder not found: ${input}`)
        }
        const existing = roots.list()
        const outer = existing.find((r) => isInside(r.path, path))
        if (outer) {
          added.push(outer.id)
          continue
        }
        const id = roots.add(path)
        for (const inner of existing.filter((r) => isInside(path, r.path))) {
          // Removing the inner root hides its assets only until this root's scan reattaches them.
          await stopWatching(inner.id)
          roots.remove(inner.id)
        }
        added.push(id)
      }
      for (const id of new Set(added)) {
        pipeline.rootAdded(id)
        const root = roots.get(id)
        if (root) startWatching(root)
      }
      deps.libraryChanged('roots')
      return roots.list()
    },

    async removeRoot(rootId: number): Promise<boolean> {
      await stopWatching(rootId)
      const removed = roots.remove(rootId)
      if (removed) deps.libraryChanged('roots')
      return removed
    },

    /** On start: rescan every root (reconciles what changed while closed) and watch it. */
    startAll(): void {
      for (const root of roots.list()) {
        pipeline.rootAdded(root.id)
        startWatching(root)
      }
    },

    async stopAll(): Promise<void> {
      await Promise.all([...watchers.keys()].map(stopWatching))
    },

    /** The root that contains `path`, if any (used to refuse serving files outside the library). */
    rootOf(path: string): LibraryRoot | undefined {
      const normalized = resolve(path)
      return roots.list().find((r) => isInside(r.path, normalized))
    },
  }

  async function stopWatching(rootId: number): Promise<void> {
    const w = watchers.get(rootId)
    watchers.delete(rootId)
    await w?.close()
  }
}

export type LibraryService = ReturnType<typeof createLibraryService>
