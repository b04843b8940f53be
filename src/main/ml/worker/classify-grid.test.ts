// Grid thumbnails through the real inference worker (decode thread + session.run) classify exactly
// like the same pixels handed over as PNG, which take the general sharp path.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashFile, makeThumbnails } from '../../ingest'
import { createInferenceHost, type InferenceHost } from '../host'
import { createModelManager } from '../models'
import { REAL_PHOTOS, sharedModelsDir } from '../testing/models-dir'

let work: string
let host: InferenceHost
const inputs: { name: string; webp: string; png: string }[] = []

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'photohouse-classify-grid-'))
  for (const [name, original] of Object.entries(REAL_PHOTOS)) {
    const { sha256 } = await hashFile(original)
    const webp = (await makeThumbnails({ path: original, sha256, cacheDir: work })).gridPath
    const png = path.join(work, `${name}.png`)
    await sharp(webp).png().toFile(png)
    inputs.push({ name, webp, png })
  }
  const models = createModelManager({ userModelsDir: path.join(work, 'models'), env: { PHOTOHOUSE_MODELS_DIR: sharedModelsDir() } })
  host = createInferenceHost({ models, intraOpThreads: 2 })
})
afterAll(async () => {
  await host?.close()
  await rm(work, { recursive: true, force: true })
})

describe('classifier on grid thumbnails', () => {
  it('gives the same tags, scores and features as the same pixels through sharp', async () => {
    // All at once, so batches form and decoding overlaps inference as in an import.
    const [fromWebp, fromPng] = await Promise.all([
      Promise.all(inputs.map((i) => host.classify(i.webp))),
      Promise.all(inputs.map((i) => host.classify(i.png))),
    ])
    inputs.forEach(({ name }, i) => {
      const a = fromWebp[i]!
      const b = fromPng[i]!
      expect(a.tags, name).toEqual(b.tags)
      expect(Buffer.from(a.features.buffer, a.features.byteOffset, a.features.byteLength).equals(Buffer.from(b.features.buffer, b.features.byteOffset, b.features.byteLength)), name).toBe(true)
    })
    // And they are the right tags (the photo's subject), not merely equal.
    const labels = (name: string) => fromWebp[inputs.findIndex((i) => i.name === name)]!.tags.map((t) => t.label.toLowerCase())
    expect(labels('cat')).toContain('cat')
    expect(labels('coffee')).toContain('espresso')
  })

  it('reports an unreadable grid thumbnail as that image failing, not the batch', async () => {
    const broken = path.join(work, 'broken.webp')
    await writeFile(broken, (await readFile(inputs[0]!.webp)).subarray(0, 300))
    const [bad, good] = await Promise.allSettled([host.classify(broken), host.classify(inputs[1]!.webp)])
    expect(bad.status).toBe('rejected')
    expect((bad as PromiseRejectedResult).reason).toMatchObject({ code: 'IMAGE_DECODE' })
    expect(good.status).toBe('fulfilled')
  })
})
