// `photohouse backup …` run as the real command (bin/photohouse.mjs): create, list (complete when
// piped), and restore on a damaged catalog, beside a running app (refused) and from a damaged backup.
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { runCli, runCliThroughSlowReader } from '../testing/cli-runner'
import { afterAll, describe, expect, it } from 'vitest'
import { catalogPath, createApp } from '../app'
import { tempDir } from '../testing/fixtures'

const cli = (args: string[]) => runCli(args)

const throughSlowReader = (args: string[]) => runCliThroughSlowReader(args)

interface CliBackup {
  path: string
  bytes: number
  createdAt: string
  schemaVersion: number
  kind: string
}

const albumNames = (library: string) => (JSON.parse(cli(['--library', library, 'albums', 'list', '--json']).stdout) as { name: string }[]).map((a) => a.name)

describe('photohouse backup', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())
  const library = join(dir.path, 'lib')

  it('creates a backup, restores it over a damaged catalog, and lists them all', async () => {
    const app = createApp({ libraryDir: library, log: () => {} })
    app.albums.create({ name: 'Before' })
    await app.close()

    const created = cli(['--library', library, 'backup', 'create', '--json'])
    expect(created.code).toBe(0)
    const made = JSON.parse(created.stdout) as { path: string; bytes: number; createdAt: string }
    expect(Object.keys(made).sort()).toEqual(['bytes', 'createdAt', 'path'])
    expect(statSync(made.path).size).toBe(made.bytes)
    expect(Date.parse(made.createdAt)).not.toBeNaN()

    const later = createApp({ libraryDir: library, log: () => {} })
    later.albums.create({ name: 'After' })
    await later.close()
    expect(albumNames(library).sort()).toEqual(['After', 'Before'])

    // Beside a running app the restore is refused (the app restores from its Settings), nothing changed.
    const running = createApp({ libraryDir: library, log: () => {} })
    try {
      const refused = cli(['--library', library, 'backup', 'restore', made.path])
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(/Settings/)
    } finally {
      await running.close()
    }
    expect(albumNames(library).sort()).toEqual(['After', 'Before'])

    // A damaged backup is refused and the catalog is kept.
    const bad = join(dir.path, 'bad.sqlite')
    const badBytes = readFileSync(made.path)
    badBytes.fill(0x33, 4096)
    writeFileSync(bad, badBytes)
    const refusedBad = cli(['--library', library, 'backup', 'restore', bad])
    expect(refusedBad.code).toBe(1)
    expect(refusedBad.stderr).toMatch(/damaged|cannot be read/)
    expect(albumNames(library).sort()).toEqual(['After', 'Before'])

    // The catalog damaged: reading it fails, the restore does not.
    const file = catalogPath(library)
    const bytes = readFileSync(file)
    bytes.fill(0x77, 4096)
    writeFileSync(file, bytes)
    expect(cli(['--library', library, 'albums', 'list', '--json']).code).toBe(1)
    const restored = cli(['--library', library, 'backup', 'restore', made.path, '--json'])
    expect(restored.stderr).toBe('')
    expect(restored.code).toBe(0)
    const result = JSON.parse(restored.stdout) as { restored: CliBackup; restorePoint: CliBackup | null; migratedFrom: number; migratedTo: number }
    expect(result.restored.path).toBe(made.path)
    expect(result.restorePoint).toMatchObject({ kind: 'restore-point' })
    expect(readFileSync(result.restorePoint!.path).equals(bytes)).toBe(true)
    expect(albumNames(library)).toEqual(['Before'])

    const listed = cli(['--library', library, 'backup', 'list', '--json'])
    expect(listed.code).toBe(0)
    const rows = JSON.parse(listed.stdout) as CliBackup[]
    expect(rows.map((r) => r.path)).toEqual(expect.arrayContaining([made.path, result.restorePoint!.path]))
    expect(rows.map((r) => r.createdAt)).toEqual([...rows.map((r) => r.createdAt)].sort().reverse())
  }, 300_000)

  it('backup list --json is complete when piped to a slow reader', async () => {
    const many = tempDir()
    try {
      const lib = join(many.path, 'lib')
      await createApp({ libraryDir: lib, log: () => {} }).close()
      const made = JSON.parse(cli(['--library', lib, 'backup', 'create', '--json']).stdout) as { path: string }
      // 600 backups by name (more than a pipe buffer of JSON): copies of the one made, a second apart.
      const name = basename(made.path)
      for (let i = 1; i <= 600; i++) {
        const stamp = new Date(Date.UTC(2020, 0, 1, 0, 0, i)).toISOString().replace(/[:.]/g, '-')
        copyFileSync(made.path, join(lib, 'backups', name.replace(/\d{4}-\d{2}-\d{2}T[\d-]+Z/, stamp)))
      }
      const piped = await throughSlowReader(['--library', lib, 'backup', 'list', '--json'])
      expect(piped.code).toBe(0)
      expect(piped.bytes).toBeGreaterThan(65_536)
      expect(Array.isArray(piped.parsed)).toBe(true)
      expect(piped.parsed as CliBackup[]).toHaveLength(601)
    } finally {
      many.cleanup()
    }
  }, 120_000)
})
