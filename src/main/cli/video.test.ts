// `photohouse assets --json` and `search --json` on real videos, run as the real command
// (bin/photohouse.mjs) after an import by the CLI itself.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog } from '../app'
import { runCli, runCliThroughSlowReader } from '../testing/cli-runner'
import { copyInto, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { VIDEO_DATA } from '../testing/test-data'

const cli = (args: string[]) => runCli(args, 180_000)

describe('photohouse on videos', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const library = join(dir.path, 'lib')

  beforeAll(() => {
    copyInto(join(VIDEO_DATA, 'slideshow.webm'), join(photos, 'slideshow.webm'))
    copyInto(join(VIDEO_DATA, 'location.mov'), join(photos, 'location.mov'))
    copyInto(REAL_PHOTOS.fruits, join(photos, 'fruits.jpg'))
    const imported = cli(['--library', library, 'import', photos])
    expect(imported.code, imported.stderr).toBe(0)
  }, 240_000)
  afterAll(() => dir.cleanup())

  it('assets --json says which are videos and how long they are, complete when piped', async () => {
    const piped = await runCliThroughSlowReader(['--library', library, 'assets', '--json'])
    expect(piped.code, piped.stderr).toBe(0)
    const rows = piped.parsed as { type: string; durationMs: number | null; paths: string[]; lat: number | null; takenAt: string | null }[]
    const byName = (n: string) => rows.find((r) => r.paths[0]!.endsWith(n))!
    expect(byName('slideshow.webm')).toMatchObject({ type: 'video', durationMs: 4500 })
    expect(byName('location.mov')).toMatchObject({ type: 'video', durationMs: 2000, takenAt: '2022-05-01T10:11:12+02:00' })
    expect(byName('location.mov').lat).toBeCloseTo(48.8584, 4)
    expect(byName('fruits.jpg')).toMatchObject({ type: 'photo', durationMs: null })
  })

  it('search --json: a hit in a video carries the moment of the frame that matched', () => {
    // What the classifier saw in the frame at 3 s (the coffee cup) and not in the poster (the cat).
    const db = openCatalog(library, { readOnly: true })
    const label = (
      db
        .prepare(
          `SELECT label FROM keyframe_tags k WHERE at_ms = 3000 AND NOT EXISTS (SELECT 1 FROM keyframe_tags o WHERE o.asset_id = k.asset_id AND o.at_ms <> 3000 AND o.label = k.label)
           ORDER BY score DESC LIMIT 1`,
        )
        .get() as { label: string }
    ).label
    db.close()
    const found = cli(['--library', library, 'search', label, '--json'])
    expect(found.code, found.stderr).toBe(0)
    const hits = JSON.parse(found.stdout) as { path: string; atMs?: number }[]
    const video = hits.find((h) => h.path.endsWith('slideshow.webm'))
    expect(video, `${label}: ${found.stdout}`).toBeDefined()
    expect(video!.atMs).toBe(3000)
    for (const h of hits.filter((h) => h.path.endsWith('.jpg'))) expect(h.atMs).toBeUndefined()
  })
})
