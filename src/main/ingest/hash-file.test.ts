import { createHash, randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashFile } from './hash-file'
import { hasCommand, makeTempDir, run, SONY_JPEG, type TempDir } from './test-photos'

describe('hashFile', () => {
  let tmp: TempDir
  beforeAll(async () => {
    tmp = await makeTempDir()
  })
  afterAll(async () => {
    await tmp.remove()
  })

  it('matches the SHA-256 of the whole content for a real 6.6 MB photo', async () => {
    const bytes = await readFile(SONY_JPEG)
    const result = await hashFile(SONY_JPEG)
    expect(result).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length })
    if (await hasCommand('sha256sum')) {
      expect((await run('sha256sum', [SONY_JPEG])).split(' ')[0]).toBe(result.sha256)
    }
  })

  it('hashes content spanning many read chunks and an empty file', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 12345)
    await writeFile(tmp.file('big.bin'), bytes)
    expect(await hashFile(tmp.file('big.bin'))).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length })
    await writeFile(tmp.file('empty.jpg'), '')
    expect(await hashFile(tmp.file('empty.jpg'))).toEqual({
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      size: 0,
    })
  })

  it('rejects with the I/O error for a missing file', async () => {
    await expect(hashFile(tmp.file('missing.jpg'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
