import { opendir, stat } from 'node:fs/promises'
import { join } from 'node:path'

export interface ScannedFile {
  path: string
  size: number
  mtimeMs: number
}

/** Hidden files and folders (".thumbnails", ".DS_Store", "._IMG.JPG") are never photos the user meant. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.')
}

/**
 * Walks a folder depth-first, yielding the files `accept` keeps, with their size and mtime.
 * Unreadable subfolders are reported through onError and skipped: one bad folder must not stop a scan.
 */
export async function* walkFiles(
  dir: string,
  accept: (path: string) => boolean,
  onError: (path: string, error: Error) => void = () => {},
): AsyncGenerator<ScannedFile> {
  const stack = [dir]
  while (stack.length > 0) {
    const current = stack.pop()!
    let handle
    try {
      handle = await opendir(current, { bufferSize: 256 })
    } catch (error) {
      onError(current, error as Error)
      continue
    }
    for await (const entry of handle) {
      if (isHiddenName(entry.name)) continue
      const full = join(current, entry.name)
      if (entry.isDirectory()) stack.push(full)
      else if ((entry.isFile() || entry.isSymbolicLink()) && accept(full)) {
        try {
          const s = await stat(full)
          if (s.isFile()) yield { path: full, size: s.size, mtimeMs: Math.floor(s.mtimeMs) }
        } catch (error) {
          onError(full, error as Error)
        }
      }
    }
  }
}
