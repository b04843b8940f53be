import { describe, expect, it } from 'vitest'
import { isEnglishWord, segmentWord } from './word-segments'

describe('segmentWord', () => {
  it('splits words the OCR ran together, in any case', () => {
    // As read on the opencv-doc scene-text photos (see document.test.ts) and on everyday signs.
    expect(segmentWord('theship')).toEqual(['the', 'ship'])
    expect(segmentWord('attheship')).toEqual(['at', 'the', 'ship'])
    expect(segmentWord('NOPARKING')).toEqual(['no', 'parking'])
    expect(segmentWord('ALLTIMES')).toEqual(['all', 'times'])
    expect(segmentWord('ATALLTIMES')).toEqual(['at', 'all', 'times'])
    expect(segmentWord('cityhall')).toEqual(['city', 'hall'])
    expect(segmentWord('pRioRygalleRieS')).toEqual(['priory', 'galleries'])
    expect(segmentWord('busstop')).toEqual(['bus', 'stop'])
  })

  it('leaves words, short tokens and non-letters alone', () => {
    for (const word of ['parking', 'PROHIBITED', 'galleries', 'Stationery', 'Wivenhoe', 'starfish']) {
      expect(isEnglishWord(word), word).toBe(true)
      expect(segmentWord(word), word).toEqual([])
    }
    expect(segmentWord('xtraX')).toEqual([]) // too short to be two words with any confidence
    expect(segmentWord('GM125')).toEqual([])
    expect(segmentWord('straße')).toEqual([])
    expect(segmentWord('')).toEqual([])
  })

  it('does not split misreadings into rare scraps', () => {
    // Real OCR output: "Wivenhoe" with a lost "h", and a smudged line. The splitter would offer
    // "wi veni ioe" and "was ten ginn"; those scraps would only make false matches.
    expect(segmentWord('Wiveniioe')).toEqual([])
    expect(segmentWord('Wastenginn')).toEqual([])
    expect(segmentWord('Produkt')).toEqual([])
    expect(isEnglishWord('theship')).toBe(false)
  })
})
