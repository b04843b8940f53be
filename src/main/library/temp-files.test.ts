import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { copyInto, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { removeStaleTempFiles } from './temp-files'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** The pid of a process that has exited: what a crashed PhotoHouse leaves in its temp names. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  if (child.pid === undefined) throw new Error('could not start a process')
  return child.pid
}

function write(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, 'x')
  return path
}

describe('stale temporary files', () => {
  it('are removed from the library at start: only names the app writes, only of processes no longer running, never in a root', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const libraryDir = join(dir.path, 'library')
    const photos = join(libraryDir, 'photos-kept-here')
    // A root inside the library folder can no longer be added, but a catalog from before may hold one.
    let app = createApp({ libraryDir, log: () => {} })
    cleanups.push(() => app.close())
    app.repositories.roots.add(photos)
    await app.close()

    const dead = deadPid()
    const thumbs = join(libraryDir, 'cache', 'thumbs', 'ab')
    // Written by a process that died between write and rename (thumbnails, face crops, vectors, models).
    const stale = [
      write(join(thumbs, `ab12-grid.webp.${dead}-0123456789ab.tmp`)),
      write(join(libraryDir, 'cache', 'faces', `f.webp.${dead}.tmp`)),
      write(join(libraryDir, 'vectors', `index.usearch.${dead}.tmp`)),
      write(join(libraryDir, 'models', 'x', `model.onnx.${dead}.partial`)),
    ]
    const kept = [
      // A running process (a reader beside the app) may still rename it.
      write(join(libraryDir, 'vectors', `index.usearch.${process.pid}.tmp`)),
      // Not a name the app writes.
      write(join(thumbs, 'ab12-grid.webp')),
      write(join(libraryDir, 'notes.tmp')),
      // A photo root inside the library folder is the user's.
      write(join(photos, `holiday.${dead}.tmp`)),
    ]
    copyInto(REAL_PHOTOS.baboon, join(photos, 'baboon.jpg'))

    app = createApp({ libraryDir, log: () => {} })
    cleanups.push(() => app.close())
    await app.housekeeping
    for (const f of stale) expect(existsSync(f), f).toBe(false)
    for (const f of kept) expect(existsSync(f), f).toBe(true)
  })

  it('leaves a folder it cannot read alone', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    expect(await removeStaleTempFiles(join(dir.path, 'nope'))).toEqual([])
    expect(readdirSync(dir.path)).toEqual([])
  })
})
