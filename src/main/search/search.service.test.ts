import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type PhotoHouseApp } from '../app'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { OPENCV_DATA, OPENCV_TEXT } from '../testing/test-data'
import { parseQuery } from './query'
import { createSearchService, ftsQuery, intersectDateRanges } from './search.service'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('ftsQuery', () => {
  it('requires every word, allows a prefix on the last, drops filler words', () => {
    expect(ftsQuery('photos of Nikon cam')).toBe('"nikon" AND "cam"*')
    expect(ftsQuery('the')).toBeNull()
    expect(ftsQuery('a "quoted" word', 'any')).toBe('"quoted" OR "word"*')
  })
})

describe('intersectDateRanges', () => {
  const r = (from: string, to: string) => ({ from, to })
  it('keeps the days in both the picked range and the ranges the query names', () => {
    const summers = [r('2014-06-01', '2014-09-01'), r('2015-06-01', '2015-09-01'), r('2016-06-01', '2016-09-01')]
    expect(intersectDateRanges([r('2015-01-01', '2016-07-15')], summers)).toEqual([r('2015-06-01', '2015-09-01'), r('2016-06-01', '2016-07-15')])
    expect(intersectDateRanges([], summers)).toEqual(summers)
    expect(intersectDateRanges(summers, [])).toEqual(summers)
    expect(intersectDateRanges([], [])).toEqual([])
  })

  it('matches no day, rather than any day, when they have none in common', () => {
    expect(intersectDateRanges([r('2019-01-01', '2020-01-01')], [r('2015-06-01', '2015-09-01')])).toEqual([r('2019-01-01', '2019-01-01')])
  })
})

describe('search over the words around photos (real files)', () => {
  it('finds photos by folder, file name, camera and date words, with filters', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const photos = join(dir.path, 'photos')
    copyInto(REAL_PHOTOS.starfish, join(photos, 'Beach holiday', 'starfish.jpg'))
    copyInto(REAL_PHOTOS.nikon, join(photos, 'Garden', 'flowers.jpg'))
    copyInto(REAL_PHOTOS.iphone, join(photos, 'Garden', 'IMG_0001.jpg'))
    const app = createApp({ libraryDir: join(dir.path, 'lib'), log: () => {} })
    cleanups.push(() => app.close())
    app.start()
    await app.library.addRoots([photos])
    await app.runner.idle(20)

    const names = async (q: string, filters = {}) =>
      (await app.search.query(q, { filters })).hits.map((h) => app.repositories.search.pathOf(h.asset.id)!.split('/').pop())
    expect(await names('beach')).toEqual(['starfish.jpg'])
    expect(await names('starf')).toEqual(['starfish.jpg']) // as-you-type prefix
    expect(await names('nokia')).toEqual(['starfish.jpg'])
    expect(await names('garden')).toHaveLength(2)
    expect(await names('garden iphone')).toEqual(['IMG_0001.jpg'])
    expect(await names('2006')).toEqual(['flowers.jpg'])
    expect(await names('june 2006')).toEqual(['flowers.jpg'])
    expect(await names('june 2013')).toEqual([])
    expect(await names('garden', { folders: [join(photos, 'Beach holiday')] })).toEqual([])
    expect(await names('garden', { cameras: ['nikon'] })).toEqual(['flowers.jpg'])
    expect(await names('garden', { dateRanges: [{ from: '2013-01-01', to: '2014-01-01' }] })).toEqual(['IMG_0001.jpg'])
    expect(await names('zebra')).toEqual([])
    const hit = (await app.search.query('beach')).hits[0]!
    expect(hit.matched).toContain('text')
    // Weights come from the library's settings at every query; 0 turns a signal off.
    app.settings.set({ searchWeights: { text: 0, tag: 1, clip: 1 } })
    expect(await names('beach')).toEqual([])
    expect(app.settings.get().searchWeights).toEqual({ text: 0, tag: 1, clip: 1 })
    app.settings.set({ searchWeights: { text: 1, tag: 1, clip: 1.5 } })
    expect(await names('beach')).toEqual(['starfish.jpg'])
    expect(app.search.suggest('nik').map((s) => s.value)).toContain('NIKON E4600')
    // Make and model are not doubled when the model already says the make.
    expect(app.repositories.search.knownCameras().sort()).toEqual(['Apple iPhone 4S', 'NIKON E4600', 'Nokia Lumia 820'].sort())
    expect(app.search.suggest('20').map((s) => s.value)).toEqual(expect.arrayContaining(['2013', '2006']))
  })
})

describe('a month or season without a year means it in every year (real files)', () => {
  it('"summer" finds the summer photos of different years and nothing else', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const photos = join(dir.path, 'photos')
    // Photos without an EXIF date are dated by their file time; two more carry their EXIF date.
    const noon = (date: string) => new Date(`${date}T12:00:00Z`)
    copyInto(REAL_PHOTOS.nikon, join(photos, 'flowers.jpg')) // EXIF 13 June 2006
    copyInto(REAL_PHOTOS.starfish, join(photos, 'starfish.jpg')) // EXIF 10 May 2013
    copyInto(REAL_PHOTOS.baboon, join(photos, 'baboon.jpg'), noon('2015-07-10'))
    copyInto(join(OPENCV_DATA, 'butterfly.jpg'), join(photos, 'butterfly.jpg'), noon('2016-01-20'))
    copyInto(join(OPENCV_DATA, 'messi5.jpg'), join(photos, 'messi.jpg'), noon('2017-03-10'))
    copyInto(REAL_PHOTOS.fruits, join(photos, 'fruits.jpg'), noon('2019-12-15'))
    const app = await openAndImport(join(dir.path, 'lib'), [photos])
    cleanups.push(() => app.close())
    expect(app.repositories.search.yearSpan()).toEqual({ first: 2006, last: 2019 })

    // The service as the app builds it, with the real parser fed the context the service reads.
    const search = createSearchService({
      search: app.repositories.search,
      assets: app.repositories.assets,
      expandTagQuery: () => [],
      understand: (text, context) => parseQuery(text, { now: new Date(), ...context }),
    })
    const names = async (q: string, filters = {}) =>
      (await search.query(q, { filters })).hits.map((h) => app.repositories.search.pathOf(h.asset.id)!.split('/').pop()).sort()

    expect(await names('summer')).toEqual(['baboon.jpg', 'flowers.jpg'])
    expect(await names('photos from summer')).toEqual(['baboon.jpg', 'flowers.jpg'])
    // Winter runs across the new year: December 2019 and January 2016.
    expect(await names('winter')).toEqual(['butterfly.jpg', 'fruits.jpg'])
    expect(await names('march')).toEqual(['messi.jpg'])
    expect(await names('december')).toEqual(['fruits.jpg'])
    expect(await names('june')).toEqual(['flowers.jpg'])
    // A year written keeps its one occurrence.
    expect(await names('summer 2015')).toEqual(['baboon.jpg'])
    expect(await names('summer 2006')).toEqual(['flowers.jpg'])
    expect(await names('june 2013')).toEqual([])
    // Within a date range picked beside the query: both must hold.
    expect(await names('summer', { dateRanges: [{ from: '2010-01-01', to: '2020-01-01' }] })).toEqual(['baboon.jpg'])
    expect(await names('summer 2006', { dateRanges: [{ from: '2010-01-01', to: '2020-01-01' }] })).toEqual([])

    const result = await search.query('summer')
    expect(result.understood.dateRanges).toHaveLength(2019 - 2006 + 1)
    expect(result.understood.dateRanges[0]).toEqual({ from: '2006-06-01', to: '2006-09-01' })
    for (const hit of result.hits) expect(hit.matched).toEqual(['date'])
  })
})

describe('words the OCR ran together (real scene-text photos)', () => {
  const TEXT = OPENCV_TEXT
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let app: PhotoHouseApp

  beforeAll(async () => {
    copyInto(join(TEXT, 'scenetext01.jpg'), join(photos, 'notice.jpg')) // "notice: double parking prohibited at all times"
    copyInto(join(TEXT, 'scenetext06.jpg'), join(photos, 'gallery.jpg')) // "priory galleries at the ship"
    copyInto(REAL_PHOTOS.chelsea, join(photos, 'cat.png'))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
  }, 300_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  const ocrTokens = (file: string) =>
    app.repositories.analysis.ocrOf(app.repositories.search.assetIdByPath(join(photos, file))!).flatMap((l) => l.text.toLowerCase().split(/[^a-z]+/))

  it('finds a photo by a word that the recogniser joined to its neighbours', async () => {
    // What PP-OCR reads on the notice: "AT ALL TIMES" as "ATALLTIMES", so "times" is no word of its own.
    expect(ocrTokens('notice.jpg')).toContain('atalltimes')
    expect(ocrTokens('notice.jpg')).not.toContain('times')
    expect([...ocrTokens('gallery.jpg'), ...ocrTokens('cat.png')]).not.toContain('times')

    const times = (await app.search.query('times')).hits
    expect(times.map((h) => app.repositories.search.pathOf(h.asset.id)!.split('/').pop())).toEqual(['notice.jpg'])
    expect(times[0]!.matched).toContain('text')
    expect((await app.search.query('prohibited at all times')).hits.map((h) => h.asset.id)).toEqual(times.map((h) => h.asset.id))
    // The token as read still finds it.
    expect((await app.search.query('atalltimes')).hits.map((h) => h.asset.id)).toEqual(times.map((h) => h.asset.id))
  })
})
