// OCR on real photos with text (Debian opencv-doc's scene-text samples, looked at by eye to list what
// a person can read in them) and on real photos without text (scikit-image's samples).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { distance as editDistance } from 'fastest-levenshtein'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OPENCV_TEXT, SKIMAGE_DATA } from '../../testing/test-data'
import { detectUpsideDown } from './classify'
import { loadOrientedRgb, rotateRgb } from './image'
import { bundledOcrModelPaths, loadOcrModels, recognizeText, releaseOcrModels, type OcrModels, type OcrResult } from './index'

const TEXT = OPENCV_TEXT
const SKIMAGE = SKIMAGE_DATA

/** Lower-case letters and digits only: the recognizer often drops spaces between words. */
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')

/** Fewest edits that turn `word` into some substring of `text` (both squashed). */
function editsToFind(text: string, word: string): number {
  const haystack = squash(text)
  const needle = squash(word)
  let best = needle.length
  for (let length = Math.max(1, needle.length - 2); length <= needle.length + 2; length++) {
    for (let start = 0; start + length <= haystack.length; start++) {
      best = Math.min(best, editDistance(needle, haystack.slice(start, start + length)))
    }
  }
  return best
}

const allText = (result: OcrResult) => result.lines.map((l) => l.text).join(' ')
const linesContaining = (result: OcrResult, word: string) => result.lines.filter((l) => squash(l.text).includes(squash(word)))

let models: OcrModels
let scratch: string
const results = new Map<string, OcrResult>()

async function ocr(file: string): Promise<OcrResult> {
  const cached = results.get(file)
  if (cached) return cached
  const result = await recognizeText(models, file)
  results.set(file, result)
  // Printed so a run shows what was read, not just that assertions held.
  console.info(`${path.basename(file)}: ${result.lines.map((l) => `"${l.text}" (${l.confidence.toFixed(2)})`).join(', ') || '(no text)'}`)
  return result
}

beforeAll(async () => {
  models = await loadOcrModels(bundledOcrModelPaths())
  scratch = mkdtempSync(path.join(tmpdir(), 'photohouse-ocr-'))
})

afterAll(async () => {
  if (models) await releaseOcrModels(models)
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

describe('recognizeText on scene photos', () => {
  // Words as visible in each photo. Tolerances only where the sign itself is damaged.
  const cases: { file: string; words: string[]; damaged?: Record<string, number> }[] = [
    { file: 'scenetext01.jpg', words: ['NOTICE', 'DOUBLE', 'PARKING', 'PROHIBITED', 'AT', 'ALL', 'TIMES'] },
    // The "h" of Wivenhoe and the "P" of Park have lost paint: "Wivenrioe ark" is what is left.
    { file: 'scenetext02.jpg', words: ['Sports', 'Centre', 'Conference', 'Centre', 'Car', 'Parks'], damaged: { Wivenhoe: 2, Park: 1 } },
    { file: 'scenetext03.jpg', words: ['the', 'copy', 'centre'] },
    { file: 'scenetext04.jpg', words: ['GM 125'] },
    { file: 'scenetext05.jpg', words: ['NO PARKING'] },
    { file: 'scenetext06.jpg', words: ['priory', 'galleries', 'at', 'the', 'ship'] },
    { file: 'scenetext_segmented_word01.jpg', words: ['HOTEL'] },
    { file: 'scenetext_segmented_word02.jpg', words: ['Stationery', 'Box', 'COMPUTER'] },
    { file: 'scenetext_segmented_word03.jpg', words: ['Customer', 'Freephone', 'Private', 'Hire', 'Service'] },
    { file: 'scenetext_segmented_word04.jpg', words: ["FOSTER'S"] },
    { file: 'scenetext_segmented_word05.jpg', words: ['SANYO', 'PRO', 'xtraX', 'MULTIMEDIA', 'PROJECTOR'] },
  ]

  it.each(cases)('reads the visible words of $file', async ({ file, words, damaged }) => {
    const result = await ocr(path.join(TEXT, file))
    const text = allText(result)
    for (const word of words) expect(editsToFind(text, word), `"${word}" in "${text}"`).toBe(0)
    for (const [word, edits] of Object.entries(damaged ?? {})) {
      expect(editsToFind(text, word), `"${word}" in "${text}"`).toBeLessThanOrEqual(edits)
    }
    expect(result.provider).toBe('cpu')
  })

  it('places the lines of the parking notice on the sign, in reading order', async () => {
    const result = await ocr(path.join(TEXT, 'scenetext01.jpg'))
    expect([result.width, result.height]).toEqual([800, 600])
    const sign = result.lines.filter((l) => editsToFind(l.text, 'parking') === 0 || editsToFind(l.text, 'notice') === 0)
    expect(sign.map((l) => squash(l.text))).toEqual(['notice', 'parking'])
    // The sign's face spans about x 262-438, y 22-264 in this photo.
    for (const line of result.lines.filter((l) => /notice|double|parking|prohibited|times/i.test(l.text))) {
      const [x, y, w, h] = line.box
      expect(x).toBeGreaterThanOrEqual(255)
      expect(y).toBeGreaterThanOrEqual(15)
      expect(x + w).toBeLessThanOrEqual(445)
      expect(y + h).toBeLessThanOrEqual(270)
      const xs = line.polygon.map((p) => p[0])
      const ys = line.polygon.map((p) => p[1])
      expect([Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)]).toEqual(line.box)
    }
    const order = ['notice', 'double', 'parking', 'prohibited', 'times'].map((w) => result.lines.findIndex((l) => squash(l.text).includes(w)))
    expect(order).toEqual([...order].sort((a, b) => a - b))
  })

  it('finds both NO PARKING signs in scenetext05, each as its own line', async () => {
    const result = await ocr(path.join(TEXT, 'scenetext05.jpg'))
    const signs = linesContaining(result, 'noparking')
    expect(signs).toHaveLength(2)
    // The far barrier's sign is left of and above the near one's.
    const [far, near] = [...signs].sort((a, b) => a.box[0] - b.box[0])
    expect(far!.box[1]).toBeLessThan(near!.box[1])
    expect(near!.box[2]).toBeGreaterThan(far!.box[2])
  })

  it('reads the shop name both on the hanging sign and on the fascia of scenetext06', async () => {
    const result = await ocr(path.join(TEXT, 'scenetext06.jpg'))
    expect(linesContaining(result, 'priory').length).toBeGreaterThanOrEqual(2)
    expect(linesContaining(result, 'galleries').length).toBeGreaterThanOrEqual(2)
  })
})

describe('recognizeText on cropped words', () => {
  it.each([
    ['scenetext_word01.jpg', 'CHINA'],
    ['scenetext_word02.jpg', 'HERE'],
    ['scenetext_word03.jpg', 'riser'],
    // Blurred dot-matrix text on an LCD that fills the whole frame.
    ['scenetext_word04.jpg', 'Produkt'],
  ])('%s reads as one line "%s"', async (file, word) => {
    const result = await ocr(path.join(TEXT, file))
    expect(result.lines.map((l) => l.text)).toEqual([word])
    // The word fills most of the crop.
    const [, , w] = result.lines[0]!.box
    expect(w).toBeGreaterThan(result.width * 0.7)
  })
})

describe('recognizeText on photos without text', () => {
  it.each(['coffee.png', 'chelsea.png'])('%s yields no confident lines', async (file) => {
    const result = await ocr(path.join(SKIMAGE, file))
    expect(result.lines).toEqual([])
  })
})

describe('orientation', () => {
  it('follows the EXIF orientation tag and reports boxes in the upright image', async () => {
    const file = path.join(scratch, 'here-exif.jpg')
    // Pixels stored a quarter turn clockwise, tagged with orientation 8 (turn a quarter
    // counter-clockwise to display): a viewer shows the original upright 242x102 word.
    await sharp(path.join(TEXT, 'scenetext_word02.jpg')).rotate(90).withMetadata({ orientation: 8 }).jpeg({ quality: 95 }).toFile(file)
    const result = await recognizeText(models, file)
    expect([result.width, result.height]).toEqual([242, 102])
    expect(result.lines.map((l) => l.text)).toEqual(['HERE'])
  })

  it('turns upside-down text the right way up with the direction classifier', async () => {
    const upright = await loadOrientedRgb(path.join(TEXT, 'scenetext_word01.jpg'))
    const flipped = await rotateRgb(upright, 180)
    expect(await detectUpsideDown(models.classifier, [upright, flipped])).toEqual([false, true])
    const file = path.join(scratch, 'china-upside-down.png')
    await sharp(flipped.data, { raw: { width: flipped.width, height: flipped.height, channels: 3 } }).png().toFile(file)
    const result = await recognizeText(models, file)
    expect(result.lines.map((l) => l.text)).toEqual(['CHINA'])
  })
})

describe('colour formats', () => {
  it('reads a greyscale copy of a photo', async () => {
    const file = path.join(scratch, 'notice-grey.jpg')
    await sharp(path.join(TEXT, 'scenetext01.jpg')).greyscale().jpeg({ quality: 92 }).toFile(file)
    const text = allText(await recognizeText(models, file))
    for (const word of ['NOTICE', 'DOUBLE', 'PARKING', 'PROHIBITED']) expect(editsToFind(text, word), `"${word}" in "${text}"`).toBe(0)
  })
})

describe('bad input', () => {
  it('rejects a missing file with a clear error', async () => {
    await expect(recognizeText(models, path.join(scratch, 'nope.jpg'))).rejects.toThrow(/OCR cannot read image .*nope\.jpg/)
  })

  it('rejects a file that is not an image', async () => {
    const file = path.join(scratch, 'notes.jpg')
    writeFileSync(file, 'not a picture')
    await expect(recognizeText(models, file)).rejects.toThrow(/OCR cannot read image/)
  })
})

describe('loadOcrModels', () => {
  it('falls back to CPU when an earlier provider cannot load', async () => {
    const fallback = await loadOcrModels(bundledOcrModelPaths(), { executionProviders: ['no-such-provider', 'cpu'] })
    try {
      expect(fallback.provider).toBe('cpu')
      expect(fallback.characters).toHaveLength(6624)
    } finally {
      await releaseOcrModels(fallback)
    }
  })

  it('refuses a dictionary that does not fit the recognizer', async () => {
    const dictionary = path.join(scratch, 'short-dictionary.txt')
    writeFileSync(dictionary, 'a\nb\nc\n')
    await expect(loadOcrModels({ ...bundledOcrModelPaths(), dictionary })).rejects.toThrow(/6625 classes/)
  })

  it('names the file when a model is missing', async () => {
    const detector = path.join(scratch, 'missing-det.onnx')
    await expect(loadOcrModels({ ...bundledOcrModelPaths(), detector })).rejects.toThrow(/missing-det\.onnx/)
  })
})
