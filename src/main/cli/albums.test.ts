// `photohouse albums …` run as the real command (bin/photohouse.mjs), on real imported photos and on a
// seeded catalog too large for one pipe buffer.
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { runCli, runCliThroughSlowReader } from '../testing/cli-runner'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, openCatalog } from '../app'
import { createAlbumsRepository, createAssetsRepository, createRootsRepository } from '../catalog'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'

const cli = (args: string[]) => runCli(args)

const throughSlowReader = (args: string[]) => runCliThroughSlowReader(args)

interface CliAlbum {
  id: number
  name: string
  count: number
  folder: string | null
  coverAssetId: number | null
  source: { path: string; synced: boolean } | null
  assetIds: number[]
}

describe('photohouse albums', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const library = join(dir.path, 'lib')
  const ids: Record<string, number> = {}

  beforeAll(async () => {
    copyInto(REAL_PHOTOS.starfish, join(photos, 'Beach', 'starfish.jpg'))
    copyInto(REAL_PHOTOS.nikon, join(photos, 'Garden', 'flowers.jpg'))
    copyInto(REAL_PHOTOS.iphone, join(photos, 'Garden', 'IMG_0001.jpg'))
    const app = await openAndImport(library, [photos])
    for (const [key, path] of [['starfish', 'Beach/starfish.jpg'], ['nikon', 'Garden/flowers.jpg'], ['iphone', 'Garden/IMG_0001.jpg']] as const) {
      ids[key] = app.repositories.search.assetIdByPath(join(photos, path))!
    }
    await app.close()
  }, 120_000)
  afterAll(() => dir.cleanup())

  it('creates albums (plain, from a folder, synced), adds photos by album name or id, and lists them as JSON', () => {
    const created = cli(['--library', library, 'albums', 'create', 'Best', 'of', '2013'])
    expect(created.code, created.stderr).toBe(0)
    expect(created.stdout).toMatch(/^Album \d+ "Best of 2013"/)

    const added = cli(['--library', library, 'albums', 'add', 'Best of 2013', String(ids.iphone), String(ids.starfish)])
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toMatch(/Added 2 photo\(s\) to "Best of 2013" \(2 photos\)/)

    const fromFolder = cli(['--library', library, 'albums', 'create', '--from-folder', join(photos, 'Garden'), '--json'])
    expect(fromFolder.code, fromFolder.stderr).toBe(0)
    expect(JSON.parse(fromFolder.stdout)).toMatchObject({ name: 'Garden', count: 2, source: { synced: false } })
    const synced = cli(['--library', library, 'albums', 'create', 'Seaside', '--from-folder', join(photos, 'Beach'), '--sync'])
    expect(synced.code, synced.stderr).toBe(0)
    expect(synced.stdout).toMatch(/"Seaside": 1 photos, kept in sync/)

    const listed = cli(['--library', library, 'albums', 'list', '--json'])
    expect(listed.code, listed.stderr).toBe(0)
    const albums = JSON.parse(listed.stdout) as CliAlbum[]
    expect(albums.map((a) => a.name)).toEqual(['Best of 2013', 'Garden', 'Seaside'])
    expect(albums[0]).toMatchObject({ count: 2, folder: null, coverAssetId: ids.iphone, source: null, assetIds: [ids.iphone, ids.starfish] })
    expect(new Set(albums[1]!.assetIds)).toEqual(new Set([ids.nikon, ids.iphone]))
    expect(albums[2]).toMatchObject({ source: { path: join(photos, 'Beach'), synced: true }, assetIds: [ids.starfish] })

    // By id too; a photo already in it is not added twice.
    const again = cli(['--library', library, 'albums', 'add', String(albums[0]!.id), String(ids.iphone), String(ids.nikon)])
    expect(again.stdout).toMatch(/Added 1 photo\(s\)/)
  })

  it('lists albums beside a running app (read-only: no lock, nothing written)', async () => {
    const app = createApp({ libraryDir: library, log: () => {} })
    try {
      const listed = cli(['--library', library, 'albums', 'list'])
      expect(listed.code, listed.stderr).toBe(0)
      expect(listed.stdout).toMatch(/\tBest of 2013\t3 photos/)
      expect(listed.stdout).toMatch(/\tSeaside\t1 photos \(follows its folder\)/)
    } finally {
      await app.close()
    }
  })

  it('refuses what it cannot do: an unknown album, a synced album, a folder outside the library, a bad command', () => {
    const unknown = cli(['--library', library, 'albums', 'add', 'Nope', String(ids.nikon)])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/No album Nope/)
    const intoSynced = cli(['--library', library, 'albums', 'add', 'Seaside', String(ids.nikon)])
    expect(intoSynced.code).toBe(1)
    expect(intoSynced.stderr).toMatch(/follows the folder/)
    const outside = cli(['--library', library, 'albums', 'create', '--from-folder', dir.path])
    expect(outside.code).toBe(1)
    expect(outside.stderr).toMatch(/Not in a library folder/)
    const bad = cli(['--library', library, 'albums', 'frobnicate'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Unknown albums command/)
  })

  it('writes all of `albums list --json` to a pipe read slowly (albums of thousands of photos)', async () => {
    const big = join(dir.path, 'big')
    const db = openCatalog(big)
    const assets = createAssetsRepository(db)
    const rootId = createRootsRepository(db).add('/photos')
    const repo = createAlbumsRepository(db)
    const COUNT = 4000
    db.transaction(() => {
      const all: number[] = []
      for (let i = 0; i < COUNT; i++) {
        const sha256 = createHash('sha256').update(String(i)).digest('hex')
        all.push(assets.attachFile({ sha256, size: 1000, path: `/photos/${String(i).padStart(5, '0')}.jpg`, rootId, mtimeMs: 0 }).assetId)
      }
      db.prepare(`UPDATE assets SET state = 'ready'`).run()
      for (const name of ['One', 'Two', 'Three']) {
        const albumId = repo.insert({ name, description: '', folderId: null, coverAssetId: null, sourcePath: null, synced: false })
        repo.append(albumId, all)
      }
    })()
    db.close()

    const r = await throughSlowReader(['--library', big, 'albums', 'list', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.bytes).toBeGreaterThan(100_000)
    const rows = r.parsed as CliAlbum[]
    expect(Array.isArray(rows), JSON.stringify(r.parsed).slice(0, 300)).toBe(true)
    expect(rows.map((a) => [a.name, a.count, a.assetIds.length])).toEqual([
      ['One', COUNT, COUNT],
      ['Three', COUNT, COUNT],
      ['Two', COUNT, COUNT],
    ])
  }, 120_000)
})
