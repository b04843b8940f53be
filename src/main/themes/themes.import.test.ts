// Themes of real imported photos, through the real pipeline (classifier, events, the themes task)
// and the contract: the baboon seen on two days far apart is a theme; the fruit bowl seen once is not.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import type { AssetSummary } from '../../shared/domain'
import type { ThemeSummary } from '../../shared/themes'
import { openAndImport, tempDir, waitFor } from '../testing/fixtures'
import { writeThemePhotos } from '../testing/theme-photos'
import { createDispatcher, type Dispatch } from '../transport/dispatcher'
import { createContractHandlers } from '../transport/handlers'

describe('themes of imported photos (through the contract)', () => {
  const dir = tempDir()
  let app: PhotoHouseApp
  let dispatch: Dispatch
  const id = (name: string) => app.repositories.search.assetIdByPath(join(dir.path, 'photos', name))!

  beforeAll(async () => {
    await writeThemePhotos(join(dir.path, 'photos'))
    app = await openAndImport(join(dir.path, 'lib'), [join(dir.path, 'photos')])
    dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
    await waitFor(() => app.themes.list().length > 0, 60_000)
    await app.runner.idle(50)
  }, 240_000)
  afterAll(async () => {
    await app?.close()
    dir.cleanup()
  })

  it('finds the subject of two events and offers its photos, not the one seen once', async () => {
    const themes = (await dispatch('themes.list', {})) as ThemeSummary[]
    expect(themes).toHaveLength(1)
    const [theme] = themes as [ThemeSummary]
    expect(theme.labels).toEqual(['baboon'])
    expect(theme).toMatchObject({ count: 4, events: 2 })
    // Its class, before the broader words every one of its photos also has ("monkey", "animal").
    expect(theme.name).toBe('baboon')
    expect(theme.tags).toEqual(expect.arrayContaining(['baboon', 'monkey', 'animal']))
    expect(theme.cover).not.toBeNull()
    const photos = (await dispatch('themes.photos', { themeId: theme.id, offset: 0, limit: 10 })) as AssetSummary[]
    // Newest first.
    expect(photos.map((p) => p.id)).toEqual(['zoo-again-2.jpg', 'zoo-again-1.jpg', 'zoo-2.jpg', 'zoo-1.jpg'].map(id))
    expect(photos.map((p) => p.id)).not.toContain(id('kitchen.jpg'))
    await expect(dispatch('themes.photos', { themeId: theme.id + 1000, offset: 0, limit: 10 })).rejects.toThrow(/No theme/)
  })
})
