import { describe, expect, it } from 'vitest'
import { NameAllocator, safeFileName, splitName } from './names'

describe('export file names', () => {
  it('numbers a taken name as a file manager does, without case, with its sidecar free too', () => {
    const onDisk = new Set(['img_1.jpg', 'img_1 (3).xmp'])
    const names = new NameAllocator((n) => onDisk.has(n.toLowerCase()))
    expect(names.allocate('IMG_1', '.JPG').name).toBe('IMG_1 (2).JPG')
    expect(names.allocate('img_1', '.jpg').name).toBe('img_1 (3).jpg')
    // IMG_1.HEIC and `IMG_1 (3).xmp` are on disk, (2) is taken by this export: (4) is the first stem
    // whose photo and sidecar are both free.
    const heicDisk = new Set(['img_1.heic', 'img_1 (3).xmp'])
    const withSidecar = new NameAllocator((n) => heicDisk.has(n.toLowerCase()))
    withSidecar.reserve('IMG_1 (2).HEIC')
    expect(withSidecar.allocate('IMG_1', '.HEIC', [(stem) => `${stem}.xmp`])).toEqual({ name: 'IMG_1 (4).HEIC', companions: ['IMG_1 (4).xmp'] })
    expect(withSidecar.allocate('IMG_1', '.HEIC', [(stem, ext) => `${stem}${ext}.xmp`])).toEqual({ name: 'IMG_1 (3).HEIC', companions: ['IMG_1 (3).HEIC.xmp'] })
  })

  it('splits names and makes titles safe file names', () => {
    expect(splitName('a.b.jpg')).toEqual({ stem: 'a.b', ext: '.jpg' })
    expect(splitName('.hidden')).toEqual({ stem: '.hidden', ext: '' })
    expect(safeFileName('Paris: 10/06 "trip"?', 'x')).toBe('Paris_ 10_06 _trip__')
    expect(safeFileName('...', 'PhotoHouse export')).toBe('PhotoHouse export')
  })
})
