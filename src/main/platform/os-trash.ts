// Moving a user's original file to the operating system's trash, from where they can take it back.
// The Electron shell passes shell.trashItem; elsewhere (browser mode, the CLI) the `trash` package
// does the same (on Linux its own freedesktop.org implementation: ~/.local/share/Trash or the
// volume's .Trash-uid). A file is never unlinked.
import { lstat } from 'node:fs/promises'

export type TrashItem = (path: string) => Promise<void>

/** `trash` as a fallback for shells without a native call. Throws when the file was not moved. */
export const moveToOsTrash: TrashItem = async (path) => {
  // `trash` ignores paths that do not exist: say so instead of reporting a success.
  await lstat(path)
  // ESM-only package, loaded on first use (Electron never needs it).
  const { default: trash } = await import('trash')
  // No globbing: a file named "[1].jpg" is that file, not a pattern.
  await trash([path], { glob: false })
  const still = await lstat(path).then(
    () => true,
    () => false,
  )
  if (still) throw new Error('the file is still there after moving it to the trash')
}
