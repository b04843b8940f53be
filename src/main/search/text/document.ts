// Builds the full-text document of one asset: the words people use for a photo besides what is in
// it (where it is on disk, which camera, when, what the classifier saw, where, what it says, who).
import type { TextSourceRow } from '../../catalog'
import { isEnglishWord, segmentWord } from './word-segments'

/** What the catalog knows of a photo, plus the words other stages found for it. */
export type TextSource = TextSourceRow & {
  places: string[]
  ocr: string[]
  people: string[]
}

export interface TextDocument {
  path: string
  camera: string
  dates: string
  tags: string
  places: string
  ocr: string
  people: string
  /** The user's description of the photo, as written. */
  description: string
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
const SEASONS = ['winter', 'winter', 'spring', 'spring', 'spring', 'summer', 'summer', 'summer', 'autumn fall', 'autumn fall', 'autumn fall', 'winter']
// Camera file names carry no meaning ("IMG_1234", "DSC01234"): keep their numbers out of the words.
const CAMERA_FILE_PREFIX = /^(img|dsc|dscn|dscf|pxl|mvimg|gopr|dji|p\d{3}|_mg|sam|wp|photo)$/i

/** Words of a path: folder and file names split at separators, case changes and digits. */
export function pathWords(path: string): string[] {
  const parts = path.split(/[\\/]/).filter(Boolean)
  const file = (parts.pop() ?? '').replace(/\.[a-z0-9]{2,5}$/i, '')
  // Only the last few folders: "/home/anna" says nothing about the photo.
  const folders = parts.slice(-3)
  const words: string[] = []
  for (const segment of [...folders, file]) {
    for (const raw of segment
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/(\p{L})(\p{N})/gu, '$1 $2')
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)) {
      // Long numbers are counters; a year ("Paris 2019") is a word people search for.
      if (CAMERA_FILE_PREFIX.test(raw) || (/^\d{3,}$/.test(raw) && !/^(19|20)\d\d$/.test(raw))) continue
      words.push(raw.toLowerCase())
    }
  }
  return words
}

/** Date words: year, month name, day name, season ("2019 july 14 sunday summer"). */
export function dateWords(takenAt: string | null): string[] {
  const m = takenAt && /^(\d{4})-(\d{2})-(\d{2})/.exec(takenAt)
  if (!m) return []
  const [, y, mo, d] = m
  const month = Number(mo) - 1
  const day = new Date(Date.UTC(Number(y), month, Number(d))).getUTCDay()
  return [y!, MONTHS[month]!, String(Number(d)), DAYS[day]!, SEASONS[month]!]
}

/** "SportsCentre" -> ["Sports", "Centre"]: only word-shaped humps, not a mis-cased "pRioRygalleRieS". */
const CAMEL_CASE = /^\p{Lu}?\p{Ll}+(?:\p{Lu}\p{Ll}+)+$/u

/**
 * The OCR model often drops the space between words ("SportsCentre", "theship", "NOPARKING"): index
 * each line as read, then the words run together in it, split at case changes ("Sports Centre") and
 * by word frequencies ("the ship", "no parking"), so either spelling finds the photo.
 */
export function ocrWords(lines: string[]): string {
  return lines
    .map((line) => {
      const present = new Set(line.toLowerCase().split(/[^\p{L}\p{N}]+/u))
      const extra: string[] = []
      const add = (words: string[]): void => {
        for (const word of words) {
          if (present.has(word.toLowerCase())) continue
          present.add(word.toLowerCase())
          extra.push(word)
        }
      }
      for (const token of line.match(/\p{L}+/gu) ?? []) {
        // "galleRies" is one word read with a wrong capital, not two.
        if (CAMEL_CASE.test(token) && !isEnglishWord(token)) add(token.split(/(?=\p{Lu})/u))
        add(segmentWord(token))
      }
      return extra.length ? `${line} ${extra.join(' ')}` : line
    })
    .join(' \n')
}

export function buildTextDocument(src: TextSource): TextDocument {
  const unique = (words: string[]) => [...new Set(words.filter(Boolean))].join(' ')
  return {
    path: unique(src.paths.flatMap(pathWords)),
    camera: unique([src.make, src.model, src.lens].filter((x): x is string => !!x).flatMap((s) => s.toLowerCase().split(/\s+/))),
    dates: unique(dateWords(src.takenAt)),
    tags: unique(src.tags.map((t) => t.toLowerCase())),
    places: unique(src.places.map((p) => p.toLowerCase())),
    ocr: ocrWords(src.ocr),
    people: unique(src.people),
    description: src.description ?? '',
  }
}
