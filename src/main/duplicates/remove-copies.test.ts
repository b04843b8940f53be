// "Remove extra copies" of a same-bytes group, through the contract, on a real catalog with real
// copied files: the chosen copies go to the OS trash (a temporary home's freedesktop.org trash, never
// the real one), the photo keeps its other paths, and nothing goes when it would leave no copy, when
// a file is not the photo's, or when a file no longer holds the photo's bytes.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type PhotoHouseApp } from '../app'
import type { AssetDetail } from '../../shared/domain'
import type { DuplicateGroup, DuplicatesCopiesRemoved } from '../../shared/duplicates'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'

const linux = process.platform === 'linux'
if (!linux) console.warn(`remove-copies test skipped: it checks the freedesktop.org trash, which ${process.platform} does not use`)

describe.skipIf(!linux)('duplicates: remove extra copies (real files, through the contract)', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const libraryDir = join(dir.path, 'lib')
  const home = join(dir.path, 'home')
  const osTrash = join(home, '.local', 'share', 'Trash', 'files')
  const saved = { HOME: process.env.HOME, XDG_DATA_HOME: process.env.XDG_DATA_HOME }
  const copy = {
    a: join(photos, 'Beach', 'starfish.jpg'),
    b: join(photos, 'Backup', 'starfish.jpg'),
    c: join(photos, 'Phone export', 'IMG starfish (1).jpg'),
  }
  const other = join(photos, 'Garden', 'flowers.jpg')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  let starfish = 0

  const open = (started: boolean) => {
    app = createApp({ libraryDir, log: () => {} })
    if (started) app.start()
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
  }
  const remove = (paths: string[]) => dispatch('duplicates.removeCopies', { assetId: starfish, paths, confirm: true }) as Promise<DuplicatesCopiesRemoved>
  const pathsOf = async (assetId: number) => ((await dispatch('assets.get', { assetId })) as AssetDetail).locations.map((l) => l.path)
  const sameBytesGroups = async () => ((await dispatch('duplicates.list', { tier: 'same-bytes' })) as DuplicateGroup[])

  beforeAll(async () => {
    // Set before the `trash` package is first loaded (it reads them once).
    process.env.HOME = home
    process.env.XDG_DATA_HOME = join(home, '.local', 'share')
    mkdirSync(home, { recursive: true })
    for (const path of Object.values(copy)) copyInto(REAL_PHOTOS.starfish, path)
    copyInto(REAL_PHOTOS.nikon, other)
    app = await openAndImport(libraryDir, [photos], { log: () => {} })
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
    starfish = app.repositories.search.assetIdByPath(copy.a)!
  }, 600_000)
  afterAll(async () => {
    await app.close()
    process.env.HOME = saved.HOME
    if (saved.XDG_DATA_HOME === undefined) delete process.env.XDG_DATA_HOME
    else process.env.XDG_DATA_HOME = saved.XDG_DATA_HOME
    dir.cleanup()
  })

  it('lists the three copies as one photo in the same-bytes tier', async () => {
    const groups = await sameBytesGroups()
    expect(groups).toHaveLength(1)
    expect(groups[0]!.assets.map((a) => [a.asset.id, a.path])).toEqual(
      [copy.a, copy.b, copy.c].sort().map((path) => [starfish, path]),
    )
  })

  it('asks for a confirmation, and never removes every copy', async () => {
    await expect(dispatch('duplicates.removeCopies', { assetId: starfish, paths: [copy.b] })).rejects.toThrow(/confirm/)
    await expect(remove([copy.a, copy.b, copy.c])).rejects.toThrow(/At least one copy must stay/)
    for (const path of Object.values(copy)) expect(existsSync(path)).toBe(true)
    expect(existsSync(osTrash)).toBe(false)
  })

  it('moves the chosen copy to the OS trash and keeps the photo with its other paths; a file not of this photo stays', async () => {
    const result = await remove([copy.b, other])
    expect(result).toEqual({ removed: [copy.b], failures: [{ path: other, reason: 'not a file of this photo' }], kept: [copy.a, copy.c].sort() })
    expect(existsSync(copy.b)).toBe(false)
    expect(existsSync(other)).toBe(true)
    const trashed = readdirSync(osTrash)
    expect(trashed).toHaveLength(1)
    expect(readFileSync(join(osTrash, trashed[0]!))).toEqual(readFileSync(REAL_PHOTOS.starfish))
    expect(await pathsOf(starfish)).toEqual([copy.a, copy.c].sort())
    const groups = await sameBytesGroups()
    expect(groups[0]!.assets.map((a) => a.path)).toEqual([copy.a, copy.c].sort())
  })

  it('leaves a file that no longer holds the photo, and refuses when no copy that stays is on disk', async () => {
    // Changed while the app was closed, so no watcher or rescan has seen it yet.
    await app.close()
    copyInto(REAL_PHOTOS.nikon, copy.c)
    open(false)
    expect(await pathsOf(starfish)).toContain(copy.c)
    expect(await remove([copy.c])).toEqual({
      removed: [],
      failures: [{ path: copy.c, reason: 'it no longer holds this photo (changed or gone since it was scanned)' }],
      kept: [copy.a, copy.c].sort(),
    })
    expect(existsSync(copy.c)).toBe(true)

    // The copy that would stay is gone from disk: the other is not moved.
    copyInto(REAL_PHOTOS.starfish, copy.c)
    renameSync(copy.a, join(dir.path, 'moved-away.jpg'))
    await expect(remove([copy.c])).rejects.toThrow(/No copy that would stay is on disk/)
    expect(existsSync(copy.c)).toBe(true)
    expect(readdirSync(osTrash)).toHaveLength(1)
  })
})
