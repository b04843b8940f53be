// `photohouse export` run as the real command (bin/photohouse.mjs) on real imported photos: beside a
// running app, to completion and piped to a slow reader, and its refusals.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import exifr from 'exifr'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import type { ExportSummary } from '../../shared/export'
import { runCli, runCliThroughSlowReader } from '../testing/cli-runner'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('photohouse export', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const library = join(dir.path, 'lib')
  const out = join(dir.path, 'out')
  const path = { iphone: join(photos, 'IMG_0001.jpg'), starfish: join(photos, 'Beach', 'IMG_0001.jpg') }
  let albumId = 0

  beforeAll(async () => {
    copyInto(REAL_PHOTOS.iphone, path.iphone)
    copyInto(REAL_PHOTOS.starfish, path.starfish)
    const app = await openAndImport(library, [photos])
    const ids = Object.values(path).map((p) => app.repositories.search.assetIdByPath(p)!)
    albumId = app.albums.create({ name: 'Both', assetIds: ids }).album.id
    await app.close()
  }, 120_000)
  afterAll(() => dir.cleanup())

  it('exports an album as originals beside a running app, the JSON summary whole when piped to a slow reader', async () => {
    const app = createApp({ libraryDir: library, log: () => {} })
    try {
      const piped = await runCliThroughSlowReader(['--library', library, 'export', '--album', String(albumId), '--to', join(out, 'originals'), '--json'])
      expect(piped.code, piped.stderr).toBe(0)
      const summary = piped.parsed as Pick<ExportSummary, 'target' | 'exported' | 'skipped' | 'files'>
      expect(summary).toMatchObject({ target: join(out, 'originals'), exported: 2, skipped: [] })
      expect(summary.files.map((f) => f.path).sort()).toEqual([join(out, 'originals', 'IMG_0001 (2).jpg'), join(out, 'originals', 'IMG_0001.jpg')])
      for (const f of summary.files) expect(sha(f.path)).toBe(sha(f.source))
    } finally {
      await app.close()
    }
  })

  it('exports JPEGs of a size into a .zip named after the album', () => {
    const zipped = runCli(['--library', library, 'export', '--album', String(albumId), '--to', join(out, 'zip'), '--size', '50', '--zip', '--json'])
    expect(zipped.code, zipped.stderr).toBe(0)
    expect(JSON.parse(zipped.stdout)).toMatchObject({ target: join(out, 'zip', 'Both.zip'), exported: 2 })
    expect(existsSync(join(out, 'zip', 'Both.zip'))).toBe(true)
  })

  it('strips GPS from JPEGs by default, keeps it when asked, or strips all metadata', async () => {
    const reader = createApp({ libraryDir: library, readOnly: true, log: () => {} })
    const iphone = reader.repositories.search.assetIdByPath(path.iphone)!
    await reader.close()
    const stripped = runCli(['--library', library, 'export', '--ids', String(iphone), '--to', join(out, 'stripped'), '--jpeg', '--json'])
    expect(stripped.code, stripped.stderr).toBe(0)
    const file = (JSON.parse(stripped.stdout) as ExportSummary).files[0]!.path
    expect(await exifr.gps(file)).toBeUndefined()
    expect((await sharp(file).metadata()).width).toBe(180)
    const kept = runCli(['--library', library, 'export', '--ids', String(iphone), '--to', join(out, 'kept'), '--size', '90', '--keep-gps', '--json'])
    expect(kept.code, kept.stderr).toBe(0)
    expect((await exifr.gps((JSON.parse(kept.stdout) as ExportSummary).files[0]!.path)).latitude).toBeCloseTo(37.885, 3)
    const bare = runCli(['--library', library, 'export', '--ids', String(iphone), '--to', join(out, 'bare'), '--strip-metadata', '--json'])
    expect(bare.code, bare.stderr).toBe(0)
    expect(await exifr.parse((JSON.parse(bare.stdout) as ExportSummary).files[0]!.path)).toBeUndefined()
  })

  it('refuses what it cannot do, with the usage or the reason', () => {
    const originalsStripped = runCli(['--library', library, 'export', '--album', String(albumId), '--to', join(out, 'x'), '--strip-gps'])
    expect(originalsStripped.code).toBe(2)
    expect(originalsStripped.stderr).toMatch(/originals are exact copies/)
    const two = runCli(['--library', library, 'export', '--album', '1', '--event', '1', '--to', join(out, 'x')])
    expect(two.code).toBe(2)
    const noAlbum = runCli(['--library', library, 'export', '--album', '999', '--to', join(out, 'x')])
    expect(noAlbum.code).toBe(1)
    expect(noAlbum.stderr).toContain('No album with id 999')
    expect(existsSync(join(out, 'x'))).toBe(false)
    expect(readdirSync(photos).sort()).toEqual(['Beach', 'IMG_0001.jpg'])
  })
})
