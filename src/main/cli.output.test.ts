// The CLI's output contract: every --json output is complete and valid JSON when piped, whatever
// its size. Catalogs are seeded through the repositories (thousands of photos would take minutes
// to import).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openCatalog } from './app'
import { createAssetsRepository, createRootsRepository } from './catalog'
import { appRoot } from './platform/app-root'
import { tempDir } from './testing/fixtures'

const bin = join(appRoot(), 'bin', 'photohouse.mjs')

/**
 * Runs the CLI with its stdout piped into a second process that waits before reading, so the CLI
 * fills the pipe and has to wait for the reader, then parses all it read as JSON.
 */
function cliThroughSlowReader(args: string[]): Promise<{ code: number | null; stderr: string; parsed: unknown; bytes: number }> {
  const reader = `
    setTimeout(() => {
      const chunks = []
      process.stdin.on('data', (c) => chunks.push(c))
      process.stdin.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed = null
        try { parsed = JSON.parse(text) } catch (e) { parsed = { notJson: String(e), tail: text.slice(-200) } }
        process.stdout.write(JSON.stringify({ bytes: Buffer.byteLength(text), parsed }))
      })
    }, 1500)`
  const cli = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const consumer = spawn(process.execPath, ['-e', reader], { stdio: [cli.stdout, 'pipe', 'inherit'] })
  let stderr = ''
  cli.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  let out = ''
  consumer.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
  const cliExit = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)))
  const consumerExit = new Promise<void>((resolve) => consumer.once('exit', () => resolve()))
  return Promise.all([cliExit, consumerExit]).then(([code]) => {
    const result = JSON.parse(out) as { bytes: number; parsed: unknown }
    return { code, stderr, ...result }
  })
}

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
