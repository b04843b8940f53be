/**
 * User text inside a LIKE pattern: `%` and `_` are wildcards there, so "a_b" would match "axb" and
 * "100%" anything starting with 100. Every LIKE over typed text escapes them with this and says
 * `ESCAPE '\'` (LIKE_ESCAPE); the backslash itself is escaped too, so it stays a character.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** The clause that goes after `LIKE ?` for patterns made with escapeLike. */
export const LIKE_ESCAPE = `ESCAPE '\\'`
