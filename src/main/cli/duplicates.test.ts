// `photohouse duplicates --json`: the shape issue 12 names, on real photos and copies made of them,
// and complete when piped to a slow reader whatever its size.
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { runCliThroughSlowReader } from '../testing/cli-runner'
import { afterAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../app'
import { createAssetsRepository, createDuplicatesRepository, createRootsRepository } from '../catalog'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { OPENCV_DATA } from '../testing/test-data'

const cli = (args: string[]) => runCliThroughSlowReader(args, 1000)

interface Row {
  tier: string
  suggestedKeep: number
  assets: { assetId: number; path: string; width: number; height: number; bytes: number; distance: number }[]
}

describe('photohouse duplicates --json', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  it('lists near and same-pixels groups with the suggested keeper; similar shots only with --similar', async () => {
    const photos = join(dir.path, 'photos')
    const original = copyInto(REAL_PHOTOS.baboon, join(photos, 'baboon.jpg'))
    mkdirSync(join(photos, 'Copies'), { recursive: true })
    const half = join(photos, 'Copies', 'baboon-small.jpg')
    await sharp(REAL_PHOTOS.baboon).resize(256).jpeg({ quality: 80 }).toFile(half)
    const webp = join(photos, 'Copies', 'baboon.webp')
    await sharp(REAL_PHOTOS.baboon).webp({ quality: 60 }).toFile(webp)
    copyInto(join(OPENCV_DATA, 'basketball1.png'), join(photos, 'frame1.png'))
    copyInto(join(OPENCV_DATA, 'basketball2.png'), join(photos, 'frame2.png'))
    copyInto(REAL_PHOTOS.coffee, join(photos, 'coffee.png'))
    const library = join(dir.path, 'lib')
    const app = await openAndImport(library, [photos])
    const idOf = (path: string) => app.repositories.search.assetIdByPath(path)!
    const ids = { original: idOf(original), half: idOf(half), webp: idOf(webp) }
    await app.close()

    const r = await cli(['--library', library, 'duplicates', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const rows = r.parsed as Row[]
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ tier: 'near', suggestedKeep: ids.original })
    expect(rows[0]!.assets.map((a) => a.assetId).sort((a, b) => a - b)).toEqual([ids.original, ids.half, ids.webp].sort((a, b) => a - b))
    expect(rows[0]!.assets.find((a) => a.assetId === ids.original)).toEqual({ assetId: ids.original, path: original, width: 512, height: 512, bytes: expect.any(Number), distance: 0 })
    expect(Object.keys(rows[0]!.assets[0]!).sort()).toEqual(['assetId', 'bytes', 'distance', 'height', 'path', 'width'])

    const withSimilar = (await cli(['--library', library, 'duplicates', '--similar', '--json'])).parsed as Row[]
    expect(withSimilar.map((g) => g.tier)).toEqual(['near', 'similar'])
    expect(withSimilar[1]!.assets.map((a) => a.path.split('/').pop()).sort()).toEqual(['frame1.png', 'frame2.png'])
  }, 240_000)

  it('writes all of a large answer to a pipe read slowly', async () => {
    const library = join(dir.path, 'big')
    const db = openCatalog(library)
    const roots = createRootsRepository(db)
    const assets = createAssetsRepository(db)
    const duplicates = createDuplicatesRepository(db)
    const rootId = roots.add('/photos')
    const PAIRS = 1500
    db.transaction(() => {
      for (let i = 0; i < PAIRS * 2; i++) {
        const sha256 = createHash('sha256').update(String(i)).digest('hex')
        const { assetId } = assets.attachFile({ sha256, size: 1000 + i, path: `/photos/${String(i).padStart(5, '0')}.jpg`, rootId, mtimeMs: 1_600_000_000_000 + i })
        // Pairs of photos whose hashes differ in the last bit; pairs far apart from each other.
        const pair = Math.floor(i / 2)
        const base = BigInt(`0x${createHash('sha256').update(`pair${pair}`).digest('hex').slice(0, 16)}`)
        const phash = (base ^ BigInt(i % 2)).toString(16).padStart(16, '0')
        assets.markReady(assetId, { width: 100, height: 100, phash })
        duplicates.setPixels(assetId, { pixelHash: sha256, gray32: new Uint8Array(1024).fill(pair % 256) })
      }
    })()
    db.close()
    const r = await cli(['--library', library, 'duplicates', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.bytes).toBeGreaterThan(200_000)
    const rows = r.parsed as Row[]
    expect(Array.isArray(rows), JSON.stringify(r.parsed).slice(0, 300)).toBe(true)
    expect(rows.length).toBeGreaterThanOrEqual(PAIRS * 0.99)
  }, 120_000)
})
