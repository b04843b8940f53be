// Issue 11 through the whole app on real photos: import -> classifier and faces stages -> search.
// A tag query ranks photos by the tag's probability, a weak guess no longer matches at all, and
// the faces stage's words find portraits that ImageNet cannot name.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import { photoFile } from '../ml/tags/testing/labelled-photos'
import { copyInto, openAndImport, tempDir } from '../testing/fixtures'

// File names say nothing of the content, so that only tags can match.
const PHOTOS: Record<string, string> = {
  'p1.jpg': photoFile('opencv/squirrel_cls.jpg'), // fox squirrel ~0.99
  'p2.jpg': photoFile('opencv/baboon.jpg'), // baboon ~0.9
  'p3.png': photoFile('skimage/chelsea.png'), // Egyptian Mau ~0.63
  'p4.jpg': photoFile('npm/exif/test/short-ascii-MM.jpg'), // a flower: spider and grasshopper guesses, each < 0.25
  'p5.jpg': photoFile('opencv/starry_night.jpg'), // the painting: peacock ~0.41
  'p6.jpg': photoFile('opencv/butterfly.jpg'), // red admiral ~0.44, monarch ~0.32
  'p7.jpg': photoFile('opencv-html/ab-1.jpg'), // a selfie: Band-Aid ~0.89
  'p8.png': photoFile('skimage/astronaut.png'), // a portrait
}

describe('tag search on real photos', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let app: PhotoHouseApp

  beforeAll(async () => {
    for (const [name, src] of Object.entries(PHOTOS)) copyInto(src, join(photos, name))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
  }, 300_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  const names = async (q: string, weights: { text?: number; tag?: number; clip?: number } = {}) =>
    (await app.search.query(q, { limit: 20, weights: { clip: 0, ...weights } })).hits.map((h) => app.repositories.search.pathOf(h.asset.id)!.split('/').pop())
  const tagsOf = (name: string) => app.repositories.assets.get(app.repositories.search.assetIdByPath(join(photos, name))!)!.tags

  it('ranks the tag leg by the tag\'s probability, and weak guesses do not match', async () => {
    expect(app.stats().totals).toMatchObject({ dead: 0, failed: 0, pending: 0 })
    // Before issue 11 the order was cat, flower, butterfly, baboon, squirrel, painting: "animal" got
    // the decayed mass of every faint animal class.
    expect(await names('animal', { text: 0, tag: 1 })).toEqual(['p1.jpg', 'p2.jpg', 'p3.png'])
    expect(await names('mammals', { text: 0, tag: 1 })).toEqual(['p1.jpg', 'p2.jpg', 'p3.png'])
    const scores = ['p1.jpg', 'p2.jpg', 'p3.png'].map((n) => tagsOf(n).find((t) => t.label === 'animal')!.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(await names('insect', { text: 0, tag: 1 })).toEqual([])
    // One class each, the sure one (the e2e search spec expects the cat's chip).
    expect(['p1.jpg', 'p2.jpg', 'p3.png'].map((n) => tagsOf(n).filter((t) => t.kind === 'label').map((t) => t.label))).toEqual([
      ['fox squirrel'],
      ['baboon'],
      ['Egyptian Mau'],
    ])
  })

  it('keeps that order when the words leg is fused in (it matches the same tags, ranked by how few there are)', async () => {
    expect(await names('animal')).toEqual(['p1.jpg', 'p2.jpg', 'p3.png'])
  })

  it('finds portraits by the faces stage\'s words, without the classifier\'s person-misreads', async () => {
    const selfie = tagsOf('p7.jpg')
    expect(selfie.filter((t) => t.kind === 'face').map((t) => t.label).sort()).toEqual(['person', 'portrait'])
    expect(selfie.map((t) => t.label)).not.toContain('Band-Aid')
    expect(selfie.filter((t) => t.kind !== 'face')).toEqual([])
    expect((await names('portrait')).sort()).toEqual(['p7.jpg', 'p8.png'])
    expect((await names('person', { text: 0, tag: 1 })).sort()).toEqual(['p7.jpg', 'p8.png'])
    expect(await names('band-aid')).toEqual([])
  })
})
