// A fresh install without the classifier (or CLIP) still imports everything: the stage is skipped,
// no task fails, and installing the model later runs the stage on every photo it missed.
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { PhotoHouseApp } from '../app'
import { sharedModelsDir } from '../ml/testing/models-dir'
import { appRoot } from '../platform/app-root'
import { copyInto, openAndImport, REAL_PHOTOS, tempDir } from '../testing/fixtures'

describe('a model that is not installed', () => {
  const dir = tempDir()
  const shared = sharedModelsDir()
  const previous = process.env.PHOTOHOUSE_MODELS_DIR
  let app: PhotoHouseApp | undefined
  afterAll(async () => {
    await app?.close()
    process.env.PHOTOHOUSE_MODELS_DIR = previous
    dir.cleanup()
  })

  it('skips its stage without failing the import, and runs it once the model is installed', async () => {
    const models = join(dir.path, 'models')
    mkdirSync(models, { recursive: true })
    process.env.PHOTOHOUSE_MODELS_DIR = models
    // An install without the bundled classifier: the app's resources hold only the manifest and hypernyms.
    const resourcesDir = join(dir.path, 'resources')
    mkdirSync(join(resourcesDir, 'models'), { recursive: true })
    for (const file of ['manifest.json', 'imagenet-hypernyms.json']) copyFileSync(join(appRoot(), 'resources', 'models', file), join(resourcesDir, 'models', file))
    copyInto(REAL_PHOTOS.chelsea, join(dir.path, 'photos', 'cat.png'))
    const libraryDir = join(dir.path, 'lib')
    app = await openAndImport(libraryDir, [join(dir.path, 'photos')], { resourcesDir })
    expect(app.stats().totals).toMatchObject({ dead: 0, failed: 0 })
    expect(app.stats().assets.ready).toBe(1)
    const catId = app.repositories.search.assetIdByPath(join(dir.path, 'photos', 'cat.png'))!
    expect(app.repositories.assets.get(catId)!.tags).toEqual([])
    expect((await app.modelInfo()).find((m) => m.id === 'mobilenetv2-12-int8')?.installed).toBe(false)

    // The user installs the classifier (here: it appears in the models folder) and reopens.
    symlinkSync(join(shared, 'mobilenetv2-12-int8'), join(models, 'mobilenetv2-12-int8'))
    await app.close()
    app = await openAndImport(libraryDir, [], { resourcesDir })
    expect(app.repositories.assets.get(catId)!.tags.map((t) => t.label)).toContain('cat')
  })
})
