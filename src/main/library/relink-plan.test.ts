// How a relink checks the files it finds (real files, real SHA-256): size first, a hash for a
// changed time, a spread sample of the rest, and every file once the sample finds other content.
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hashFile } from '../ingest'
import { tempDir } from '../testing/fixtures'
import { planRelink, RELINK_SAMPLE, type KnownFile } from './relink'

describe('planRelink', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())
  const time = new Date('2020-01-02T03:04:05Z')
  const hash = async (path: string) => (await hashFile(path)).sha256

  /** 30 files under old/ as the catalog knew them, copied to `name`/ (one changed by `change`). */
  function setUp(name: string, change?: { index: number; how: 'content' | 'size' | 'time' }): { old: string; moved: string; files: KnownFile[] } {
    const old = join(dir.path, name, 'old')
    const moved = join(dir.path, name, 'moved')
    mkdirSync(join(moved, 'sub'), { recursive: true })
    const files: KnownFile[] = []
    for (let i = 0; i < 30; i++) {
      const rel = join('sub', `f${String(i).padStart(2, '0')}.jpg`)
      const bytes = randomBytes(1024)
      files.push({ path: join(old, rel), size: bytes.length, mtimeMs: time.getTime(), assetId: i + 1, sha256: createHash('sha256').update(bytes).digest('hex') })
      const target = join(moved, rel)
      if (change?.index === i && change.how === 'content') writeFileSync(target, randomBytes(1024))
      else if (change?.index === i && change.how === 'size') writeFileSync(target, randomBytes(1000))
      else writeFileSync(target, bytes)
      utimesSync(target, time, change?.index === i && change.how === 'time' ? new Date() : time)
    }
    return { old, moved, files }
  }

  it('takes the same size and time with a sample hashed, and hashes a file whose time changed', async () => {
    const { old, moved, files } = setUp('same')
    const plan = await planRelink(old, moved, files, hash)
    expect([plan.moved.length, plan.missing.length, plan.hashed]).toEqual([30, 0, RELINK_SAMPLE])
    expect(plan.moved[3]).toEqual({ from: files[3]!.path, to: join(moved, 'sub', 'f03.jpg'), mtimeMs: time.getTime(), assetId: 4 })
    const touched = setUp('touched', { index: 29, how: 'time' })
    const again = await planRelink(touched.old, touched.moved, touched.files, hash)
    // The sample (24 of 29) plus the one whose time changed, which is still the same photo.
    expect([again.moved.length, again.hashed]).toEqual([30, RELINK_SAMPLE + 1])
  })

  it('refuses another size without hashing, and hashes everything once the sample finds other content', async () => {
    const sized = setUp('size', { index: 7, how: 'size' })
    const bySize = await planRelink(sized.old, sized.moved, sized.files, hash)
    expect(bySize.missing).toEqual([{ assetId: 8, path: sized.files[7]!.path, reason: expect.stringMatching(/is another file \(1000 bytes, not 1024\)/) }])
    const other = setUp('content', { index: 5, how: 'content' })
    const plan = await planRelink(other.old, other.moved, other.files, hash)
    expect(plan.hashed).toBe(30)
    expect(plan.missing).toEqual([{ assetId: 6, path: other.files[5]!.path, reason: expect.stringMatching(/holds other content/) }])
    expect(plan.moved.length).toBe(29)
    expect(readFileSync(join(other.moved, 'sub', 'f05.jpg')).length).toBe(1024)
  })

  it('does not see other content of the same size and time outside the sample (the price of not reading everything)', async () => {
    const { old, moved, files } = setUp('unsampled', { index: 27, how: 'content' })
    const plan = await planRelink(old, moved, files, hash)
    expect([plan.moved.length, plan.hashed]).toEqual([30, RELINK_SAMPLE])
  })
})
