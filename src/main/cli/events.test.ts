// `photohouse events list` run as the real command (bin/photohouse.mjs), on real photos with set times
// and places imported by the CLI itself, and on a seeded catalog too large for one pipe buffer.
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { runCli, runCliThroughSlowReader } from '../testing/cli-runner'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../app'
import { createAssetsRepository, createPhotoEventsRepository, createRootsRepository, createUndoRepository } from '../catalog'
import { createUndoService } from '../curation'
import { createPhotoEventsService } from '../photo-events'
import { writeEventPhotos } from '../testing/event-photos'
import { tempDir } from '../testing/fixtures'

const cli = (args: string[]) => runCli(args, 180_000)

const throughSlowReader = (args: string[]) => runCliThroughSlowReader(args)

interface CliEvent {
  id: number
  title: string
  start: string
  end: string
  place: string | null
  assets: { assetId: number; path: string }[]
}

describe('photohouse events', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const library = join(dir.path, 'lib')
  let paths: Record<string, string>

  beforeAll(async () => {
    paths = await writeEventPhotos(photos)
    const imported = cli(['--library', library, 'import', photos])
    expect(imported.code, imported.stderr).toBe(0)
  }, 240_000)
  afterAll(() => dir.cleanup())

  it('lists the events of an import as JSON, oldest first, each with its photos and their paths', () => {
    const listed = cli(['--library', library, 'events', 'list', '--json'])
    expect(listed.code, listed.stderr).toBe(0)
    const events = JSON.parse(listed.stdout) as CliEvent[]
    expect(events.map((e) => [e.title, e.start, e.end, e.place])).toEqual([
      ['Paris, 10 June 2023', '2023-06-10T10:00:00', '2023-06-10T11:00:00', 'Paris'],
      ['Tokyo, 20–21 Aug 2023', '2023-08-20T10:00:00', '2023-08-21T09:00:00', 'Tokyo'],
      ['Berlin, 3 May 2024', '2024-05-03T09:00:00', '2024-05-03T09:30:00', 'Berlin'],
      ['Munich, 3 May 2024', '2024-05-03T13:00:00', '2024-05-03T13:00:00', 'Munich'],
      ['10 May 2024', '2024-05-10T12:00:00', '2024-05-10T12:00:00', null],
    ])
    expect(events[0]!.assets.map((a) => a.path)).toEqual([paths['paris-1.jpg'], paths['paris-2.jpg'], paths['paris-nogps.jpg'], paths['paris-3.jpg']])
    expect(events.every((e) => e.assets.every((a) => Number.isInteger(a.assetId) && a.assetId > 0))).toBe(true)

    const text = cli(['--library', library, 'events', 'list'])
    expect(text.stdout).toMatch(/^\d+\tParis, 10 June 2023\t4 photos$/m)
    const bad = cli(['--library', library, 'events', 'frobnicate'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/Unknown events command/)
  })

  it('writes all of `events list --json` to a pipe read slowly (thousands of photos)', async () => {
    const big = join(dir.path, 'big')
    const db = openCatalog(big)
    const assets = createAssetsRepository(db)
    const rootId = createRootsRepository(db).add('/photos')
    const COUNT = 4000
    db.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        const sha256 = createHash('sha256').update(String(i)).digest('hex')
        const { assetId } = assets.attachFile({ sha256, size: 1000, path: `/photos/${String(i).padStart(5, '0')}.jpg`, rootId, mtimeMs: 0 })
        // Forty days of a hundred photos, one every five minutes from 08:00.
        const t = Date.UTC(2024, 0, 1 + Math.floor(i / 100), 8) + (i % 100) * 5 * 60_000
        db.prepare(`UPDATE assets SET state = 'ready', sort_ms = ?, taken_at = ? WHERE id = ?`).run(t, new Date(t).toISOString().slice(0, 19), assetId)
      }
    })()
    const service = createPhotoEventsService({ events: createPhotoEventsRepository(db), undo: createUndoService({ db, journal: createUndoRepository(db) }), changed: () => {} })
    expect(service.resegment().events).toBe(40)
    db.close()

    const r = await throughSlowReader(['--library', big, 'events', 'list', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.bytes).toBeGreaterThan(100_000)
    const rows = r.parsed as CliEvent[]
    expect(Array.isArray(rows), JSON.stringify(r.parsed).slice(0, 300)).toBe(true)
    expect(rows).toHaveLength(40)
    expect(rows.reduce((n, e) => n + e.assets.length, 0)).toBe(COUNT)
    expect(rows[0]).toMatchObject({ title: '1 January 2024', start: '2024-01-01T08:00:00', end: '2024-01-01T16:15:00', place: null })
  }, 120_000)
})
