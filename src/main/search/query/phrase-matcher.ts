// Word-level matching of known names (people, cameras, places) in a query: case- and accent-
// insensitive, multi-word, longest match first.

export interface Token {
  readonly start: number
  readonly end: number
  /** Lowercased, accents removed, possessive "'s" dropped: "Zoë's" -> "zoe". */
  readonly norm: string
}

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu

export function normalizeWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]s\b/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
}

export function tokenize(text: string): Token[] {
  return [...text.matchAll(WORD)].map((match) => ({ start: match.index, end: match.index + match[0].length, norm: normalizeWords(match[0]) }))
}

export interface PhraseMatch {
  readonly start: number
  readonly end: number
  readonly values: readonly string[]
}

/**
 * Scans `text` left to right; at each word tries the longest run of up to `maxWords` words first.
 * Words must be separated only by spaces or commas (a masked span '|' breaks a run).
 * `lookup` gets the normalised phrase and the phrase as typed, and returns what it names, or null.
 */
export function matchPhrases(
  text: string,
  maxWords: number,
  lookup: (norm: string, typed: string) => readonly string[] | null,
): PhraseMatch[] {
  const tokens = tokenize(text)
  const matches: PhraseMatch[] = []
  let i = 0
  while (i < tokens.length) {
    let matched = false
    // Longest run of adjacent words starting at i.
    let runEnd = i + 1
    while (runEnd < tokens.length && runEnd - i < maxWords && /^[\s,]*$/u.test(text.slice(tokens[runEnd - 1]!.end, tokens[runEnd]!.start))) runEnd += 1
    for (let j = runEnd; j > i; j -= 1) {
      const words = tokens.slice(i, j)
      const start = words[0]!.start
      const end = words.at(-1)!.end
      const values = lookup(words.map((word) => word.norm).join(' '), text.slice(start, end).replace(/\s+/gu, ' '))
      if (values && values.length > 0) {
        matches.push({ start, end, values })
        i = j
        matched = true
        break
      }
    }
    if (!matched) i += 1
  }
  return matches
}
