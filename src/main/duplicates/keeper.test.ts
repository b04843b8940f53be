import { describe, expect, it } from 'vitest'
import type { DuplicateFacts } from '../catalog'
import { chooseKeeper } from './keeper'

const photo = (id: number, f: Partial<DuplicateFacts>): DuplicateFacts => ({
  id,
  phash: '0000000000000000',
  width: 1000,
  height: 800,
  bytes: 1,
  mime: 'image/jpeg',
  takenAt: null,
  sortMs: 0,
  make: null,
  model: null,
  exifFields: 0,
  paths: [`/photos/${id}.jpg`],
  oldestMtimeMs: null,
  ...f,
})
const ALL = ['pixels', 'original-format', 'metadata', 'oldest', 'folder'] as const

describe('keeper rules', () => {
  it('the largest copy, then the camera JPEG over a PNG conversion, then the most metadata', () => {
    const small = photo(1, { width: 500, height: 400, make: 'NIKON', exifFields: 6 })
    const camera = photo(2, { make: 'NIKON', model: 'E4600', exifFields: 6 })
    const png = photo(3, { mime: 'image/png' })
    expect(chooseKeeper([small, camera, png], ALL, { preferredFolder: null })).toEqual({ keepId: 2, keptBy: 'original-format' })
    const stripped = photo(4, { make: 'NIKON', exifFields: 2 })
    expect(chooseKeeper([stripped, camera], ALL, { preferredFolder: null })).toEqual({ keepId: 2, keptBy: 'metadata' })
  })

  it('the oldest plausible date; a camera clock at 1970 is not plausible', () => {
    const unset = photo(1, { takenAt: '1970-01-01T00:00:00' })
    const older = photo(2, { takenAt: '2010-05-01T10:00:00' })
    const newer = photo(3, { takenAt: '2015-05-01T10:00:00' })
    expect(chooseKeeper([unset, newer, older], ['oldest'], { preferredFolder: null })).toEqual({ keepId: 2, keptBy: 'oldest' })
  })

  it('the user order decides: the preferred folder first', () => {
    const big = photo(1, { width: 4000, height: 3000 })
    const inFolder = photo(2, { paths: ['/photos/Best/2.jpg'] })
    expect(chooseKeeper([big, inFolder], ALL, { preferredFolder: '/photos/Best' }).keepId).toBe(1)
    expect(chooseKeeper([big, inFolder], ['folder', 'pixels'], { preferredFolder: '/photos/Best' })).toEqual({ keepId: 2, keptBy: 'folder' })
    // A folder whose name only starts like the preferred one does not count.
    expect(chooseKeeper([big, photo(3, { paths: ['/photos/Bestiary/3.jpg'] })], ['folder', 'pixels'], { preferredFolder: '/photos/Best' })).toEqual({ keepId: 1, keptBy: 'pixels' })
  })

  it('copies nothing tells apart: the first imported', () => {
    expect(chooseKeeper([photo(7, {}), photo(5, {})], ALL, { preferredFolder: null })).toEqual({ keepId: 5, keptBy: 'first-imported' })
  })
})
