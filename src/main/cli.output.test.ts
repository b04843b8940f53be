// The CLI's output contract: every --json output is complete and valid JSON when piped, whatever
// its size. Catalogs are seeded through the repositories (thousands of photos would take minutes
// to import).
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openCatalog } from './app'
import { createAssetsRepository, createRootsRepository } from './catalog'
import { runCliThroughSlowReader } from './testing/cli-runner'
import { tempDir } from './testing/fixtures'

const cliThroughSlowReader = (args: string[]) => runCliThroughSlowReader(args)

describe('photohouse CLI output', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  it('writes all of `assets --json` to a pipe read slowly (thousands of assets, ~1 MB)', async () => {
    const library = join(dir.path, 'big')
    const db = openCatalog(library)
    const roots = createRootsRepository(db)
    const assets = createAssetsRepository(db)
    const rootId = roots.add('/photos')
    const COUNT = 3000
    db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const sha256 = createHash('sha256').update(String(i)).digest('hex')
        assets.attachFile({ sha256, size: 1000 + i, path: `/photos/${String(i).padStart(5, '0')}.jpg`, rootId, mtimeMs: 1_600_000_000_000 + i })
      }
    })()
    db.close()

    const r = await cliThroughSlowReader(['--library', library, 'assets', '--json'])
    expect(r.code, r.stderr).toBe(0)
    // Far more than a pipe holds (64 KiB): the CLI had to wait for the reader.
    expect(r.bytes).toBeGreaterThan(500_000)
    const rows = r.parsed as { paths: string[] }[]
    expect(Array.isArray(rows), JSON.stringify(r.parsed).slice(0, 300)).toBe(true)
    expect(rows).toHaveLength(COUNT)
    expect(new Set(rows.map((a) => a.paths[0])).size).toBe(COUNT)
  }, 120_000)
})
