import { describe, expect, it } from 'vitest'
import { buildTextDocument, dateWords, ocrWords, pathWords } from './document'

describe('text document', () => {
  it('takes meaningful words from folders and file names, not camera numbering', () => {
    expect(pathWords('/home/anna/Pictures/Paris 2019/Eiffel-tower_night.jpg')).toEqual(['anna', 'pictures', 'paris', '2019', 'eiffel', 'tower', 'night'])
    expect(pathWords('/x/Holidays/IMG_1234.JPG')).toEqual(['x', 'holidays'])
    expect(pathWords('C:\\Users\\bo\\BeachDay\\DSC01234.jpg')).toEqual(['users', 'bo', 'beach', 'day'])
  })

  it('spells out dates the way people search them', () => {
    expect(dateWords('2019-07-14T19:05:30+02:00')).toEqual(['2019', 'july', '14', 'sunday', 'summer'])
    expect(dateWords('2020-12-31T23:00:00')).toEqual(['2020', 'december', '31', 'thursday', 'winter'])
    expect(dateWords(null)).toEqual([])
  })

  it('indexes OCR lines as read and split where the model dropped a space', () => {
    expect(ocrWords(['SportsCentre', 'NO PARKING'])).toBe('SportsCentre Sports Centre \nNO PARKING')
    // Lines as PP-OCR read them on opencv-doc's scenetext01, 05 and 06: the line as read stays first.
    expect(ocrWords(['AT ALLTIMES', 'NOPARKING', 'theship', 'pRioRygalleRieS attheship'])).toBe(
      'AT ALLTIMES all times \nNOPARKING no parking \ntheship the ship \npRioRygalleRieS attheship priory galleries at the ship',
    )
    // A wrong capital inside one word is not two words; misread names gain no scraps.
    expect(ocrWords(['galleRies', 'Wiveniioe Fark', 'GM125'])).toBe('galleRies \nWiveniioe Fark \nGM125')
  })

  it('builds every column', () => {
    const doc = buildTextDocument({
      paths: ['/p/Trip/a.jpg', '/p/Trip/b.jpg'],
      make: 'NIKON CORPORATION',
      model: 'NIKON D100',
      lens: null,
      takenAt: '2004-05-22T09:32:21',
      tags: ['Egyptian Mau', 'cat', 'cat'],
      places: ['Paris', 'France'],
      ocr: ['STOP', 'Main St'],
      people: ['Anna Smith'],
      description: 'Grandma blowing out the candles',
    })
    expect(doc).toEqual({
      path: 'p trip a b',
      camera: 'nikon corporation d100',
      dates: '2004 may 22 saturday spring',
      tags: 'egyptian mau cat',
      places: 'paris france',
      ocr: 'STOP \nMain St',
      people: 'Anna Smith',
      description: 'Grandma blowing out the candles',
    })
  })
})
