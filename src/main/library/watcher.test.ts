import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isSupportedImagePath } from '../ingest'
import { copyInto, REAL_PHOTOS, tempDir, waitFor } from '../testing/fixtures'
import { watchRoot, type RootWatcher } from './watcher'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('watchRoot', () => {
  it('does not follow a symlink loop: one path per new photo, no deep paths, no ELOOP', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const photos = join(dir.path, 'photos')
    mkdirSync(join(photos, 'a'), { recursive: true })
    // a/loop -> photos: followed, it is photos/a/loop/a/loop/... until the kernel says ELOOP.
    symlinkSync('..', join(photos, 'a', 'loop'))
    const changed: string[] = []
    const errors: string[] = []
    const watcher: RootWatcher = watchRoot(
      1,
      photos,
      isSupportedImagePath,
      {
        fileChanged: (_root, path) => changed.push(path),
        fileRemoved: () => {},
        dirRemoved: () => {},
        error: (_root, error) => errors.push(error.message),
      },
      { stabilityMs: 100 },
    )
    cleanups.push(() => watcher.close())
    await watcher.ready
    // Following the loop walks it to the kernel's limit before `ready`.
    expect(errors).toEqual([])

    const first = copyInto(REAL_PHOTOS.baboon, join(photos, 'a', 'baboon.jpg'))
    await waitFor(() => changed.includes(first))
    // A second photo reported after the first: aliases of the first (one per loop level) came with it.
    const second = copyInto(REAL_PHOTOS.fruits, join(photos, 'fruits.jpg'))
    await waitFor(() => changed.includes(second))
    expect(changed.sort()).toEqual([first, second].sort())
  })
})
