// Splits run-together English words: the OCR recogniser often drops the space between the words of
// a sign ("theship", "NOPARKING", "ALLTIMES"), and a search for "ship" or "parking" must still find it.
// wordsninja does the split (the most probable run of words under a word-frequency model, as Python's
// wordninja, MIT); its list of 126k words, most frequent first (English Wikipedia), also says which
// tokens are words already and how common each piece is.
import { createRequire } from 'node:module'
import WordsNinja from 'wordsninja'

/** Shorter tokens are words or abbreviations far more often than two words run together ("xtrax"). */
const MIN_LETTERS = 6
/**
 * Short pieces must be fairly common words ("at", "no", "pub", "city"): rare short words ("ioe", "sse",
 * "ginn") are what the splitter falls back on for names and misreadings it does not know ("Wiveniioe",
 * "Wastenginn"). Single letters never count. Longer pieces may be any listed word ("priory").
 */
function commonEnough(piece: string, rank: number): boolean {
  if (piece.length <= 1) return false
  if (piece.length <= 3) return rank < 15_000
  if (piece.length === 4) return rank < 30_000
  return true
}

interface Dictionary {
  ninja: WordsNinja
  /** Word -> position in the frequency list (0 = most frequent). */
  rank: Map<string, number>
}

let dictionary: Dictionary | undefined

/** Loaded on first use (about 0.2 s and 20 MB), so a library without text on its photos never pays for it. */
function loadDictionary(): Dictionary {
  if (!dictionary) {
    const words = createRequire(import.meta.url)('wordsninja/words-en.json') as string[]
    const ninja = new WordsNinja()
    // The promise only hands back the table; it is filled before loadDictionary returns.
    void ninja.loadDictionary()
    dictionary = { ninja, rank: new Map(words.map((word, i) => [word, i])) }
  }
  return dictionary
}

/** Is this (any case) a word of the English word list? */
export function isEnglishWord(word: string): boolean {
  return loadDictionary().rank.has(word.toLowerCase())
}

/**
 * The words a run-together token is made of, lower-cased ("NOPARKING" -> ["no", "parking"]), or []
 * when it is not one: too short, not plain letters a-z, a word already ("parking", "Wivenhoe"), or no
 * split into plausible words ("Wiveniioe").
 */
export function segmentWord(token: string): string[] {
  if (token.length < MIN_LETTERS || !/^[a-z]+$/iu.test(token)) return []
  const lower = token.toLowerCase()
  const { ninja, rank } = loadDictionary()
  if (rank.has(lower)) return []
  const pieces = ninja.splitSentence(lower)
  const plausible =
    pieces.length > 1 &&
    pieces.join('') === lower &&
    pieces.every((piece) => {
      const position = rank.get(piece)
      return position !== undefined && commonEnough(piece, position)
    })
  return plausible ? pieces : []
}
