import { watch } from 'chokidar'
import { isHiddenName } from './scanner'
import { basename } from 'node:path'

export interface WatchHandlers {
  /** A file appeared or its content changed (after its writes settled). */
  fileChanged(rootId: number, path: string): void
  fileRemoved(rootId: number, path: string): void
  dirRemoved(rootId: number, path: string): void
  error(rootId: number, error: Error): void
}

export interface RootWatcher {
  /** Settles once the initial tree is watched: changes after it are reported. */
  ready: Promise<void>
  close(): Promise<void>
}

/**
 * Watches one library root. The initial state is handled by a scan task (ignoreInitial), so the
 * watcher only reports what changes while the app runs; a rename arrives as remove + add and the
 * content hash reattaches the file to its asset.
 */
export function watchRoot(
  rootId: number,
  rootPath: string,
  accept: (path: string) => boolean,
  handlers: WatchHandlers,
  options: { usePolling?: boolean; stabilityMs?: number; skipDir?: (path: string) => boolean } = {},
): RootWatcher {
  const skipDir = options.skipDir ?? (() => false)
  const watcher = watch(rootPath, {
    ignoreInitial: true,
    persistent: true,
    ignored: (path: string) => path !== rootPath && (isHiddenName(basename(path)) || skipDir(path)),
    // As the scanner: a link to a folder is not entered (a link loop would be walked ~40 levels
    // deep, each level another path for the same files); a link to a photo is still reported.
    followSymlinks: false,
    // A photo being copied in is reported once, when its size stops changing.
    awaitWriteFinish: { stabilityThreshold: options.stabilityMs ?? 400, pollInterval: 100 },
    usePolling: options.usePolling ?? false,
  })
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  watcher.on('add', (p) => accept(p) && handlers.fileChanged(rootId, p))
  watcher.on('change', (p) => accept(p) && handlers.fileChanged(rootId, p))
  watcher.on('unlink', (p) => accept(p) && handlers.fileRemoved(rootId, p))
  watcher.on('unlinkDir', (p) => handlers.dirRemoved(rootId, p))
  watcher.on('error', (e) => handlers.error(rootId, e instanceof Error ? e : new Error(String(e))))
  return { ready, close: () => watcher.close() }
}
