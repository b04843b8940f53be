// `photohouse sidecars write|read` run as the real command (bin/photohouse.mjs): on a real imported
// photo whose Lightroom sidecar arrives after the import, and on a seeded library whose report is too
// large for one pipe buffer, read slowly.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SidecarReadResult, SidecarWriteResult } from '../../shared/sidecars'
import { openCatalog } from '../app'
import { createAssetsRepository, createRootsRepository } from '../catalog'
import { XMP_TEST_DATA } from '../sidecars/test-cases'
import { readXmp } from '../sidecars/xmp'
import { runCli, runCliThroughSlowReader } from '../testing/cli-runner'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'

describe('photohouse sidecars', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const library = join(dir.path, 'lib')
  const photo = join(photos, 'lr.jpg')

  beforeAll(async () => {
    copyInto(REAL_PHOTOS.starfish, photo)
    const app = await openAndImport(library, [photos])
    await app.close()
    // Lightroom's sidecar arrives after the import: only a read finds it.
    copyInto(join(XMP_TEST_DATA, 'lightroom', 'lr.xmp'), join(photos, 'lr.xmp'))
  }, 120_000)
  afterAll(() => dir.cleanup())

  it('reads the sidecars again: keywords, rating and caption of a sidecar that came later', () => {
    const r = runCli(['--library', library, 'sidecars', 'read', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout) as SidecarReadResult).toEqual({
      photos: 1,
      withMetadata: 1,
      keywordsAdded: 3,
      ratingsSet: 1,
      descriptionsSet: 1,
      favoritesSet: 0,
      regions: 0,
      regionsMatched: 0,
      regionsWithoutFace: 0,
      failed: [],
    })
    // Again: nothing new (a read fills, it never adds twice).
    const again = runCli(['--library', library, 'sidecars', 'read'])
    expect(again.stdout).toContain('0 keywords added, 0 ratings')
  })

  it('writes the sidecars of changed photos, then (--all) finds every one up to date', () => {
    const r = runCli(['--library', library, 'sidecars', 'write', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout) as SidecarWriteResult).toEqual({ photos: 1, written: 1, unchanged: 0, failed: [] })
    expect(readXmp(readFileSync(`${photo}.xmp`, 'utf8'))).toMatchObject({ subjects: ['Denmark', 'beach', 'starfish'], rating: 3, description: 'Starfish at low tide, Rømø' })
    const all = runCli(['--library', library, 'sidecars', 'write', '--all'])
    expect(all.code, all.stderr).toBe(0)
    expect(all.stdout).toBe('Sidecars of 1 photo(s): 0 written, 1 already up to date, 0 failed.\n')
  })

  it('refuses what it cannot mean', () => {
    for (const args of [['sidecars', 'erase'], ['sidecars', 'read', '--all']]) {
      const r = runCli(['--library', library, ...args])
      expect(r.code, args.join(' ')).toBe(2)
    }
  })

  it('writes all of `sidecars write --all --json` to a pipe read slowly (thousands of failures listed)', async () => {
    const big = join(dir.path, 'big')
    const db = openCatalog(big)
    const assets = createAssetsRepository(db)
    // Rated photos (something to write) under a folder that does not exist: each sidecar write fails, and is listed.
    const gone = join(dir.path, 'gone')
    const rootId = createRootsRepository(db).add(gone)
    const COUNT = 3000
    db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const sha256 = createHash('sha256').update(String(i)).digest('hex')
        assets.attachFile({ sha256, size: 1000, path: join(gone, `${String(i).padStart(5, '0')}.jpg`), rootId, mtimeMs: 0 })
      }
      db.prepare(`UPDATE assets SET state = 'ready', rating = 3`).run()
    })()
    db.close()
    const r = await runCliThroughSlowReader(['--library', big, 'sidecars', 'write', '--all', '--json'])
    // Failures are said with exit code 1, the report still whole.
    expect(r.code, r.stderr).toBe(1)
    expect(r.bytes).toBeGreaterThan(100_000)
    const result = r.parsed as SidecarWriteResult
    expect(result.photos, JSON.stringify(r.parsed).slice(0, 300)).toBe(COUNT)
    expect(result.failed).toHaveLength(COUNT)
    expect(new Set(result.failed.map((f) => f.path)).size).toBe(COUNT)
    expect(existsSync(gone)).toBe(false)
  }, 120_000)
})
