import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { copyInto, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { ftsQuery } from './search.service'

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
