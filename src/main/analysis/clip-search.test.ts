// The CLIP path of the product end to end — model manager, inference process, pipeline stage,
// vector index, text search, re-embedding on a model change — with the REAL CLIP tokenizer files
// and SMALL GENERATED encoders (test-support/tiny-generated-clip-models: not real CLIP weights,
// which cannot be had on this machine). The tiny image encoder embeds a photo's mean colour; the
// tiny text encoder maps the real token ids of "red"/"green"/"blue" to those colours' directions.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type PhotoHouseApp } from '../app'
import { loadClipTokenizer } from '../ml/clip'
import { CLIP_VIT_B32_PREPROCESS } from '../ml/clip/clip-image-preprocess'
import { writeTinyGeneratedClipImageEncoder, writeTinyGeneratedClipTextEncoder } from '../ml/clip/test-support/tiny-generated-clip-models'
import type { ModelManifest } from '../ml'
import { sharedModelsDir } from '../ml/testing/models-dir'
import { appRoot } from '../platform/app-root'
import { openAndImport, tempDir } from '../testing/fixtures'

const DIMS = 8
const COLOURS = { red: [255, 0, 0], green: [0, 255, 0], blue: [0, 0, 255] } as const
const shared = sharedModelsDir()

function direction([r, g, b]: readonly number[]): number[] {
  const v = new Array<number>(DIMS).fill(0)
  ;[r!, g!, b!].forEach((c, i) => (v[i] = (c / 255 - CLIP_VIT_B32_PREPROCESS.mean[i]!) / CLIP_VIT_B32_PREPROCESS.std[i]!))
  return v
}

function fileEntry(path: string, name: string) {
  return { name, size: statSync(path).size, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') }
}

describe('CLIP search with the real tokenizer and small generated encoders', () => {
  const dir = tempDir()
  const models = join(dir.path, 'models')
  const photos = join(dir.path, 'photos')
  const libraryDir = join(dir.path, 'lib')
  let app: PhotoHouseApp
  let manifest: ModelManifest
  const previousModelsDir = process.env.PHOTOHOUSE_MODELS_DIR

  beforeAll(async () => {
    mkdirSync(join(models, 'clip-vit-b32-visual'), { recursive: true })
    mkdirSync(join(models, 'clip-vit-b32-textual'), { recursive: true })
    symlinkSync(join(shared, 'mobilenetv2-12-int8'), join(models, 'mobilenetv2-12-int8'))
    symlinkSync(join(shared, 'clip-vit-b32-tokenizer'), join(models, 'clip-vit-b32-tokenizer'))
    const visual = join(models, 'clip-vit-b32-visual', 'visual_quant.onnx')
    const textual = join(models, 'clip-vit-b32-textual', 'textual_quant.onnx')
    // OpenCLIP-export style, as the manifest's real models: fixed batch 1, int32 ids.
    await writeTinyGeneratedClipImageEncoder(visual, {
      channelToEmbedding: [0, 1, 2].map((c) => Array.from({ length: DIMS }, (_, d) => (d === c ? 1 : 0))),
      batch: 1,
    })
    const tokenizer = await loadClipTokenizer(join(shared, 'clip-vit-b32-tokenizer'))
    const rows = new Map<number, number[]>()
    for (const [name, rgb] of Object.entries(COLOURS)) rows.set(tokenizer.encode(name).ids[1]!, direction(rgb))
    await writeTinyGeneratedClipTextEncoder(textual, { vocabSize: 49408, dims: DIMS, rows, idsType: 'int32', batch: 1 })

    const base = JSON.parse(readFileSync(join(appRoot(), 'resources', 'models', 'manifest.json'), 'utf8')) as ModelManifest
    manifest = {
      ...base,
      models: base.models.map((m) =>
        m.id === 'clip-vit-b32-visual'
          ? { ...m, version: 'tiny-generated-1', files: [fileEntry(visual, 'visual_quant.onnx')] }
          : m.id === 'clip-vit-b32-textual'
            ? { ...m, version: 'tiny-generated-1', files: [fileEntry(textual, 'textual_quant.onnx')] }
            : m,
      ),
    } as ModelManifest

    mkdirSync(photos, { recursive: true })
    for (const [name, [r, g, b]] of Object.entries(COLOURS)) {
      await sharp({ create: { width: 320, height: 240, channels: 3, background: { r, g, b } } }).png().toFile(join(photos, `${name}-thing.png`))
    }
    process.env.PHOTOHOUSE_MODELS_DIR = models
    app = await openAndImport(libraryDir, [photos], { modelManifest: manifest })
  }, 300_000)

  afterAll(async () => {
    await app?.close()
    process.env.PHOTOHOUSE_MODELS_DIR = previousModelsDir
    dir.cleanup()
  })

  const top = async (q: string) => (await app.search.query(q)).hits.map((h) => ({ name: app.repositories.search.pathOf(h.asset.id)!.split('/').pop(), matched: h.matched }))

  it('embeds every photo with the active CLIP model and records model, version and device', () => {
    expect(app.stats().totals).toMatchObject({ dead: 0, failed: 0 })
    const id = app.repositories.search.assetIdByPath(join(photos, 'red-thing.png'))!
    expect(app.repositories.analysis.stageOf(id, 'clip')).toEqual({ modelId: 'clip-vit-b32-visual@tiny-generated-1', device: 'cpu' })
    expect(app.repositories.analysis.embeddingOf(id, 'clip-vit-b32-visual')).toHaveLength(DIMS)
    // Both stages read the inputs the thumbnail stage prepared (a classifier and a CLIP one per photo).
    expect(app.modelInputs.stats).toMatchObject({ hits: 2 * Object.keys(COLOURS).length, misses: 0 })
  })

  it('ranks photos by text through CLIP, with a cut-off', async () => {
    for (const colour of Object.keys(COLOURS)) {
      const hits = await top(`a photo of something ${colour}`)
      expect(hits[0]).toEqual({ name: `${colour}-thing.png`, matched: expect.arrayContaining(['clip']) })
      // The other two colours are far from the best match: not returned as CLIP hits.
      expect(hits.filter((h) => h.matched.includes('clip'))).toHaveLength(1)
    }
  })

  it('finds similar photos with CLIP vectors', async () => {
    const red = app.repositories.search.assetIdByPath(join(photos, 'red-thing.png'))!
    const similar = await app.search.similar(red, 5)
    for (const h of similar) expect(h.score).toBeGreaterThanOrEqual(0.5)
  })

  it('re-embeds every photo when the active model changes, and searches only the new vectors', async () => {
    await app.close()
    const next = { ...manifest, models: manifest.models.map((m) => (m.id === 'clip-vit-b32-visual' ? { ...m, version: 'tiny-generated-2' } : m)) } as ModelManifest
    app = createApp({ libraryDir, modelManifest: next, log: () => {} })
    const before = app.stats().byType.find((t) => t.type === 'asset.clip')!.counts.done
    app.start()
    await app.runner.idle(50)
    const after = app.stats().byType.find((t) => t.type === 'asset.clip')!.counts.done
    expect(after - before).toBe(3)
    const id = app.repositories.search.assetIdByPath(join(photos, 'green-thing.png'))!
    expect(app.repositories.analysis.stageOf(id, 'clip')?.modelId).toBe('clip-vit-b32-visual@tiny-generated-2')
    expect((await top('green'))[0]?.name).toBe('green-thing.png')
  })
})
