// A live photo exported as originals takes its MOV along, renamed with it; relinked, its MOV is found
// at the new place too. Real files from test-data/live (see test-data/SOURCES.md).
import { createHash } from 'node:crypto'
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { AssetMotion } from '../../shared/motion'
import { openAndImport, tempDir } from '../testing/fixtures'
import { TEST_DATA } from '../testing/test-data'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'

const LIVE = join(TEST_DATA, 'live')
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('export and relink of a live photo', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'old', 'photos')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  let still = 0

  beforeAll(async () => {
    mkdirSync(photos, { recursive: true })
    for (const name of ['IMG_0001.JPG', 'IMG_0001.MOV']) copyFileSync(join(LIVE, name), join(photos, name))
    app = await openAndImport(join(dir.path, 'lib'), [photos])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
    still = app.repositories.search.assetIdByPath(join(photos, 'IMG_0001.JPG'))!
  }, 240_000)
  afterAll(async () => {
    await app.close()
    dir.cleanup()
  })

  it('copies the MOV with the still, both renamed when the name is taken', async () => {
    const to = join(dir.path, 'out')
    mkdirSync(to)
    // Only the MOV's name is taken: the pair moves on to (2) together.
    writeFileSync(join(to, 'IMG_0001.MOV'), 'someone else’s video')
    const summary = await app.exports.run({ source: { ids: [still] }, to, format: 'original', stripGps: false, zip: false })
    expect(summary.files).toEqual([
      expect.objectContaining({ assetId: still, path: join(to, 'IMG_0001 (2).JPG'), video: join(to, 'IMG_0001 (2).MOV') }),
    ])
    expect(sha(join(to, 'IMG_0001 (2).JPG'))).toBe(sha(join(LIVE, 'IMG_0001.JPG')))
    expect(sha(join(to, 'IMG_0001 (2).MOV'))).toBe(sha(join(LIVE, 'IMG_0001.MOV')))
    expect(readFileSync(join(to, 'IMG_0001.MOV'), 'utf8')).toBe('someone else’s video')
    // As JPEG, the still only.
    const jpeg = await app.exports.run({ source: { ids: [still] }, to: join(dir.path, 'jpeg'), format: 'jpeg', size: 64, stripGps: true, zip: false })
    expect(jpeg.files).toEqual([expect.not.objectContaining({ video: expect.anything() })])
  })

  it('relinked, the still finds its MOV at the new place', async () => {
    const moved = join(dir.path, 'new', 'photos')
    cpSync(photos, moved, { recursive: true, preserveTimestamps: true })
    rmSync(join(dir.path, 'old'), { recursive: true })
    await dispatch('roots.relink', { rootId: app.library.list()[0]!.id, newPath: moved })
    const motion = (await dispatch('motion.of', { assetId: still })) as AssetMotion | null
    expect(motion).not.toBeNull()
    const summary = await app.exports.run({ source: { ids: [still] }, to: join(dir.path, 'after'), format: 'original', stripGps: false, zip: false })
    expect(summary.files[0]).toMatchObject({ source: join(moved, 'IMG_0001.JPG'), video: join(dir.path, 'after', 'IMG_0001.MOV') })
  })
})
