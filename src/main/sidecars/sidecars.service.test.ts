// XMP sidecars on real photos through the whole app: digiKam's and Lightroom's sidecars read on
// import (keywords, marks, named regions confirming the face the detector finds in an EXIF-rotated
// photo), then PhotoHouse's own written beside the originals (merged, never touching the photos),
// kept up to date by the task after a change, and the library check finding one out of date.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import { createSidecarsRepository } from '../catalog'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { regionToFace } from './regions'
import { ASTRONAUT_FACE, XMP_TEST_DATA } from './test-cases'
import { readXmp } from './xmp'

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('XMP sidecars in a library', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const astronaut = join(photos, 'Space', 'astronaut-rot6.jpg')
  const lr = join(photos, 'Beach', 'lr.jpg')
  // A photo nobody said anything about.
  const plain = join(photos, 'Garden', 'plain.jpg')
  let app: PhotoHouseApp
  const id = { astronaut: 0, lr: 0 }
  const before: Record<string, { sha: string; mtimeMs: number }> = {}

  beforeAll(async () => {
    copyInto(join(XMP_TEST_DATA, 'astronaut-rot6.jpg'), astronaut)
    copyInto(join(XMP_TEST_DATA, 'digikam', 'astronaut-rot6.jpg.xmp'), `${astronaut}.xmp`)
    copyInto(REAL_PHOTOS.starfish, lr)
    copyInto(REAL_PHOTOS.nikon, plain)
    // Lightroom's naming: lr.xmp beside lr.jpg.
    copyInto(join(XMP_TEST_DATA, 'lightroom', 'lr.xmp'), join(photos, 'Beach', 'lr.xmp'))
    for (const p of [astronaut, lr]) before[p] = { sha: sha(p), mtimeMs: statSync(p).mtimeMs }
    app = await openAndImport(join(dir.path, 'lib'), [photos])
    id.astronaut = app.repositories.search.assetIdByPath(astronaut)!
    id.lr = app.repositories.search.assetIdByPath(lr)!
  }, 180_000)
  afterAll(async () => {
    await app.close()
    dir.cleanup()
  })

  const repo = () => createSidecarsRepository(app.db)

  it('reads keywords, rating, caption and colour label (not a favourite) from both naming styles on import', async () => {
    expect(repo().userTags(id.astronaut)).toEqual(['NASA', 'space'])
    expect(repo().userTags(id.lr)).toEqual(['Denmark', 'beach', 'starfish'])
    const a = repo().asset(id.astronaut)!
    const b = repo().asset(id.lr)!
    expect([a.rating, a.favorite, a.description]).toEqual([4, false, 'Official portrait, STS-63'])
    expect([b.rating, b.favorite, b.description]).toEqual([3, false, 'Starfish at low tide, Rømø'])
    // Keywords are search words of their photo.
    expect((await app.search.query('NASA')).hits.map((h) => h.asset.id)).toEqual([id.astronaut])
  })

  it("confirms the detected face of the rotated photo as digiKam's named person; a name with no face stays a named region", () => {
    const people = app.repositories.people
    const inPhoto = people.facesInAsset(id.astronaut)
    expect(inPhoto).toHaveLength(1)
    expect(inPhoto[0]).toMatchObject({ personName: 'Eileen Collins', pinned: true })
    // digiKam's box (on the stored image) lands on the detector's box (on the shown photo).
    const regions = repo().regions(id.astronaut)
    expect(regions.map((r) => [r.name, r.faceId])).toEqual([
      ['Eileen Collins', inPhoto[0]!.id],
      ['Pat Lee', null],
    ])
    // Pat Lee is a person with a name and no face (kept: named persons are never dropped).
    expect(people.idsByName('Pat Lee')).toHaveLength(1)
    expect(repo().regionsWithoutFace(id.astronaut)).toEqual([{ name: 'Pat Lee', box: regions[1]!.box }])
  })

  it('writes sidecars beside the originals when turned on, merged into the one there, never touching a photo', async () => {
    app.sidecars.setSettings({ write: true })
    await app.runner.idle(50)
    for (const p of [astronaut, lr]) expect({ sha: sha(p), mtimeMs: statSync(p).mtimeMs }, p).toEqual(before[p])
    const a = readXmp(readFileSync(`${astronaut}.xmp`, 'utf8'))
    expect(a.subjects).toEqual(expect.arrayContaining(['NASA', 'space', 'Eileen Collins', 'Pat Lee']))
    expect(a.rating).toBe(4)
    expect(a.personInImage).toEqual(['Eileen Collins', 'Pat Lee'])
    expect(a.appliedTo).toEqual({ w: 400, h: 512 })
    const eileen = a.regions.find((r) => r.name === 'Eileen Collins')!
    // The region is the detected face, turned onto the stored image (orientation 6).
    const shown = regionToFace(eileen, 6)
    const detected = app.repositories.people.facesInAsset(id.astronaut)[0]!.box
    shown.forEach((v, i) => expect(v).toBeCloseTo(detected[i]!, 5))
    expect(detected[0]).toBeCloseTo(ASTRONAUT_FACE[0], 1)
    // digiKam's own parts stay.
    const text = readFileSync(`${astronaut}.xmp`, 'utf8')
    expect(text).toContain('<rdf:li>People/Pat Lee</rdf:li>')
    expect(text).toContain('<mwg-rs:Name>Helmet</mwg-rs:Name>')
    // photo.jpg.xmp is the default name: Lightroom's lr.xmp is left as it was.
    expect(readFileSync(join(photos, 'Beach', 'lr.xmp'), 'utf8')).toBe(readFileSync(join(XMP_TEST_DATA, 'lightroom', 'lr.xmp'), 'utf8'))
    expect(readXmp(readFileSync(`${lr}.xmp`, 'utf8'))).toMatchObject({ rating: 3, description: 'Starfish at low tide, Rømø', subjects: ['Denmark', 'beach', 'starfish'] })
    // Nothing to say about the plain photo: no sidecar is made for it.
    expect(existsSync(`${plain}.xmp`)).toBe(false)
  })

  it('rewrites only the sidecar of a photo that changed, by the task, after a rating, a favourite or a name', async () => {
    const astronautSidecar = statSync(`${astronaut}.xmp`).mtimeMs
    const lrSidecar = readFileSync(`${lr}.xmp`, 'utf8')
    app.flags.setRating([id.lr], 5)
    app.flags.setFavorite([id.lr], true)
    await app.runner.idle(50)
    const after = readXmp(readFileSync(`${lr}.xmp`, 'utf8'))
    expect([after.rating, after.label]).toEqual([5, 'Favorite'])
    expect(readFileSync(`${lr}.xmp`, 'utf8')).not.toBe(lrSidecar)
    expect(statSync(`${astronaut}.xmp`).mtimeMs).toBe(astronautSidecar)
    // A name change reaches the photos of that person, named regions without a face too.
    const [pat] = app.repositories.people.idsByName('Pat Lee')
    app.people.rename(pat!, 'Pat Lee-Smith')
    await app.runner.idle(50)
    const renamed = readXmp(readFileSync(`${astronaut}.xmp`, 'utf8'))
    expect(renamed.personInImage).toEqual(['Eileen Collins', 'Pat Lee-Smith'])
    expect(renamed.regions.map((r) => r.name)).toEqual(['Eileen Collins', 'Pat Lee-Smith', 'Helmet'])
    // Writing all again changes nothing: every sidecar already says what the catalog does.
    expect(await app.sidecars.writeNow({ all: true })).toEqual({ photos: 3, written: 0, unchanged: 2, failed: [] })
  })

  it('is checked by the library check: a sidecar changed by hand is out of date, and the repair writes it again', async () => {
    expect((await app.integrity.check()).sidecars).toEqual({ outOfDate: [], count: 0, repaired: null })
    writeFileSync(`${lr}.xmp`, readFileSync(`${lr}.xmp`, 'utf8').replace('<xmp:Rating>5</xmp:Rating>', '<xmp:Rating>1</xmp:Rating>'))
    const report = await app.integrity.check({ repair: true })
    expect(report.sidecars).toEqual({ outOfDate: [{ assetId: id.lr, path: `${lr}.xmp` }], count: 1, repaired: 1 })
    await app.runner.idle(50)
    expect(readXmp(readFileSync(`${lr}.xmp`, 'utf8')).rating).toBe(5)
    expect((await app.integrity.check()).sidecars?.count).toBe(0)
  })
})
