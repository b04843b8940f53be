// RAW files through a real import: listed, thumbnailed from their preview, stacked with their JPEG.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { AssetDetail, AssetSummary } from '../../shared/domain'
import type { AssetStack } from '../../shared/duplicates'
import { openAndImport, tempDir } from '../testing/fixtures'
import { SKIMAGE_DATA, TEST_DATA } from '../testing/test-data'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'

describe('RAW files in the library', () => {
  const dir = tempDir()
  const photos = join(dir.path, 'photos')
  let app: PhotoHouseApp
  let dispatch: Dispatch
  const id = (name: string) => app.repositories.search.assetIdByPath(join(photos, name))!
  const detail = async (name: string) => (await dispatch('assets.get', { assetId: id(name) })) as AssetDetail

  beforeAll(async () => {
    mkdirSync(photos, { recursive: true })
    // A camera saving RAW + JPEG: one shot, two files of one name.
    copyFileSync(join(TEST_DATA, 'raw', 'chelsea-rotated.dng'), join(photos, 'DSC_0001.DNG'))
    await sharp(join(SKIMAGE_DATA, 'chelsea.png')).rotate(90).jpeg().toFile(join(photos, 'DSC_0001.JPG'))
    copyFileSync(join(TEST_DATA, 'raw', 'chelsea-no-preview.dng'), join(photos, 'DSC_0002.DNG'))
    copyFileSync(join(TEST_DATA, 'raw', 'chelsea-rotated.cr3'), join(photos, 'IMG_0003.CR3'))
    // A CR3 whose Canon metadata box is damaged (CMT1 claims 2 GB): its preview is intact.
    const damaged = readFileSync(join(TEST_DATA, 'raw', 'chelsea-rotated.cr3'))
    damaged.writeUInt32BE(0x7fffffff, damaged.indexOf('CMT1', 0, 'latin1') - 4)
    writeFileSync(join(photos, 'IMG_0004.CR3'), damaged)
    app = await openAndImport(join(dir.path, 'lib'), [photos])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
  }, 240_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  it('a RAW with a preview is a ready photo, upright, with its camera facts', async () => {
    const raw = await detail('DSC_0001.DNG')
    expect(raw).toMatchObject({ state: 'ready', hasThumb: true, mime: 'image/x-adobe-dng', width: 298, height: 448, make: 'Canon', iso: 400, orientation: 6 })
    expect(raw.takenAt).toBe('2024-06-15T14:32:10.250+02:00')
  })

  it('a CR3 is a ready photo with the camera facts of its CMT boxes; one with damaged boxes still imports', async () => {
    const cr3 = await detail('IMG_0003.CR3')
    expect(cr3).toMatchObject({ state: 'ready', hasThumb: true, mime: 'image/x-canon-cr3', width: 298, height: 448, make: 'Canon', model: 'Canon EOS R5', lens: 'RF24-105mm F4 L IS USM', iso: 800, orientation: 8 })
    expect(cr3.takenAt).toBe('2023-09-02T07:45:03.500+01:00')
    expect(cr3.lat).toBeCloseTo(51.5007, 6)
    const damaged = await detail('IMG_0004.CR3')
    expect(damaged).toMatchObject({ state: 'ready', hasThumb: true, mime: 'image/x-canon-cr3', takenAt: null, make: null, width: 448, height: 298 })
  })

  it('a RAW without a preview is listed as broken with the reason', async () => {
    const broken = await detail('DSC_0002.DNG')
    expect(broken.state).toBe('error')
    expect(broken.error).toMatch(/no embedded JPEG preview/)
  })

  it('RAW + JPEG of one name are one stack, the JPEG its cover; with stacks off, two photos', async () => {
    const stack = (await dispatch('stacks.of', { assetId: id('DSC_0001.DNG') })) as AssetStack | null
    expect(stack).toMatchObject({ kind: 'same-name', coverAssetId: id('DSC_0001.JPG') })
    expect(stack!.assets.map((a) => a.id)).toEqual([id('DSC_0001.JPG'), id('DSC_0001.DNG')])
    // The two CR3s are photos of their own (no JPEG of their name).
    const alone = [id('IMG_0003.CR3'), id('IMG_0004.CR3')]
    const tiles = (await dispatch('assets.page', { offset: 0, limit: 100 })) as AssetSummary[]
    expect(tiles.map((a) => a.id).sort()).toEqual([id('DSC_0001.JPG'), ...alone].sort())
    await dispatch('settings.set', { stacks: { enabled: false } })
    try {
      const rows = (await dispatch('assets.page', { offset: 0, limit: 100 })) as AssetSummary[]
      expect(rows.map((a) => a.id).sort()).toEqual([id('DSC_0001.JPG'), id('DSC_0001.DNG'), ...alone].sort())
    } finally {
      await dispatch('settings.set', { stacks: { enabled: true } })
    }
  })
})
