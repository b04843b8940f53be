// A folder path typed or pasted by the user in browser mode (where a dropped folder has no path).

/** Trims blanks and the quotes that "Copy as path" (Windows) or shells add around a path. */
export function normalizeTypedPath(input: string): string {
  let path = input.trim()
  const quoted = /^(["'])(.*)\1$/.exec(path)
  if (quoted) path = (quoted[2] ?? '').trim()
  // file:///home/me/Photos (pasted from a browser's address bar) → /home/me/Photos
  if (/^file:\/\//i.test(path)) {
    try {
      const url = new URL(path)
      const decoded = decodeURIComponent(url.pathname)
      path = /^\/[a-zA-Z]:\//.test(decoded) ? decoded.slice(1) : decoded
    } catch {
      // Not a valid URL after all: keep what was typed and let the server explain.
    }
  }
  return path
}

/** Last segment of a POSIX or Windows path, for labels ("/home/me/Photos/" → "Photos"). */
export function folderName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '')
  const segments = trimmed.split(/[\\/]/)
  return segments[segments.length - 1] || path
}
