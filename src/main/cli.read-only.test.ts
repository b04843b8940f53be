// Reporting commands open the catalog without migrating or writing it: beside a running app, or on
// a library an older or newer PhotoHouse wrote, they read or say why they cannot.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { catalogPath, openCatalog } from './app'
import { createAnalysisRepository, createAssetsRepository, createRootsRepository, loadMigrations, openDatabase } from './catalog'
import { appRoot } from './platform/app-root'
import { tempDir } from './testing/fixtures'

const bin = join(appRoot(), 'bin', 'photohouse.mjs')
const migrations = loadMigrations(join(appRoot(), 'migrations'))
const latest = migrations.at(-1)!.version

function cli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 240_000, env })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const READ_ONLY_COMMANDS = [['status', '--json'], ['assets', '--json'], ['search', 'beach', '--json'], ['people', 'list', '--json']]

function userVersion(library: string): number {
  const db = openDatabase(catalogPath(library))
  try {
    return db.pragma('user_version', { simple: true }) as number
  } finally {
    db.close()
  }
}

const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

describe('read-only CLI commands', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  it('leave a catalog that needs migrating as it is, and say to run the app once', () => {
    const library = join(dir.path, 'old')
    const db = openCatalog(library)
    db.close()
    // The same library as an older PhotoHouse left it: one migration behind.
    const old = openDatabase(catalogPath(library))
    old.pragma(`user_version = ${latest - 1}`)
    old.close()
    for (const args of READ_ONLY_COMMANDS) {
      const r = cli(['--library', library, ...args])
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1)
      expect(r.stderr).toMatch(/older PhotoHouse.*Run the app once to upgrade/s)
      expect(r.stdout).toBe('')
      expect(userVersion(library)).toBe(latest - 1)
    }
  }, 240_000)

  it('refuse a catalog from a newer PhotoHouse without touching it', () => {
    const library = join(dir.path, 'newer')
    openCatalog(library).close()
    const db = openDatabase(catalogPath(library))
    db.pragma(`user_version = ${latest + 1}`)
    db.close()
    const r = cli(['--library', library, 'status', '--json'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/newer PhotoHouse/)
    expect(userVersion(library)).toBe(latest + 1)
  })

  it('read a current catalog without writing to it or creating anything', () => {
    const library = join(dir.path, 'current')
    const db = openCatalog(library)
    const rootId = createRootsRepository(db).add('/photos')
    const { assetId } = createAssetsRepository(db).attachFile({ sha256: 'a'.repeat(64), size: 1, path: '/photos/a.jpg', rootId, mtimeMs: 0 })
    // A feature vector, so `similar` has an index to open (and, with no index file yet, to rebuild).
    const vector = new Float32Array(1280).fill(1 / Math.sqrt(1280))
    createAnalysisRepository(db).saveEmbedding(assetId, { modelId: 'mobilenetv2-12-int8', modelVersion: '12-int8', device: 'cpu', vector, stage: 'tags' })
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const before = sha256Of(catalogPath(library))
    const status = cli(['--library', library, 'status', '--json'])
    expect(status.code, status.stderr).toBe(0)
    expect(JSON.parse(status.stdout)).toMatchObject({ assets: { pending: 1 } })
    expect(JSON.parse(cli(['--library', library, 'assets', '--json']).stdout)).toHaveLength(1)
    const search = cli(['--library', library, 'search', 'beach', '--json'])
    expect(search.code, search.stderr).toBe(0)
    const similar = cli(['--library', library, 'similar', '/photos/a.jpg', '--json'])
    expect(similar.code, similar.stderr).toBe(0)
    expect(sha256Of(catalogPath(library))).toBe(before)
    // A vector index a reader rebuilt stays in its memory: the library's folder is the app's to write.
    expect(existsSync(join(library, 'vectors'))).toBe(false)
    // Not a writer: no library lock taken.
    expect(existsSync(join(library, 'photohouse.lock'))).toBe(false)

    const missing = join(dir.path, 'no-library')
    const r = cli(['--library', missing, 'status', '--json'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/No PhotoHouse library at/)
    expect(existsSync(missing)).toBe(false)
  })
})

describe('a library made by an earlier command line', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  // The layout is Linux's (XDG_CONFIG_HOME); paths.test.ts covers the other platforms' folders.
  it.runIf(process.platform === 'linux')("is named when the app's default library does not exist yet, and left where it is", () => {
    // The CLI's old default was $XDG_CONFIG_HOME/PhotoHouse, the app's is its Library subfolder.
    const config = join(dir.path, 'config')
    const earlier = join(config, 'PhotoHouse')
    openCatalog(earlier).close()
    const env = { ...process.env, XDG_CONFIG_HOME: config, PHOTOHOUSE_LIBRARY: '' }
    const r = cli(['status', '--json'], env)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`a library made by an earlier command line is at ${earlier}: pass --library "${earlier}"`)
    expect(existsSync(catalogPath(earlier))).toBe(true)
    expect(existsSync(join(earlier, 'Library'))).toBe(false)

    // With --library, or once the app's library exists, nothing is said.
    expect(cli(['--library', earlier, 'status', '--json'], env).stderr).not.toContain('earlier command line')
    openCatalog(join(earlier, 'Library')).close()
    expect(cli(['status', '--json'], env).stderr).not.toContain('earlier command line')
  })
})
