// `photohouse trash …` run as the real command (bin/photohouse.mjs), on real imported photos and on a
// seeded trash too large for one pipe buffer, read slowly.
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { runCli, runCliThroughSlowReader } from '../testing/cli-runner'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, openCatalog } from '../app'
import { createAssetsRepository, createRootsRepository, createTrashRepository } from '../catalog'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'

const cli = (args: string[]) => runCli(args)

const throughSlowReader = (args: string[]) => runCliThroughSlowReader(args)

interface CliTrashed {
  assetId: number
  trashedAt: string
  daysLeft: number
  paths: string[]
}

describe('photohouse trash', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const library = join(dir.path, 'lib')
  const path = { starfish: join(photos, 'Beach', 'starfish.jpg'), nikon: join(photos, 'Garden', 'flowers.jpg'), iphone: join(photos, 'Garden', 'IMG_0001.jpg') }
  const ids: Record<keyof typeof path, number> = { starfish: 0, nikon: 0, iphone: 0 }

  beforeAll(async () => {
    for (const key of Object.keys(path) as (keyof typeof path)[]) copyInto(REAL_PHOTOS[key], path[key])
    // Trashed a minute apart (today, so 30 days are left), the nikon last.
    let clock = new Date(Date.now() - 60_000)
    const app = await openAndImport(library, [photos], { now: () => clock })
    for (const key of Object.keys(path) as (keyof typeof path)[]) ids[key] = app.repositories.search.assetIdByPath(path[key])!
    app.trash.move([ids.starfish])
    clock = new Date()
    app.trash.move([ids.nikon])
    await app.close()
  }, 120_000)
  afterAll(() => dir.cleanup())

  it('lists the trash as JSON (newest trashed first, 30 days left, its files), also beside a running app', async () => {
    const app = createApp({ libraryDir: library, log: () => {} })
    try {
      const listed = cli(['--library', library, 'trash', 'list', '--json'])
      expect(listed.code, listed.stderr).toBe(0)
      const rows = JSON.parse(listed.stdout) as CliTrashed[]
      expect(rows.map((r) => [r.assetId, r.daysLeft, r.paths])).toEqual([
        [ids.nikon, 30, [path.nikon]],
        [ids.starfish, 30, [path.starfish]],
      ])
      const plain = cli(['--library', library, 'trash', 'list'])
      expect(plain.stdout).toContain(`${ids.starfish}\t30 days left\t${path.starfish}`)
    } finally {
      await app.close()
    }
  })

  it('restores photos by id, says which were not in the trash, and the library has them back', async () => {
    const restored = cli(['--library', library, 'trash', 'restore', String(ids.starfish), String(ids.iphone), '--json'])
    expect(restored.code, restored.stderr).toBe(0)
    expect(JSON.parse(restored.stdout)).toMatchObject({ restored: 1, notInTrash: [ids.iphone], undo: { label: 'Restored 1 photo from the trash' } })
    const left = JSON.parse(cli(['--library', library, 'trash', 'list', '--json']).stdout) as CliTrashed[]
    expect(left.map((r) => r.assetId)).toEqual([ids.nikon])
    const app = createApp({ libraryDir: library, log: () => {} })
    try {
      expect(app.repositories.assets.page(0, 10).map((a) => a.id)).toContain(ids.starfish)
    } finally {
      await app.close()
    }
    const plain = cli(['--library', library, 'trash', 'restore', String(ids.nikon)])
    expect(plain.stdout).toMatch(/^Restored 1 photo\(s\) from the trash\n$/)
  })

  it('refuses what it cannot mean', () => {
    const bad = cli(['--library', library, 'trash', 'restore', 'twelve'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Bad asset id: twelve/)
    const none = cli(['--library', library, 'trash', 'restore'])
    expect(none.code).toBe(2)
    const unknown = cli(['--library', library, 'trash', 'empty'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown trash command/)
  })

  it('writes all of `trash list --json` to a pipe read slowly (thousands of trashed photos)', async () => {
    const big = join(dir.path, 'big')
    const db = openCatalog(big)
    const assets = createAssetsRepository(db)
    const rootId = createRootsRepository(db).add('/photos')
    const COUNT = 4000
    db.transaction(() => {
      const all: number[] = []
      for (let i = 0; i < COUNT; i++) {
        const sha256 = createHash('sha256').update(String(i)).digest('hex')
        all.push(assets.attachFile({ sha256, size: 1000, path: `/photos/${String(i).padStart(5, '0')}.jpg`, rootId, mtimeMs: 0 }).assetId)
      }
      db.prepare(`UPDATE assets SET state = 'ready'`).run()
      createTrashRepository(db).setTrashed(all, new Date().toISOString())
    })()
    db.close()

    const r = await throughSlowReader(['--library', big, 'trash', 'list', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.bytes).toBeGreaterThan(100_000)
    const rows = r.parsed as CliTrashed[]
    expect(Array.isArray(rows), JSON.stringify(r.parsed).slice(0, 300)).toBe(true)
    expect(rows).toHaveLength(COUNT)
    expect(new Set(rows.map((row) => row.paths[0])).size).toBe(COUNT)
  }, 120_000)
})
