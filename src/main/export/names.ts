// File names of an export: the original's name, and on a collision the name a file manager would
// give (`IMG_1.jpg`, `IMG_1 (2).jpg`), never a name already taken in the target.
import { extname } from 'node:path'

export function splitName(name: string): { stem: string; ext: string } {
  const ext = extname(name)
  // A dot file (".jpg") has no stem to keep apart from its extension.
  if (ext === name) return { stem: name, ext: '' }
  return { stem: name.slice(0, name.length - ext.length), ext }
}

/** The n-th candidate of a name: n = 1 is the name itself, then `stem (n).ext`. */
export function numbered(stem: string, ext: string, n: number): string {
  return n === 1 ? `${stem}${ext}` : `${stem} (${n})${ext}`
}

/**
 * Hands out names unused in one target (a folder or a .zip). Names are compared without case, as
 * on the file systems of Windows and macOS (and so a .zip unpacks there without a clash). `taken`
 * says whether a name is already there (a folder's existing files; nothing for a new .zip).
 */
export class NameAllocator {
  private readonly used = new Set<string>()

  constructor(private readonly taken: (name: string) => boolean = () => false) {}

  /**
   * A free name for `stem` + `ext` such that each companion name made from it (a sidecar beside the
   * photo) is free too; all of them are then marked used.
   */
  allocate(stem: string, ext: string, companions: ((stem: string, ext: string) => string)[] = []): { name: string; companions: string[] } {
    for (let n = 1; ; n++) {
      const candidateStem = n === 1 ? stem : `${stem} (${n})`
      const names = [candidateStem + ext, ...companions.map((c) => c(candidateStem, ext))]
      if (names.some((name) => this.used.has(name.toLowerCase()) || this.taken(name))) continue
      for (const name of names) this.used.add(name.toLowerCase())
      return { name: names[0]!, companions: names.slice(1) }
    }
  }

  /** Marks a name used (one found taken on disk after all, by a writer that raced us). */
  reserve(name: string): void {
    this.used.add(name.toLowerCase())
  }
}

/** Characters no file system accepts in a name (Windows' set, the strictest), and control characters. */
export function safeFileName(name: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').replace(/[. ]+$/, '').trim()
  return cleaned.length > 0 ? cleaned.slice(0, 150) : fallback
}
