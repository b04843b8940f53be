import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'

// Real camera files with GPS, imported end to end: the place stage runs in its worker thread.
describe('places in the import pipeline (real GPS photos)', () => {
  const dir = tempDir()
  let app: PhotoHouseApp
  beforeAll(async () => {
    const photos = join(dir.path, 'photos')
    copyInto(REAL_PHOTOS.starfish, join(photos, 'starfish.jpg'))
    copyInto(REAL_PHOTOS.iphone, join(photos, 'iphone.jpg'))
    copyInto(REAL_PHOTOS.nikon, join(photos, 'nikon.jpg'))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
  }, 120_000)
  afterAll(async () => {
    await app.close()
    dir.cleanup()
  })

  const byName = (name: string) => {
    const id = app.repositories.search.assetIdByPath(join(dir.path, 'photos', name))!
    return app.repositories.assets.get(id)!
  }

  it('resolves GPS to city, country and time zone, and gives EXIF times without offset their local one', () => {
    expect(byName('starfish.jpg')).toMatchObject({ city: 'List', country: 'Germany', countryCode: 'DE', timezone: 'Europe/Berlin' })
    // 2013-05-10 15:21:35 on Sylt is summer time: +02:00
    expect(byName('starfish.jpg').takenAt).toBe('2013-05-10T15:21:35+02:00')
    expect(byName('iphone.jpg')).toMatchObject({ city: 'Mill Valley', country: 'United States', timezone: 'America/Los_Angeles' })
    expect(byName('iphone.jpg').takenAt).toBe('2013-02-06T16:00:03-08:00')
    expect(byName('nikon.jpg')).toMatchObject({ city: null, country: null })
    expect(app.stats().totals.dead).toBe(0)
  })

  it('finds photos by place words, and reads "<place> <year>" as filters', async () => {
    const paths = async (q: string) => (await app.search.query(q)).hits.map((h) => app.repositories.search.pathOf(h.asset.id)!.split('/').pop())
    expect(await paths('germany')).toEqual(['starfish.jpg'])
    expect(await paths('mill valley')).toEqual(['iphone.jpg'])
    const r = await app.search.query('germany 2013')
    expect(r.understood.places).toEqual(['Germany'])
    expect(r.understood.dateRanges).toEqual([{ from: '2013-01-01', to: '2014-01-01' }])
    expect(r.hits.map((h) => h.matched)).toEqual([expect.arrayContaining(['date', 'place'])])
    expect(await paths('germany 2012')).toEqual([])
  })
})
