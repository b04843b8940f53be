// The whole pipeline on real photos: import -> thumbnails -> classifier tags + OCR in the inference
// process -> search by words, and "find similar".
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type PhotoHouseApp } from '../app'
import { copyInto, openAndImport, tempDir } from '../testing/fixtures'
import { OPENCV_DATA, OPENCV_TEXT, SKIMAGE_DATA } from '../testing/test-data'
import { classifierInputKey } from './analysis.service'

const SK = SKIMAGE_DATA
const CV = OPENCV_DATA
const PHOTOS: Record<string, string> = {
  'cat.png': `${SK}/chelsea.png`,
  'coffee.png': `${SK}/coffee.png`,
  'motorcycle.png': `${SK}/motorcycle_left.png`,
  'squirrel.jpg': `${CV}/squirrel_cls.jpg`,
  'baboon.jpg': `${CV}/baboon.jpg`,
  'fruits.jpg': `${CV}/fruits.jpg`,
  'butterfly.jpg': `${CV}/butterfly.jpg`,
  'messi.jpg': `${CV}/messi5.jpg`,
  'sign.jpg': `${OPENCV_TEXT}/scenetext01.jpg`,
}

describe('AI stages on real photos', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const libraryDir = join(dir.path, 'lib')
  let app: PhotoHouseApp

  beforeAll(async () => {
    for (const [name, src] of Object.entries(PHOTOS)) copyInto(src, join(photos, name))
    app = await openAndImport(libraryDir, [photos])
  }, 300_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  const top = async (q: string) => {
    const { hits } = await app.search.query(q, { limit: 10 })
    return hits.map((h) => app.repositories.search.pathOf(h.asset.id)!.split('/').pop())
  }

  it('tags every photo and runs every stage without failures', () => {
    expect(app.stats().totals).toMatchObject({ dead: 0, failed: 0, pending: 0 })
    expect(app.stats().assets.ready).toBe(Object.keys(PHOTOS).length)
    const cat = app.repositories.assets.get(app.repositories.search.assetIdByPath(join(photos, 'cat.png'))!)!
    expect(cat.tags.map((t) => t.label)).toEqual(expect.arrayContaining(['cat', 'feline']))
    expect(app.repositories.analysis.stageOf(cat.id, 'tags')).toMatchObject({ modelId: 'mobilenetv2-12-int8', device: 'cpu' })
  })

  it('tags from the inputs the thumbnail stage prepared, and leaves none of them behind', () => {
    // Every photo was decoded once, for its thumbnails; the tags stage read a prepared input.
    expect(app.modelInputs.stats.hits).toBe(Object.keys(PHOTOS).length)
    expect(app.modelInputs.stats.misses).toBe(0)
    expect(app.modelInputs.size).toBe(0)
    expect(app.modelInputs.bytes).toBe(0)
    // One file, its ranges reused from input to input; deleted when the store closes (app.close does this).
    const folder = join(app.cacheDir, 'model-inputs')
    expect(readdirSync(folder)).toHaveLength(1)
    app.modelInputs.close()
    expect(readdirSync(folder)).toEqual([])
  })

  it('tags from the thumbnail when a prepared input has gone missing', async () => {
    const catId = app.repositories.search.assetIdByPath(join(photos, 'cat.png'))!
    const { sha256 } = app.repositories.assets.get(catId)!
    const hits = app.modelInputs.stats.hits
    // A black input, whose file then disappears before the stage reads it: had the stage used it,
    // the cat would not be tagged as one.
    expect(app.modelInputs.put(classifierInputKey(sha256), { rgb: new Uint8Array(224 * 224 * 3), width: 224, height: 224, source: 'test' })).toBe(true)
    rmSync(join(app.cacheDir, 'model-inputs'), { recursive: true, force: true })
    // In one attempt: a retry of the task would find no input and read the thumbnail anyway.
    const outcomes: string[] = []
    // Only this stage's outcomes: the library-wide events/themes passes queued by the import may finish in between.
    const record = (task: { type: string }, state: string) => {
      if (task.type === 'asset.tags') outcomes.push(`${task.type} ${state}`)
    }
    app.runner.on('finished', record)
    app.pipeline.stageNeeded('asset.tags', [catId])
    await app.runner.idle(50)
    app.runner.off('finished', record)
    expect(outcomes).toEqual(['asset.tags done'])
    expect(app.modelInputs.stats.hits).toBe(hits + 1)
    expect(app.stats().totals).toMatchObject({ dead: 0, failed: 0, pending: 0 })
    expect(app.repositories.assets.get(catId)!.tags.map((t) => t.label)).toContain('cat')
  })

  it('finds the right photo first for everyday words (top-1)', async () => {
    const queries: Record<string, string> = {
      cat: 'cat.png',
      cats: 'cat.png',
      kitty: 'cat.png',
      coffee: 'coffee.png',
      motorcycle: 'motorcycle.png',
      squirrel: 'squirrel.jpg',
      monkey: 'baboon.jpg',
      fruit: 'fruits.jpg',
      butterfly: 'butterfly.jpg',
      'soccer ball': 'messi.jpg',
    }
    const results = await Promise.all(Object.entries(queries).map(async ([q, want]) => [q, (await top(q))[0], want]))
    const correct = results.filter(([, got, want]) => got === want)
    expect(correct.map(([q]) => q)).toEqual(Object.keys(queries))
  })

  it('does not return a wall of unrelated photos', async () => {
    expect((await top('cat')).length).toBeLessThanOrEqual(2)
    expect(await top('giraffe')).toEqual([])
  })

  it('reads the text on a sign and finds the photo by it', async () => {
    const signId = app.repositories.search.assetIdByPath(join(photos, 'sign.jpg'))!
    const words = app.repositories.analysis.ocrOf(signId).map((l) => l.text.toLowerCase())
    expect(words).toEqual(expect.arrayContaining(['parking', 'prohibited']))
    expect((await top('parking'))[0]).toBe('sign.jpg')
    expect((await top('prohibited'))[0]).toBe('sign.jpg')
    const hit = (await app.search.query('parking')).hits[0]!
    expect(hit.matched).toContain('text')
  })

  it('finds similar photos with the classifier features, and survives losing its index file', async () => {
    const catId = app.repositories.search.assetIdByPath(join(photos, 'cat.png'))!
    // A second, different cat-like photo is not in the set: the cat's nearest neighbour must not be a sign.
    const similar = await app.search.similar(catId, 3)
    expect(similar.map((h) => h.asset.id)).not.toContain(catId)
    for (const h of similar) expect(h.score).toBeGreaterThanOrEqual(0.3)

    await app.close()
    const indexFile = join(libraryDir, 'vectors', 'mobilenetv2-12-int8.usearch')
    expect(existsSync(indexFile)).toBe(true)
    rmSync(indexFile)
    app = createApp({ libraryDir, log: () => {} })
    const again = await app.search.similar(catId, 3)
    expect(again.map((h) => h.asset.id)).toEqual(similar.map((h) => h.asset.id))
    expect(existsSync(indexFile)).toBe(true)
  })
})
