// The library check on a real imported library: a file deleted, one replaced, one only touched, a
// thumbnail and a vector lost; then the repair, run to completion, leaves only what cannot be repaired.
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { thumbPath } from '../ingest'
import { DEFAULT_CLASSIFIER_MODEL } from '../ml'
import { appRoot } from '../platform/app-root'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'

describe('library check', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  it('finds missing and changed files, lost thumbnails and vectors, and repairs what it can', async () => {
    const photos = join(dir.path, 'photos')
    const files = {
      gone: copyInto(REAL_PHOTOS.starfish, join(photos, 'gone.jpg')),
      replaced: copyInto(REAL_PHOTOS.nikon, join(photos, 'replaced.jpg')),
      touched: copyInto(REAL_PHOTOS.iphone, join(photos, 'touched.jpg')),
      noThumb: copyInto(REAL_PHOTOS.baboon, join(photos, 'no-thumb.jpg')),
      noVector: copyInto(REAL_PHOTOS.fruits, join(photos, 'no-vector.jpg')),
    }
    const library = join(dir.path, 'lib')
    const app = await openAndImport(library, [photos])
    try {
      const idOf = (path: string) => app.repositories.search.assetIdByPath(path)!
      const ids = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, idOf(p)])) as Record<keyof typeof files, number>
      const clean = await app.integrity.check()
      expect(clean).toMatchObject({ files: 5, assets: 5, touchedFiles: 0, repaired: null, counts: { missingFiles: 0, changedFiles: 0, missingThumbnails: 0, missingVectors: 0 } })

      rmSync(files.gone)
      // Other content in the same file (another photo, another size).
      writeFileSync(files.replaced, readFileSync(REAL_PHOTOS.rotated))
      utimesSync(files.touched, new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'))
      const noThumbSha = app.repositories.assets.shaOf(ids.noThumb)!
      rmSync(thumbPath(app.cacheDir, noThumbSha, 'grid'))
      app.db.prepare(`DELETE FROM embeddings WHERE asset_id = ? AND model_id = ?`).run(ids.noVector, DEFAULT_CLASSIFIER_MODEL)

      const report = await app.integrity.check()
      expect(report.missingFiles).toEqual([{ assetId: ids.gone, path: files.gone }])
      expect(report.changedFiles).toEqual([{ assetId: ids.replaced, path: files.replaced }])
      expect(report.touchedFiles).toBe(1)
      expect(report.missingThumbnails).toEqual([ids.noThumb])
      expect(report.missingVectors).toEqual([ids.noVector])
      expect(report.counts).toEqual({ missingFiles: 1, changedFiles: 1, missingThumbnails: 1, missingVectors: 1 })

      // Beside the running app, the command line checks read-only and says the same.
      const cli = spawnSync(process.execPath, [join(appRoot(), 'bin', 'photohouse.mjs'), '--library', library, 'check', '--json'], { encoding: 'utf8', timeout: 120_000 })
      expect(cli.stderr).toBe('')
      expect(cli.status).toBe(0)
      expect(JSON.parse(cli.stdout)).toMatchObject({ counts: report.counts, missingFiles: report.missingFiles, repaired: null })

      const repair = await app.integrity.check({ repair: true })
      expect(repair.repaired).toEqual({ reimport: 1, thumbnails: 1, vectors: 1, rescannedFolders: 1 })
      await app.runner.idle(50)

      const after = await app.integrity.check()
      // The replaced file is now the photo it holds; the thumbnail and the vector are back; the
      // deleted file is known missing (kept for the grace period), so no longer checked.
      expect(after.counts).toEqual({ missingFiles: 0, changedFiles: 0, missingThumbnails: 0, missingVectors: 0 })
      expect(app.repositories.search.assetIdByPath(files.replaced)).not.toBe(ids.replaced)
      expect(readFileSync(thumbPath(app.cacheDir, noThumbSha, 'grid')).length).toBeGreaterThan(0)
      expect(app.repositories.analysis.embeddingOf(ids.noVector, DEFAULT_CLASSIFIER_MODEL)).toBeTruthy()
    } finally {
      await app.close()
    }
  })
})
