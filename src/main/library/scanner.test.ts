import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/fixtures'
import { displayPath, readDirectory, walkFiles, type ScannedFile } from './scanner'

const cleanups: (() => unknown)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

async function collect(walk: AsyncGenerator<ScannedFile>): Promise<ScannedFile[]> {
  const files: ScannedFile[] = []
  for await (const f of walk) files.push(f)
  return files.sort((a, b) => a.path.localeCompare(b.path))
}

describe('displayPath', () => {
  it('decodes UTF-8 and shows every other byte as \\xNN', () => {
    expect(displayPath(Buffer.from('/photos/café/ü.jpg'))).toBe('/photos/café/ü.jpg')
    expect(displayPath(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e]))).toBe('caf\\xE9.')
    // Overlong "/" (C0 AF), a lone continuation byte, a UTF-16 surrogate (ED A0 80), a cut-off sequence.
    expect(displayPath(Buffer.from([0xc0, 0xaf, 0x80, 0xed, 0xa0, 0x80, 0x41, 0xe2, 0x82]))).toBe('\\xC0\\xAF\\x80\\xED\\xA0\\x80A\\xE2\\x82')
  })
})

describe('walkFiles', () => {
  it('finds files whose names are not UTF-8 (with their raw path), skips given folders, does not enter folder links', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const root = dir.path
    mkdirSync(join(root, 'sub'))
    writeFileSync(join(root, 'sub', 'a.jpg'), 'a')
    writeFileSync(join(root, 'tmp'), 'b')
    const raw = Buffer.concat([Buffer.from(join(root, 'sub') + '/b'), Buffer.from([0xe9]), Buffer.from('.jpg')])
    renameSync(join(root, 'tmp'), raw)
    mkdirSync(join(root, 'library', 'cache'), { recursive: true })
    writeFileSync(join(root, 'library', 'cache', 'thumb.jpg'), 'c')
    symlinkSync(root, join(root, 'sub', 'loop'))
    writeFileSync(join(root, '.hidden.jpg'), 'd')

    const files = await collect(
      walkFiles(root, { accept: (p) => p.endsWith('.jpg'), skipDir: (p) => p === join(root, 'library') }),
    )
    expect(files.map((f) => f.path)).toEqual([join(root, 'sub', 'a.jpg'), join(root, 'sub', 'b\\xE9.jpg')])
    expect(files[0]!.rawPath).toBeUndefined()
    expect(files[1]!.rawPath).toEqual(raw)
    expect(files[1]!.size).toBe(1)
  })

  it('reports a folder that cannot be listed and goes on', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    mkdirSync(join(dir.path, 'bad'))
    mkdirSync(join(dir.path, 'good'))
    writeFileSync(join(dir.path, 'bad', 'x.jpg'), 'x')
    writeFileSync(join(dir.path, 'good', 'y.jpg'), 'y')
    const errors: string[] = []
    const files = await collect(
      walkFiles(dir.path, {
        accept: () => true,
        onError: (p, e) => errors.push(`${p}: ${e.message}`),
        readDir: async (d) => {
          if (d.toString().endsWith('/bad')) throw new Error('EIO: i/o error')
          return readDirectory(d)
        },
      }),
    )
    expect(files.map((f) => f.path)).toEqual([join(dir.path, 'good', 'y.jpg')])
    expect(errors).toEqual([`${join(dir.path, 'bad')}: EIO: i/o error`])
  })
})
