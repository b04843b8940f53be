// The duplicate review on real photos: copies made at test time with sharp (resized, recompressed,
// re-encoded) are found in one group with their original; other frames of a burst and crops are not
// near duplicates; "keep this one" merges into the keeper and edits.undo takes all of it back.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { AssetDetail, FaceRef } from '../../shared/domain'
import type { AlbumCreated } from '../../shared/albums'
import type { DuplicateGroup, DuplicatesResolveResult } from '../../shared/duplicates'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'
import { OPENCV_DATA, SKIMAGE_DATA } from '../testing/test-data'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'

/** The copies a person ends up with: half size, JPEG at quality 30, WebP and PNG re-encodes. */
async function copiesOf(source: string, dir: string, name: string): Promise<string[]> {
  const upright = () => sharp(source).autoOrient()
  const { autoOrient } = await sharp(source).metadata()
  const out = {
    half: join(dir, `${name}-half.jpg`),
    q30: join(dir, `${name}-q30.jpg`),
    webp: join(dir, `${name}.webp`),
    png: join(dir, `${name}-converted.png`),
  }
  await upright().resize(Math.round(autoOrient.width / 2)).jpeg({ quality: 90 }).toFile(out.half)
  await upright().jpeg({ quality: 30 }).toFile(out.q30)
  await upright().webp().toFile(out.webp)
  await upright().png().toFile(out.png)
  return Object.values(out)
}

describe('duplicates (real photos, through the contract)', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  const copies = join(dir.path, 'photos', 'Copies')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  const id = (path: string) => app.repositories.search.assetIdByPath(path)!
  const list = async (input: { includeSimilar?: boolean; tier?: string } = {}) => (await dispatch('duplicates.list', input)) as DuplicateGroup[]
  /** The group of a photo among different files (same-bytes groups list one photo's paths). */
  const groupOf = (groups: DuplicateGroup[], assetId: number) =>
    groups.find((g) => g.tier !== 'same-bytes' && g.assets.some((a) => a.asset.id === assetId))
  const ids = (g: DuplicateGroup | undefined) => (g ? [...new Set(g.assets.map((a) => a.asset.id))].sort((a, b) => a - b) : [])
  const paths = {
    baboon: join(photos, 'baboon.jpg'),
    nikon: join(photos, 'DSCN0614.jpg'),
    chelsea: join(photos, 'chelsea.png'),
    chelseaCopy: join(copies, 'chelsea-recompressed.png'),
    astronaut: join(photos, 'astronaut.png'),
    astronautHalf: join(copies, 'astronaut-half.jpg'),
    burst1: join(photos, 'basketball1.png'),
    burst2: join(photos, 'basketball2.png'),
    coffee: join(photos, 'coffee.png'),
    coffeeCrop: join(photos, 'coffee-crop.jpg'),
    baboonAgain: join(photos, 'Backup', 'baboon.jpg'),
  }
  let baboonCopies: string[]
  let nikonCopies: string[]

  beforeAll(async () => {
    copyInto(REAL_PHOTOS.baboon, paths.baboon)
    copyInto(REAL_PHOTOS.baboon, paths.baboonAgain)
    copyInto(REAL_PHOTOS.nikon, paths.nikon)
    copyInto(REAL_PHOTOS.chelsea, paths.chelsea)
    copyInto(REAL_PHOTOS.coffee, paths.coffee)
    copyInto(join(SKIMAGE_DATA, 'astronaut.png'), paths.astronaut)
    // Two frames of one scene, a fraction of a second apart: the pHash differs by 2 bits only.
    copyInto(join(OPENCV_DATA, 'basketball1.png'), paths.burst1)
    copyInto(join(OPENCV_DATA, 'basketball2.png'), paths.burst2)
    mkdirSync(copies, { recursive: true })
    baboonCopies = await copiesOf(REAL_PHOTOS.baboon, copies, 'baboon')
    nikonCopies = await copiesOf(REAL_PHOTOS.nikon, copies, 'nikon')
    // Same pixels, other bytes (another PNG compression level).
    await sharp(REAL_PHOTOS.chelsea).png({ compressionLevel: 1 }).toFile(paths.chelseaCopy)
    await sharp(join(SKIMAGE_DATA, 'astronaut.png')).resize(256).jpeg({ quality: 85 }).toFile(paths.astronautHalf)
    // The same scene reframed: 90% of it.
    const { width, height } = await sharp(REAL_PHOTOS.coffee).metadata()
    await sharp(REAL_PHOTOS.coffee)
      .extract({ left: Math.round(width * 0.05), top: Math.round(height * 0.05), width: Math.round(width * 0.9), height: Math.round(height * 0.9) })
      .jpeg({ quality: 90 })
      .toFile(paths.coffeeCrop)
    app = await openAndImport(join(dir.path, 'lib'), [photos])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
  }, 240_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  it('finds resized, recompressed, WebP and PNG copies with their original, in the near tier', async () => {
    const groups = await list()
    for (const [original, made] of [
      [paths.baboon, baboonCopies],
      [paths.nikon, nikonCopies],
    ] as const) {
      const group = groupOf(groups, id(original))
      expect(group?.tier).toBe('near')
      expect(ids(group)).toEqual([id(original), ...made.map(id)].sort((a, b) => a - b))
      // Measured distances, for the record (pHash bits to the suggested keeper).
      console.log(original.split('/').pop(), group!.assets.map((a) => `${a.path.split('/').pop()}:${a.distance}`).join(' '))
      expect(Math.max(...group!.assets.map((a) => a.distance))).toBeLessThanOrEqual(6)
    }
  })

  it('suggests the camera original: largest, then the camera JPEG over its PNG conversion', async () => {
    const groups = await list()
    const nikon = groupOf(groups, id(paths.nikon))!
    // The PNG conversion has as many pixels; the camera's JPEG wins on format.
    expect(nikon.suggestedKeep).toBe(id(paths.nikon))
    expect(nikon.keptBy).toBe('original-format')
    const described = nikon.assets.find((a) => a.asset.id === id(paths.nikon))!
    expect(described).toMatchObject({ format: 'JPEG', width: 400, height: 300 })
    expect(described.exifFields).toBeGreaterThan(nikon.assets.find((a) => a.path.endsWith('.webp'))!.exifFields)
    // With pixels not first, metadata decides and says so.
    await dispatch('settings.set', { duplicates: { nearDistance: 6, similarDistance: 12, keeperRules: ['metadata', 'pixels'], preferredFolder: null } })
    const byMetadata = groupOf(await list(), id(paths.nikon))!
    expect(byMetadata).toMatchObject({ suggestedKeep: id(paths.nikon), keptBy: 'metadata' })
    // Preferred folder first: the photo with a copy there is kept, for that reason.
    await dispatch('settings.set', { duplicates: { nearDistance: 6, similarDistance: 12, keeperRules: ['folder', 'pixels'], preferredFolder: join(photos, 'Backup') } })
    expect(groupOf(await list(), id(paths.baboon))).toMatchObject({ suggestedKeep: id(paths.baboon), keptBy: 'folder' })
    await dispatch('settings.set', { duplicates: { nearDistance: 6, similarDistance: 12, keeperRules: ['folder', 'pixels'], preferredFolder: copies } })
    expect(nikonCopies.map(id)).toContain(groupOf(await list(), id(paths.nikon))!.suggestedKeep)
    await dispatch('settings.set', { duplicates: { nearDistance: 6, similarDistance: 12, keeperRules: ['pixels', 'original-format', 'metadata', 'oldest', 'folder'], preferredFolder: null } })
  })

  it('puts files with identical decoded pixels in the same-pixels tier, and one file at two paths in same-bytes', async () => {
    const groups = await list()
    const chelsea = groupOf(groups, id(paths.chelsea))
    expect(chelsea?.tier).toBe('same-pixels')
    expect(ids(chelsea)).toEqual([id(paths.chelsea), id(paths.chelseaCopy)].sort((a, b) => a - b))
    const sameBytes = groups.find((g) => g.tier === 'same-bytes')
    expect(sameBytes?.assets.map((a) => a.path).sort()).toEqual([paths.baboonAgain, paths.baboon].sort())
    expect(id(paths.baboonAgain)).toBe(id(paths.baboon))
  })

  it('keeps other frames of a burst and a reframed shot out of the near tier; the burst is a similar group', async () => {
    const near = (await list()).filter((g) => g.tier !== 'same-bytes')
    for (const path of [paths.burst1, paths.burst2, paths.coffee, paths.coffeeCrop]) {
      const group = groupOf(near, id(path))
      expect(group, `${path} is in a ${group?.tier} group`).toBeUndefined()
    }
    const similar = await list({ includeSimilar: true })
    const burst = groupOf(
      similar.filter((g) => g.tier === 'similar'),
      id(paths.burst1),
    )
    expect(ids(burst)).toEqual([id(paths.burst1), id(paths.burst2)].sort((a, b) => a - b))
    // A stricter near threshold leaves the copies that differ most out (and they are similar then).
    expect((await list({ tier: 'similar' })).every((g) => g.tier === 'similar')).toBe(true)
  })

  it('keep this one: merges favourite, best rating, description, albums and confirmed people into the keeper, trashes the others; edits.undo restores everything', async () => {
    const keeper = id(paths.astronaut)
    const copy = id(paths.astronautHalf)
    const group = groupOf(await list(), keeper)!
    expect(ids(group)).toEqual([keeper, copy].sort((a, b) => a - b))
    await dispatch('assets.setFavorite', { ids: [copy], favorite: true })
    await dispatch('assets.setRating', { ids: [copy], rating: 4 })
    await dispatch('assets.setRating', { ids: [keeper], rating: 2 })
    await dispatch('edits.setDescription', { ids: [copy], description: 'Eileen Collins, STS-93' })
    const albumId = ((await dispatch('albums.create', { name: 'Space', assetIds: [copy] })) as AlbumCreated).album.id
    const albumsOf = async (assetId: number) => ((await dispatch('albums.ofAsset', { assetId })) as { id: number }[]).map((a) => a.id)
    expect(await albumsOf(keeper)).toEqual([])
    // The user confirmed the face on the copy as a person of its own.
    const copyFace = ((await dispatch('assets.faces', { assetId: copy })) as FaceRef[])[0]!
    const keeperFaceBefore = ((await dispatch('assets.faces', { assetId: keeper })) as FaceRef[])[0]!
    expect(copyFace).toBeDefined()
    expect(keeperFaceBefore).toBeDefined()
    const person = app.people.split(copyFace.personId ?? 0, [copyFace.id]).id
    const before = { keeper: (await dispatch('assets.get', { assetId: keeper })) as AssetDetail, groups: await list() }

    const result = (await dispatch('duplicates.resolve', { groupAssetIds: ids(group), keepId: keeper })) as DuplicatesResolveResult
    expect(result).toMatchObject({ changed: 1, trashed: [copy], merged: { favorite: true, rating: 4, faces: 1, albums: 1, description: true } })
    expect(result.undo).not.toBeNull()
    expect(await dispatch('assets.get', { assetId: keeper })).toMatchObject({ favorite: true, rating: 4, edits: { description: 'Eileen Collins, STS-93' } })
    expect(await albumsOf(keeper)).toEqual([albumId])
    const keeperFace = ((await dispatch('assets.faces', { assetId: keeper })) as FaceRef[]).find((f) => f.id === keeperFaceBefore.id)!
    expect(keeperFace).toMatchObject({ personId: person, pinned: true })
    expect(groupOf(await list(), keeper)).toBeUndefined()
    expect(app.db.prepare('SELECT trashed_at FROM assets WHERE id = ?').get(copy)).toMatchObject({ trashed_at: expect.any(String) })

    expect(await dispatch('edits.undo', { stepId: result.undo!.stepId })).toEqual({ undone: result.undo!.label })
    expect(await dispatch('assets.get', { assetId: keeper })).toEqual(before.keeper)
    expect(await dispatch('assets.get', { assetId: copy })).toMatchObject({ favorite: true, rating: 4, trashedAt: null, edits: { description: 'Eileen Collins, STS-93' } })
    expect(await albumsOf(keeper)).toEqual([])
    expect(await albumsOf(copy)).toEqual([albumId])
    expect(app.db.prepare('SELECT trashed_at FROM assets WHERE id = ?').get(copy)).toEqual({ trashed_at: null })
    expect(((await dispatch('assets.faces', { assetId: keeper })) as FaceRef[]).find((f) => f.id === keeperFaceBefore.id)).toEqual(keeperFaceBefore)
    expect(await list()).toEqual(before.groups)
  })

  it('refuses a keeper outside the group', async () => {
    await expect(dispatch('duplicates.resolve', { groupAssetIds: [id(paths.baboon), id(paths.nikon)], keepId: id(paths.chelsea) })).rejects.toThrow(/keepId/)
  })
})
