import { isUtf8 } from 'node:buffer'
import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { sep } from 'node:path'

export interface ScannedFile {
  /** The file's path; for a name that is not valid UTF-8, a display form (see `rawPath`). */
  path: string
  size: number
  mtimeMs: number
  /**
   * Set when the path is not valid UTF-8 (Linux allows any bytes but "/" and NUL): `path` then
   * shows each bad byte as \xNN and cannot be opened, this is the path the file system knows.
   */
  rawPath?: Buffer
}

/** Lists a folder with byte-exact names (string names would turn invalid UTF-8 into U+FFFD). */
export type DirectoryReader = (dir: Buffer) => Promise<Dirent<Buffer>[]>

export const readDirectory: DirectoryReader = (dir) => readdir(dir, { encoding: 'buffer', withFileTypes: true })

/** Hidden files and folders (".thumbnails", ".DS_Store", "._IMG.JPG") are never photos the user meant. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.')
}

export interface WalkOptions {
  /** Which files to yield, by (display) path. */
  accept(path: string): boolean
  /** Folders never entered, e.g. the library's own folder when it sits inside a root. */
  skipDir?(path: string): boolean
  /**
   * A folder that could not be listed or a file that could not be stat'ed: what it holds is
   * unknown, not gone. The walk goes on without it.
   */
  onError?(path: string, error: Error): void
  /** The directory reader (tests inject EACCES/EIO, which chmod cannot produce for root). */
  readDir?: DirectoryReader
}

/**
 * Walks a folder depth-first, yielding the files `accept` keeps, with their size and mtime.
 * Symbolic links to folders are not followed (a link loop would never end; the watcher agrees).
 * Names are read as bytes, so a file whose name is not valid UTF-8 is still found (with `rawPath`).
 */
export async function* walkFiles(dir: string, options: WalkOptions): AsyncGenerator<ScannedFile> {
  const { accept, skipDir = () => false, onError = () => {}, readDir = readDirectory } = options
  const separator = Buffer.from(sep)
  const stack: Buffer[] = [Buffer.from(dir)]
  while (stack.length > 0) {
    const current = stack.pop()!
    let entries: Dirent<Buffer>[]
    try {
      entries = await readDir(current)
    } catch (error) {
      onError(displayPath(current), error as Error)
      continue
    }
    for (const entry of entries) {
      const name = displayPath(entry.name)
      if (isHiddenName(name)) continue
      const raw = Buffer.concat([current, current.at(-1) === separator[0] ? Buffer.alloc(0) : separator, entry.name])
      const full = displayPath(raw)
      if (entry.isDirectory()) {
        if (!skipDir(full)) stack.push(raw)
      } else if ((entry.isFile() || entry.isSymbolicLink()) && accept(full)) {
        try {
          const s = await stat(raw)
          if (s.isFile()) yield { path: full, size: s.size, mtimeMs: Math.floor(s.mtimeMs), ...(isUtf8(raw) ? {} : { rawPath: raw }) }
        } catch (error) {
          onError(full, error as Error)
        }
      }
    }
  }
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there does not start one. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!
  if (b0 < 0x80) return 1
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const b = bytes[i + k]
    return b !== undefined && b >= lo && b <= hi
  }
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // No overlong forms (E0 80..9F) and no UTF-16 surrogates (ED A0..BF).
    const second = b0 === 0xe0 ? cont(1, 0xa0) : b0 === 0xed ? cont(1, 0x80, 0x9f) : cont(1)
    return second && cont(2) ? 3 : 0
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const second = b0 === 0xf0 ? cont(1, 0x90) : b0 === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1)
    return second && cont(2) && cont(3) ? 4 : 0
  }
  return 0
}

/**
 * The path as text: valid UTF-8 decoded, every other byte as \xNN (as `ls -b` shows it), so that
 * two names differing only in their bad bytes stay two paths and the user can tell which file it is.
 */
export function displayPath(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8')
  let out = ''
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceLength(bytes, i)
    if (n === 0) {
      out += `\\x${bytes[i]!.toString(16).toUpperCase().padStart(2, '0')}`
      i++
    } else {
      out += bytes.toString('utf8', i, i + n)
      i += n
    }
  }
  return out
}
