/**
 * A folder as the start of the paths inside it: with its separator at the end (a backslash for a
 * Windows path), so "/photos/2020" does not also match "/photos/2020-old". Compared with
 * `substr(path, 1, length) = prefix`, never LIKE (a folder name may hold % or _).
 */
export function folderPrefix(dir: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? dir : dir + (dir.includes('\\') ? '\\' : '/')
}
