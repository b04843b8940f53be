import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { thumbPath } from '../ingest'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { keyframePath, playablePath } from '../video'
import { removeDerivedFiles, sweepDerivedFiles } from './derived-files'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const shaOf = (text: string) => createHash('sha256').update(text).digest('hex')
const HOUR_AGO = (Date.now() - 3600_000) / 1000

/** Writes a file (and its folders), it and its folder last written an hour ago unless `fresh`. */
function write(path: string, fresh = false): string {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, 'x')
  // A video's keyframes are a folder, judged by when it was last written to.
  if (!fresh) for (const p of [path, join(path, '..')]) utimesSync(p, HOUR_AGO, HOUR_AGO)
  return path
}

/** Every file the cache can hold for one content hash. */
function derivedOf(cacheDir: string, sha: string): string[] {
  return [
    thumbPath(cacheDir, sha, 'grid'),
    thumbPath(cacheDir, sha, 'preview'),
    playablePath(cacheDir, sha, 'video'),
    playablePath(cacheDir, sha, 'motion'),
    keyframePath(cacheDir, sha, 1500),
    keyframePath(cacheDir, sha, 3000),
  ]
}

describe('cached files of a photo or video', () => {
  it('go with it: thumbnails, keyframes and playable copies; another content keeps its own', () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const [gone, kept] = [shaOf('gone'), shaOf('kept')]
    for (const sha of [gone, kept]) derivedOf(dir.path, sha).forEach((f) => write(f))
    removeDerivedFiles(dir.path, gone)
    for (const f of derivedOf(dir.path, gone)) expect(existsSync(f), f).toBe(false)
    expect(existsSync(join(dir.path, 'keyframes', gone.slice(0, 2), gone))).toBe(false)
    for (const f of derivedOf(dir.path, kept)) expect(existsSync(f), f).toBe(true)
    // Nothing there: nothing to do, no error.
    expect(() => removeDerivedFiles(dir.path, shaOf('never'))).not.toThrow()
  })

  it("the sweep removes what belongs to no content or face in the catalog, but not what was written since it began, nor others' files", async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const [known, orphan, fresh] = [shaOf('known'), shaOf('orphan'), shaOf('fresh')]
    const keptFiles = [
      ...derivedOf(dir.path, known).map((f) => write(f)),
      // A photo imported while the sweep runs: its thumbnail is newer than the sweep's start.
      write(thumbPath(dir.path, fresh, 'grid'), true),
      write(join(dir.path, 'faces', 'aaaaaaaaaaaaaaaaaaaa.webp')),
      // Half-written files are removeStaleTempFiles' to judge; names the app does not write are not its.
      write(`${playablePath(dir.path, orphan, 'video')}.999999.partial`),
      write(join(dir.path, 'thumbs', 'zz', 'notes.txt')),
      write(join(dir.path, 'model-inputs', `${orphan}.bin`)),
    ]
    const orphans = [...derivedOf(dir.path, orphan).map((f) => write(f)), write(join(dir.path, 'faces', 'bbbbbbbbbbbbbbbbbbbb.webp'))]
    const removed = await sweepDerivedFiles({
      cacheDir: dir.path,
      knownSha256: () => new Set([known]),
      knownCropKeys: () => new Set(['aaaaaaaaaaaaaaaaaaaa']),
      before: Date.now() - 60_000,
    })
    for (const f of orphans) expect(existsSync(f), f).toBe(false)
    for (const f of keptFiles) expect(existsSync(f), f).toBe(true)
    // grid + preview + two copies + the keyframe folder + the face crop.
    expect(removed).toBe(6)
    expect(await sweepDerivedFiles({ cacheDir: join(dir.path, 'none'), knownSha256: () => new Set(), knownCropKeys: () => new Set() })).toBe(0)
  })

  it("runs at the app's start: a photo's files stay, those of content no longer in the catalog go", async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const libraryDir = join(dir.path, 'library')
    copyInto(REAL_PHOTOS.baboon, join(dir.path, 'photos', 'baboon.jpg'))
    const first = await openAndImport(libraryDir, [join(dir.path, 'photos')])
    const [baboon] = first.repositories.assets.exportAll()
    const cacheDir = first.cacheDir
    await first.close()
    const photoFiles = [thumbPath(cacheDir, baboon!.sha256, 'grid'), thumbPath(cacheDir, baboon!.sha256, 'preview')]
    for (const f of photoFiles) expect(existsSync(f), f).toBe(true)
    const orphans = derivedOf(cacheDir, shaOf('a video removed by an older build')).map((f) => write(f))

    const app = createApp({ libraryDir, log: () => {} })
    cleanups.push(() => app.close())
    await app.housekeeping
    for (const f of orphans) expect(existsSync(f), f).toBe(false)
    for (const f of photoFiles) expect(existsSync(f), f).toBe(true)
    expect(readdirSync(join(cacheDir, 'thumbs', baboon!.sha256.slice(0, 2)))).toHaveLength(2)
  }, 60_000)
})
