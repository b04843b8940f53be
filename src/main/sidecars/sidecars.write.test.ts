// Where and whether a sidecar is written, on a seeded catalog (no import needed): the naming styles,
// a photo with nothing to say, another program's upper-case .XMP, and a sidecar that is not XMP.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../app'
import { createAssetsRepository, createRootsRepository, createSettingsRepository, createSidecarsRepository, type Db } from '../catalog'
import { copyInto, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { createSidecarsService, sidecarPath } from './sidecars.service'
import { readXmp } from './xmp'

describe('sidecarPath', () => {
  it('names the sidecar photo.jpg.xmp (digiKam, darktable) or photo.xmp (Lightroom)', () => {
    expect(sidecarPath('/p/IMG_1.CR2', 'file.ext.xmp')).toBe('/p/IMG_1.CR2.xmp')
    expect(sidecarPath('/p/IMG_1.CR2', 'file.xmp')).toBe('/p/IMG_1.xmp')
    expect(sidecarPath('/p/archive.2020/IMG', 'file.xmp')).toBe('/p/archive.2020/IMG.xmp')
  })
})

describe('writing sidecars', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let db: Db
  const ids: Record<'rated' | 'plain' | 'upper' | 'broken', number> = { rated: 0, plain: 0, upper: 0, broken: 0 }
  const path = (name: keyof typeof ids) => join(photos, `${name}.jpg`)
  let queued = 0
  const service = () =>
    createSidecarsService({
      repo: createSidecarsRepository(db),
      settings: createSettingsRepository(db),
      writeNeeded: () => queued++,
      changed: () => {},
      log: () => {},
    })

  beforeAll(() => {
    db = openCatalog(join(dir.path, 'lib'))
    const assets = createAssetsRepository(db)
    const rootId = createRootsRepository(db).add(photos)
    for (const [i, name] of (Object.keys(ids) as (keyof typeof ids)[]).entries()) {
      copyInto(REAL_PHOTOS.nikon, path(name))
      ids[name] = assets.attachFile({ sha256: String(i).repeat(64), size: 1, path: path(name), rootId, mtimeMs: 0 }).assetId
    }
    db.prepare(`UPDATE assets SET state = 'ready', width = 400, height = 300, orientation = 1`).run()
    db.prepare(`UPDATE assets SET rating = 2 WHERE id != ?`).run(ids.plain)
    writeFileSync(`${path('upper')}.XMP`, '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Bridge"/></rdf:RDF></x:xmpmeta>')
    writeFileSync(`${path('broken')}.xmp`, 'not xml at all <')
  })
  afterAll(() => {
    db.close()
    dir.cleanup()
  })

  it('writes what there is to say, merges into an upper-case .XMP, leaves a broken one as it is and says so', async () => {
    const result = await service().writeNow({ all: true })
    expect(result).toMatchObject({ photos: 4, written: 2, unchanged: 0 })
    expect(result.failed).toEqual([{ path: `${path('broken')}.xmp`, error: expect.stringMatching(/Not well-formed XMP.*left as it is/) as string }])
    expect(readXmp(readFileSync(`${path('rated')}.xmp`, 'utf8')).rating).toBe(2)
    expect(existsSync(`${path('plain')}.xmp`)).toBe(false)
    expect(existsSync(`${path('upper')}.xmp`)).toBe(false)
    const upper = readFileSync(`${path('upper')}.XMP`, 'utf8')
    expect(readXmp(upper).rating).toBe(2)
    expect(upper).toContain('xmp:CreatorTool="Bridge"')
    expect(readFileSync(`${path('broken')}.xmp`, 'utf8')).toBe('not xml at all <')
  })

  it('switched to photo.xmp naming and on, queues every photo and writes photo.xmp', async () => {
    const s = service()
    queued = 0
    expect(s.setSettings({ write: true, naming: 'file.xmp' })).toEqual({ write: true, naming: 'file.xmp', machineTags: false })
    expect(queued).toBe(1)
    expect(createSidecarsRepository(db).dirtyCount()).toBe(4)
    const result = await s.writeNow({ all: false })
    expect(result).toMatchObject({ photos: 4, written: 3, unchanged: 0, failed: [] })
    expect(readXmp(readFileSync(join(photos, 'rated.xmp'), 'utf8')).rating).toBe(2)
    expect(createSidecarsRepository(db).dirtyCount()).toBe(0)
    // Nothing changed since: nothing queued, nothing to write.
    s.changesMade()
    expect(queued).toBe(1)
  })
})
