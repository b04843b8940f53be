import { lstat, realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import type { LibraryRoot } from '../../shared/domain'
import type { AssetsRepository, RootsRepository } from '../catalog'
import { hashFile, isSupportedImagePath } from '../ingest'
import { isVideoPath } from '../video'
import type { Pipeline, TaskHandler } from '../tasks'
import { displayPath, isHiddenName, readDirectory, walkFiles, type DirectoryReader, type ScannedFile } from './scanner'
import { watchRoot, type RootWatcher } from './watcher'
import { planRelink } from './relink'
import type { RelinkResult } from '../../shared/export'

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
  /**
   * Folders never scanned nor watched: the library's own (catalog, thumbnail cache, models), which
   * may sit inside a root; its thumbnails would otherwise be imported as photos. Real paths.
   */
  excludedDirs?: string[]
  /** The directory reader of scans (tests inject EACCES/EIO, which chmod cannot produce for root). */
  readDir?: DirectoryReader
  /** A relink changed these photos' paths (search words of theirs). */
  pathsChanged?(assetIds: number[]): void
  /**
   * Files that are no assets but part of one (a live photo's MOV): the watcher and scans tell
   * when they are gone, as they do for the assets' own files.
   */
  companionFiles?: { under(dir: string): string[]; gone(paths: string[]): void }
}

/** Why a file with a non-UTF-8 name is listed as broken instead of imported. */
export const UNREADABLE_NAME_MESSAGE =
  'The file name is not valid UTF-8, so PhotoHouse cannot open it by name. Rename the file (e.g. with a file manager) to import it.'

/** True when `child` is `parent` or inside it. */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

const SCAN_BATCH = 500

/** Photos and videos: what a scan or the watcher picks up. */
export const isSupportedMediaPath = (path: string): boolean => isSupportedImagePath(path) || isVideoPath(path)

/** Library roots: adding, removing, scanning (which reconciles what changed while closed) and watching. */
export function createLibraryService(deps: LibraryServiceDeps) {
  const { roots, assets, pipeline } = deps
  const readDir = deps.readDir ?? readDirectory
  const watchers = new Map<number, RootWatcher>()
  const excluded = (path: string) => (deps.excludedDirs ?? []).some((dir) => isInside(dir, path))

  /**
   * Null when the root's folder can be read, else why not. A folder that exists but is empty while
   * the catalog knows files in it is what an unmounted drive's mount point looks like: unreachable,
   * not emptied (removing the root is how the user says the files are gone).
   */
  async function unreachableReason(root: LibraryRoot): Promise<string | null> {
    try {
      if (!(await stat(root.path)).isDirectory()) return 'not a folder'
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'folder not found (drive not connected?)' : `cannot open: ${(e as Error).message}`
    }
    let entries
    try {
      entries = await readDir(Buffer.from(root.path))
    } catch (e) {
      return `cannot read: ${(e as Error).message}`
    }
    const visible = entries.some((e) => !isHiddenName(displayPath(e.name)))
    if (!visible && root.fileCount > 0) return 'folder is empty but held photos (drive not mounted?)'
    return null
  }

  async function markReachability(root: LibraryRoot): Promise<boolean> {
    const reason = await unreachableReason(root)
    const before = root.unreachable?.reason ?? null
    roots.setUnreachable(root.id, reason)
    if (reason !== before) {
      if (reason !== null) deps.log(`library folder ${root.path} is unreachable (${reason}); its photos are kept as they were`)
      deps.libraryChanged('roots')
    }
    return reason === null
  }

  /**
   * The watcher says a file or folder is gone: forget it only if it really is, and its root is
   * still readable (an unmounted drive reports its whole tree as deleted).
   */
  async function forgetIfGone(rootId: number, paths: string[]): Promise<void> {
    const root = roots.get(rootId)
    if (!root || paths.length === 0 || !(await markReachability(root))) return
    const gone: string[] = []
    for (const path of paths) {
      try {
        await lstat(path)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') gone.push(path)
      }
    }
    if (gone.length > 0 && assets.removeLocations(gone) > 0) deps.libraryChanged('delete')
    if (gone.length > 0) deps.companionFiles?.gone(gone)
  }

  /** A file whose name is not valid UTF-8 is hashed and listed as broken with the reason. */
  async function recordUnreadableName(rootId: number, file: ScannedFile & { rawPath: Buffer }): Promise<void> {
    const known = assets.location(file.path)
    if (known?.assetId != null && known.size === file.size && known.mtimeMs === file.mtimeMs) return
    try {
      const { sha256, size } = await hashFile(file.rawPath)
      assets.recordUnreadableName({ sha256, size, path: file.path, rootId, mtimeMs: file.mtimeMs, message: UNREADABLE_NAME_MESSAGE })
      deps.log(`${file.path}: ${UNREADABLE_NAME_MESSAGE}`)
      deps.libraryChanged('import')
    } catch (e) {
      deps.log(`cannot read ${file.path}: ${(e as Error).message}`)
    }
  }

  // A check still running when the app closes (the catalog is gone) must not become an unhandled rejection.
  const watchFailed = (rootId: number) => (error: unknown) => deps.log(`watcher event in root ${rootId} failed: ${(error as Error).message}`)

  function startWatching(root: LibraryRoot): void {
    if (!deps.watch || watchers.has(root.id)) return
    watchers.set(
      root.id,
      watchRoot(
        root.id,
        root.path,
        isSupportedMediaPath,
        {
          fileChanged: (rootId, path) => pipeline.filesSeen(rootId, [path]),
          fileRemoved: (rootId, path) => void forgetIfGone(rootId, [path]).catch(watchFailed(rootId)),
          dirRemoved: (rootId, path) =>
            void forgetIfGone(rootId, [
              ...assets.locationsUnder(rootId, path).map((l) => l.path),
              ...(deps.companionFiles?.under(path) ?? []),
            ]).catch(watchFailed(rootId)),
          error: (rootId, error) => deps.log(`watcher error in root ${rootId}: ${error.message}`),
        },
        { skipDir: excluded },
      ),
    )
  }

  const scan: TaskHandler<'library.scan'> = async ({ rootId }, ctx) => {
    const root = roots.get(rootId)
    if (!root) return // removed meanwhile
    // An unplugged drive is not an empty folder: keep everything and try again next start.
    if (!(await markReachability(root))) return
    const known = new Map(assets.locationsUnder(rootId).map((l) => [l.path, l]))
    const expected = Math.max(1, known.size)
    let seen = 0
    let batch: string[] = []
    const onDisk = new Set<string>()
    // Folders and files that could not be read: what they hold is unknown, so none of it is missing.
    const unread: string[] = []
    const walk = walkFiles(root.path, {
      accept: isSupportedMediaPath,
      skipDir: excluded,
      readDir,
      onError: (p, e) => {
        unread.push(p)
        deps.log(`cannot read ${p}: ${e.message}`)
      },
    })
    for await (const file of walk) {
      if (ctx.signal.aborted) throw new Error('scan aborted')
      onDisk.add(file.path)
      if (file.rawPath) {
        await recordUnreadableName(rootId, { ...file, rawPath: file.rawPath })
        continue
      }
      const k = known.get(file.path)
      if (!k || k.assetId === null || k.size !== file.size || k.mtimeMs !== file.mtimeMs) batch.push(file.path)
      if (batch.length >= SCAN_BATCH) {
        pipeline.filesSeen(rootId, batch)
        batch = []
      }
      ctx.progress(Math.min(0.99, ++seen / expected))
    }
    pipeline.filesSeen(rootId, batch)
    const isGone = (p: string) => !onDisk.has(p) && !unread.some((dir) => isInside(dir, p))
    const vanished = [...known.keys()].filter(isGone)
    if (vanished.length > 0 && assets.removeLocations(vanished) > 0) deps.libraryChanged('delete')
    const companionsGone = (deps.companionFiles?.under(root.path) ?? []).filter(isGone)
    if (companionsGone.length > 0) deps.companionFiles?.gone(companionsGone)
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
        // Its thumbnails are no photos; a folder around the library is fine (the library is skipped).
        if (excluded(path)) {
          throw new LibraryInputError(`That folder holds PhotoHouse's own library: ${input}`)
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

    /**
     * "Locate folder": the root `rootId` is now at `newPath`. Its files are looked for there by
     * relative path and checked (size, time, SHA-256: see relink.ts); those found keep their ids,
     * faces, albums and names, the others become missing and are listed. A folder where none of its
     * files is found is refused, and so is a root still readable at its old place.
     */
    async relinkRoot(rootId: number, newPath: string): Promise<RelinkResult> {
      const root = roots.get(rootId)
      if (!root) throw new LibraryInputError(`No library folder with id ${rootId}`)
      let path: string
      try {
        path = await realpath(resolve(newPath))
        if (!(await stat(path)).isDirectory()) throw new LibraryInputError(`Not a folder: ${newPath}`)
      } catch (e) {
        if (e instanceof LibraryInputError) throw e
        throw new LibraryInputError(`Folder not found: ${newPath}`)
      }
      if (path === root.path) throw new LibraryInputError(`${newPath} is where this library folder already is`)
      if ((await unreachableReason(root)) === null) {
        throw new LibraryInputError(`${root.path} can still be read at its old place: nothing to relink (add ${newPath} as a folder instead)`)
      }
      if (excluded(path)) throw new LibraryInputError(`That folder holds PhotoHouse's own library: ${newPath}`)
      const other = roots.list().find((r) => r.id !== rootId && (isInside(r.path, path) || isInside(path, r.path)))
      if (other) throw new LibraryInputError(`${newPath} overlaps the library folder ${other.path}`)
      const files = roots.filesOf(rootId)
      const plan = await planRelink(root.path, path, files, async (p) => (await hashFile(p)).sha256)
      if (plan.moved.length === 0) {
        throw new LibraryInputError(`None of the ${files.length} files of ${root.path} is in ${newPath} (same relative path and content): not relinked`)
      }
      await stopWatching(rootId)
      roots.relink(rootId, path, plan.moved, plan.missing.map((m) => m.path))
      deps.log(`library folder ${root.path} relinked to ${path}: ${plan.moved.length} files found, ${plan.missing.length} missing`)
      deps.pathsChanged?.([...new Set(plan.moved.flatMap((m) => (m.assetId === null ? [] : [m.assetId])))])
      // A rescan picks up what is new there; the watcher follows the folder to its new place.
      pipeline.rootAdded(rootId)
      const moved = roots.get(rootId)
      if (moved) startWatching(moved)
      deps.libraryChanged('roots')
      return { rootId, oldPath: root.path, newPath: path, relinked: plan.moved.length, hashed: plan.hashed, missing: plan.missing }
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
