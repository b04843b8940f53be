// `photohouse albums create-smart|show` run as the real command (bin/photohouse.mjs) on real imported photos,
// and `show --json` of a seeded smart album too large for one pipe buffer, read slowly.
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../app'
import { createAlbumsRepository, createAssetsRepository, createRootsRepository } from '../catalog'
import { runCli, runCliThroughSlowReader } from '../testing/cli-runner'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'

interface Shown {
  id: number
  name: string
  count: number
  rule: unknown
  text: string | null
  assets: { assetId: number; path: string | null }[]
}

describe('photohouse albums create-smart / show', () => {
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
    app.flags.setFavorite([ids.starfish!], true)
    app.flags.setRating([ids.nikon!], 4)
    await app.close()
  }, 120_000)
  afterAll(() => dir.cleanup())

  it('creates a smart album from the text form or JSON, and shows any album with its rule and photo paths', () => {
    const created = runCli(['--library', library, 'albums', 'create-smart', 'Best', '--text', 'favorite:yes OR rating>=4', '--json'])
    expect(created.code, created.stderr).toBe(0)
    const album = JSON.parse(created.stdout) as { id: number; name: string; count: number; smart: { text: string; rule: unknown } }
    expect(album).toMatchObject({ name: 'Best', count: 2, smart: { text: 'favorite:yes OR rating>=4' } })

    const fromJson = runCli(['--library', library, 'albums', 'create-smart', 'Garden', 'only', '--rule', JSON.stringify({ match: 'all', rules: [{ field: 'folder', op: 'is', value: join(photos, 'Garden') }, { field: 'favorite', op: 'is', value: false }] })])
    expect(fromJson.code, fromJson.stderr).toBe(0)
    expect(fromJson.stdout).toMatch(/^Smart album \d+ "Garden only": 2 photos/)

    const shown = runCli(['--library', library, 'albums', 'show', String(album.id), '--json'])
    expect(shown.code, shown.stderr).toBe(0)
    const body = JSON.parse(shown.stdout) as Shown
    expect(body.text).toBe('favorite:yes OR rating>=4')
    expect(body.rule).toEqual({ match: 'any', rules: [{ field: 'favorite', op: 'is', value: true }, { field: 'rating', op: 'gte', value: 4 }] })
    expect(new Set(body.assets)).toEqual(
      new Set([
        { assetId: ids.starfish, path: join(photos, 'Beach', 'starfish.jpg') },
        { assetId: ids.nikon, path: join(photos, 'Garden', 'flowers.jpg') },
      ]),
    )

    // A plain album too, by name.
    expect(runCli(['--library', library, 'albums', 'create', 'Plain']).code).toBe(0)
    expect(runCli(['--library', library, 'albums', 'add', 'Plain', String(ids.iphone)]).code).toBe(0)
    const plain = JSON.parse(runCli(['--library', library, 'albums', 'show', 'Plain', '--json']).stdout) as Shown
    expect(plain).toMatchObject({ name: 'Plain', rule: null, text: null, assets: [{ assetId: ids.iphone, path: join(photos, 'Garden', 'IMG_0001.jpg') }] })
    // Six real commands: each starts the app (no timing is asserted, only given room on a busy machine).
  }, 240_000)

  it('says where a rule text is wrong, and refuses a rule that is not one', () => {
    const bad = runCli(['--library', library, 'albums', 'create-smart', 'X', '--text', 'rating>=4 colour:red'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/unknown field "colour".* at character 11/)
    const badJson = runCli(['--library', library, 'albums', 'create-smart', 'X', '--rule', '{"match":"all","rules":[{"field":"rating","op":"gte","value":"high"}]}'])
    expect(badJson.code).toBe(1)
    expect(badJson.stderr).toMatch(/--rule is not a rule/)
    const neither = runCli(['--library', library, 'albums', 'create-smart', 'X'])
    expect(neither.code).toBe(2)
    const missing = runCli(['--library', library, 'albums', 'show', 'Nope'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/No album Nope/)
  }, 240_000)

  it('writes all of `albums show --json` of a large smart album to a pipe read slowly', async () => {
    const big = join(dir.path, 'big')
    const db = openCatalog(big)
    const assets = createAssetsRepository(db)
    const rootId = createRootsRepository(db).add('/photos')
    const COUNT = 3000
    db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const sha256 = createHash('sha256').update(String(i)).digest('hex')
        assets.attachFile({ sha256, size: 1000, path: `/photos/${String(i).padStart(5, '0')}.jpg`, rootId, mtimeMs: 0 })
      }
      db.prepare(`UPDATE assets SET state = 'ready', rating = CASE WHEN id % 2 = 0 THEN 5 ELSE 1 END`).run()
      createAlbumsRepository(db).insert({ name: 'Five stars', description: '', folderId: null, coverAssetId: null, sourcePath: null, synced: false, rule: JSON.stringify({ match: 'all', rules: [{ field: 'rating', op: 'eq', value: 5 }] }) })
    })()
    db.close()

    const r = await runCliThroughSlowReader(['--library', big, 'albums', 'show', 'Five stars', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.bytes).toBeGreaterThan(100_000)
    const shown = r.parsed as Shown
    expect(shown.count).toBe(COUNT / 2)
    expect(shown.assets).toHaveLength(COUNT / 2)
    expect(shown.assets.every((a) => a.assetId % 2 === 0 && a.path === `/photos/${String(a.assetId - 1).padStart(5, '0')}.jpg`)).toBe(true)
  }, 120_000)
})
