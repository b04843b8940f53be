// Export (issue 14): the photos of a selection, album, event or person out of PhotoHouse, as exact
// copies of the originals (with their .xmp sidecars) or as upright JPEGs of a chosen size, into a
// folder or a .zip. A job runs in this process (not a durable task: an export is asked for by
// someone waiting for it, and one cut short by a quit is simply started again); it reports progress,
// can be cancelled, and then, like a failed one, removes everything it wrote. It only ever reads
// the originals, and it never writes over a file: a taken name gets ` (2)`.
import { randomUUID } from 'node:crypto'
import { constants, createReadStream, createWriteStream, existsSync, type Stats } from 'node:fs'
import { copyFile, mkdir, realpath, rm, rmdir, stat, utimes, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path'
import { PassThrough, type Readable } from 'node:stream'
import sharp from 'sharp'
import { ZipFile } from 'yazl'
import type { ExportedFile, ExportProgress, ExportSkip, ExportSource, ExportStarted, ExportStartInput, ExportSummary } from '../../shared/export'
import type { ExportFileRow, ExportRepository } from '../catalog/export.repository'
import { decodeUpright, ensureSharpConfigured, sniffImageFormat } from '../ingest'
import { isInside } from '../library'
import { editExif, MAX_EXIF_BYTES, tiffOf, withExif } from './exif-edit'
import { NameAllocator, safeFileName, splitName } from './names'

/** A target the caller named that cannot be used (code as the library's: the transport answers 400). */
export class ExportInputError extends Error {
  readonly code = 'invalid-folder'
}

/** A source that names nothing (no such album, event or person): the transport answers 404. */
export class ExportNotFoundError extends Error {
  readonly code = 'not-found'
}

export class ExportCancelledError extends Error {
  constructor() {
    super('Export cancelled')
  }
}

export interface ExportSourceResolver {
  /** The photos an album, event or person shows (in its order) and its name; null when there is none. */
  album(albumId: number): { name: string; ids: number[] } | null
  event(eventId: number): { name: string; ids: number[] } | null
  person(personId: number): { name: string; ids: number[] } | null
}

export interface ExportServiceDeps {
  repo: ExportRepository
  sources: ExportSourceResolver
  /**
   * Folders an export must not write into: the library folders (a watched folder would import the
   * copies as photos again) and the library's own folder.
   */
  protectedDirs(): string[]
  /** Every job's progress (throttled) and its end. */
  progress(event: ExportProgress): void
  log(message: string): void
}

/** JPEG quality of converted photos: visually lossless for sharing, a third of a camera's size. */
const JPEG_QUALITY = 90
/** The least time between two progress events of one job (its end is always sent). */
const PROGRESS_EVERY_MS = 150
/** Long edge when no size is asked for: the decoder never enlarges, so this means "as it is". */
const FULL_SIZE = 65_000

interface Plan {
  jobId: string
  input: ExportStartInput
  rows: ExportFileRow[]
  /** Photos asked for that the catalog does not know (deleted meanwhile). */
  unknown: number[]
  target: { kind: 'folder'; dir: string } | { kind: 'zip'; file: string }
  /** The first folder this export had to create (removed again on cancel when left empty). */
  createdDir: string | null
}

/** Where files go: a folder, or the entries of a .zip. */
interface Writer {
  names: NameAllocator
  /** Copies a file byte for byte under `name`; null when the name turned out to be taken (a race). */
  copy(source: string, name: string, stats: Stats): Promise<{ path: string; bytes: number } | null>
  write(data: Buffer, name: string, mtime: Date): Promise<{ path: string; bytes: number } | null>
  /** Takes back what `copy`/`write` wrote under `name` (the rest of a photo's files could not be). */
  unwrite(name: string): Promise<void>
  finish(): Promise<void>
  /** Removes everything written (cancel, failure). */
  discard(): Promise<void>
}

export function createExportService(deps: ExportServiceDeps) {
  const jobs = new Map<string, { controller: AbortController; done: Promise<unknown> }>()

  function resolveSource(source: ExportSource): { name: string; ids: number[] } {
    if ('ids' in source) return { name: 'PhotoHouse export', ids: source.ids }
    if ('albumId' in source) return found(deps.sources.album(source.albumId), `No album with id ${source.albumId}`)
    if ('eventId' in source) return found(deps.sources.event(source.eventId), `No event with id ${source.eventId}`)
    return found(deps.sources.person(source.personId), `No person with id ${source.personId}`)
  }

  /** Checks the target and the source, and creates the target folder: errors here reach the caller. */
  async function plan(input: ExportStartInput): Promise<Plan> {
    if (!isAbsolute(input.to)) throw new ExportInputError(`Give the full path of the folder to export to (not "${input.to}")`)
    const to = resolve(input.to)
    const zipFile = input.zip && /\.zip$/i.test(to) ? to : null
    const dir = zipFile ? dirname(zipFile) : to
    // Through symlinks too: the folder as the watcher sees it.
    const real = await realPathOf(dir)
    const guarded = deps.protectedDirs().find((d) => isInside(d, dir) || isInside(d, real))
    if (guarded) throw new ExportInputError(`${dir} is inside ${guarded}, which PhotoHouse watches or keeps its library in: the exported files would be imported again. Choose another folder.`)
    const existing = await stat(dir).catch(() => null)
    if (existing && !existing.isDirectory()) throw new ExportInputError(`Not a folder: ${dir}`)
    if (zipFile && existsSync(zipFile)) throw new ExportInputError(`${zipFile} exists already (an export never writes over a file)`)
    const { name, ids } = resolveSource(input.source)
    const rows = deps.repo.filesOf(ids)
    const knownIds = new Set(rows.map((r) => r.assetId))
    const unknown = [...new Set(ids)].filter((id) => !knownIds.has(id))
    let createdDir: string | null = null
    if (!existing) {
      try {
        createdDir = (await mkdir(dir, { recursive: true })) ?? null
      } catch (e) {
        throw new ExportInputError(`Cannot create ${dir}: ${(e as Error).message}`)
      }
    }
    const target: Plan['target'] = zipFile
      ? { kind: 'zip', file: zipFile }
      : input.zip
        ? { kind: 'zip', file: join(dir, new NameAllocator((n) => existsSync(join(dir, n))).allocate(safeFileName(name, 'PhotoHouse export'), '.zip').name) }
        : { kind: 'folder', dir }
    return { jobId: randomUUID(), input, rows, unknown, target, createdDir }
  }

  async function execute(p: Plan, signal: AbortSignal, onStep: (done: number) => void): Promise<ExportSummary> {
    const writer = p.target.kind === 'zip' ? openZip(p.target.file) : folderWriter(p.target.dir)
    const files: ExportedFile[] = []
    const skipped: ExportSkip[] = p.unknown.map((assetId) => ({ assetId, reason: 'not in the library' }))
    try {
      let done = 0
      for (const row of p.rows) {
        if (signal.aborted) throw new ExportCancelledError()
        const outcome = await exportOne(row, p.input, writer)
        if ('reason' in outcome) skipped.push(outcome)
        else files.push(outcome)
        onStep(++done)
      }
      if (signal.aborted) throw new ExportCancelledError()
      await writer.finish()
    } catch (error) {
      await writer.discard().catch((e: unknown) => deps.log(`export: cleaning up ${targetOf(p)} failed: ${(e as Error).message}`))
      if (p.createdDir) await removeEmptyDirs(p.target.kind === 'zip' ? dirname(p.target.file) : p.target.dir, p.createdDir)
      throw error
    }
    return { jobId: p.jobId, target: targetOf(p), exported: files.length, skipped, files }
  }

  return {
    /**
     * Exports to completion (the CLI; tests). `signal` cancels: what was written is removed and
     * the promise rejects with ExportCancelledError.
     */
    async run(input: ExportStartInput, options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<ExportSummary> {
      const p = await plan(input)
      return execute(p, options.signal ?? new AbortController().signal, (done) => options.onProgress?.(done, p.rows.length))
    },

    /** Starts a job: progress and its end go out as `export.progress` events. */
    async start(input: ExportStartInput): Promise<ExportStarted> {
      const p = await plan(input)
      const controller = new AbortController()
      const target = targetOf(p)
      const total = p.rows.length
      let last = 0
      const send = (event: Omit<ExportProgress, 'jobId' | 'total' | 'target'>) => deps.progress({ jobId: p.jobId, total, target, ...event })
      const done = execute(p, controller.signal, (n) => {
        const now = Date.now()
        if (now - last < PROGRESS_EVERY_MS) return
        last = now
        send({ state: 'running', done: n })
      }).then(
        (summary) => {
          // Over before it says so: a cancel after the end finds no job.
          jobs.delete(p.jobId)
          send({ state: 'done', done: total, summary })
        },
        (error: unknown) => {
          jobs.delete(p.jobId)
          if (error instanceof ExportCancelledError) send({ state: 'cancelled', done: 0 })
          else {
            deps.log(`export to ${target} failed: ${(error as Error).message}`)
            send({ state: 'failed', done: 0, error: (error as Error).message })
          }
        },
      )
      jobs.set(p.jobId, { controller, done })
      send({ state: 'running', done: 0 })
      return { jobId: p.jobId, total, target }
    },

    /** Stops a running job; it removes what it wrote, then sends its 'cancelled' event. */
    cancel(jobId: string): { cancelled: boolean } {
      const job = jobs.get(jobId)
      job?.controller.abort()
      return { cancelled: job !== undefined }
    },

    /** Cancels every running job and waits for their clean-up (the app is closing). */
    async close(): Promise<void> {
      const running = [...jobs.values()]
      for (const job of running) job.controller.abort()
      await Promise.all(running.map((j) => j.done))
    },
  }
}

export type ExportService = ReturnType<typeof createExportService>

function found<T>(value: T | null, message: string): T {
  if (value === null) throw new ExportNotFoundError(message)
  return value
}

function targetOf(p: Plan): string {
  return p.target.kind === 'zip' ? p.target.file : p.target.dir
}

/** The first of the photo's files that is there now. */
async function readableLocation(row: ExportFileRow): Promise<{ path: string; stats: Stats } | null> {
  for (const l of row.locations) {
    const stats = await stat(l.path).catch(() => null)
    if (stats?.isFile()) return { path: l.path, stats }
  }
  return null
}

/**
 * The sidecars beside an original, as XMP tools name them: `photo.jpg.xmp`
 * (digiKam, darktable) and `photo.xmp` (Lightroom); each becomes the same style beside the copy.
 */
interface Companion {
  path: string
  kind: 'sidecar' | 'video'
  /** Its name beside the copy named stem + ext. */
  name: (stem: string, ext: string) => string
}

function sidecarsOf(path: string): Companion[] {
  const { stem } = splitName(path)
  const out: Companion[] = []
  for (const suffix of ['.xmp', '.XMP']) {
    if (existsSync(path + suffix)) {
      out.push({ path: path + suffix, kind: 'sidecar', name: (s, e) => `${s}${e}${suffix}` })
      break
    }
  }
  for (const suffix of ['.xmp', '.XMP']) {
    if (stem !== path && existsSync(stem + suffix)) {
      out.push({ path: stem + suffix, kind: 'sidecar', name: (s) => `${s}${suffix}` })
      break
    }
  }
  return out
}

/** Attempts before giving up on finding a free name (only other writers racing us make it > 1). */
const NAME_ATTEMPTS = 50

async function exportOne(row: ExportFileRow, input: ExportStartInput, writer: Writer): Promise<ExportedFile | ExportSkip> {
  const source = await readableLocation(row)
  if (!source) return { assetId: row.assetId, reason: 'no file of this photo can be read now (missing, or its drive is not connected)' }
  const { stem, ext } = splitName(basename(source.path))
  if (input.format === 'jpeg') {
    if (row.mime?.startsWith('video/')) return { assetId: row.assetId, reason: 'a video cannot be converted to JPEG (export it as original)' }
    let data: Buffer
    try {
      data = await toJpeg(source.path, { size: input.size, stripGps: input.stripGps, stripMetadata: input.stripMetadata ?? false })
    } catch (e) {
      return { assetId: row.assetId, reason: `cannot convert: ${(e as Error).message}` }
    }
    for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      const { name } = writer.names.allocate(stem, '.jpg')
      const written = await writer.write(data, name, source.stats.mtime)
      if (written) return { assetId: row.assetId, source: source.path, path: written.path, bytes: written.bytes }
      writer.names.reserve(name)
    }
    throw new Error(`No free name for ${stem}.jpg`)
  }
  // The sidecars, and a live photo's MOV: IMG_1.HEIC goes with IMG_1.MOV, renamed together.
  const companions = sidecarsOf(source.path)
  if (row.livePhotoVideo && existsSync(row.livePhotoVideo)) {
    const videoExt = extname(row.livePhotoVideo)
    companions.push({ path: row.livePhotoVideo, kind: 'video', name: (s) => `${s}${videoExt}` })
  }
  for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
    const names = writer.names.allocate(stem, ext, companions.map((c) => c.name))
    const written = await writer.copy(source.path, names.name, source.stats)
    if (!written) continue
    const done: { sidecar?: string; video?: string } = {}
    const wrote = [names.name]
    let raced = false
    for (const [i, c] of companions.entries()) {
      const companionStats = await stat(c.path).catch(() => null)
      // One that vanished since we looked is simply not there to copy.
      if (!companionStats) continue
      const copied = await writer.copy(c.path, names.companions[i]!, companionStats)
      if (!copied) {
        raced = true
        break
      }
      wrote.push(names.companions[i]!)
      done[c.kind] ??= copied.path
    }
    if (raced) {
      // Another writer took one of the names: this photo's files go, and it tries the next names.
      for (const name of wrote) await writer.unwrite(name)
      continue
    }
    return { assetId: row.assetId, source: source.path, path: written.path, bytes: written.bytes, ...done }
  }
  throw new Error(`No free name for ${stem}${ext}`)
}

/**
 * An upright JPEG of the photo, its long edge at most `size`; with the original's EXIF unless
 * `stripMetadata` (orientation 1, the new dimensions, no thumbnail, no GPS when `stripGps`).
 */
export async function toJpeg(path: string, options: { size?: number; stripGps: boolean; stripMetadata: boolean }): Promise<Buffer> {
  ensureSharpConfigured()
  // The importer's decoder: every format it reads (HEIC through its worker too), orientation applied.
  const pixels = await decodeUpright(path, await sniffImageFormat(path), options.size ?? FULL_SIZE)
  let image = sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } })
  if (pixels.channels === 2 || pixels.channels === 4) image = image.flatten({ background: '#ffffff' })
  const jpeg = await image.jpeg({ quality: JPEG_QUALITY }).toBuffer()
  if (options.stripMetadata) return jpeg
  const tiff = tiffOf((await sharp(path).metadata()).exif)
  if (!tiff) return jpeg
  const edited = editExif(tiff, { stripGps: options.stripGps, width: pixels.width, height: pixels.height })
  // EXIF too large for one segment (maker notes of some cameras): the pixels without it.
  return edited.length <= MAX_EXIF_BYTES ? withExif(jpeg, edited) : jpeg
}

function folderWriter(dir: string): Writer {
  const written: string[] = []
  const exclusive = async (name: string, work: (path: string) => Promise<number>): Promise<{ path: string; bytes: number } | null> => {
    const path = join(dir, name)
    try {
      const bytes = await work(path)
      written.push(path)
      return { path, bytes }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return null
      // Not EEXIST, so the file (if any) is ours, half-written (disk full…): it goes.
      await rm(path, { force: true })
      throw e
    }
  }
  return {
    names: new NameAllocator((name) => existsSync(join(dir, name))),
    copy: (source, name, stats) =>
      exclusive(name, async (path) => {
        // COPYFILE_EXCL: never over an existing file; the bytes are the original's, and so is its time.
        await copyFile(source, path, constants.COPYFILE_EXCL)
        await utimes(path, stats.atime, stats.mtime)
        return stats.size
      }),
    write: (data, name, mtime) =>
      exclusive(name, async (path) => {
        await writeFile(path, data, { flag: 'wx' })
        await utimes(path, mtime, mtime)
        return data.length
      }),
    async unwrite(name) {
      const path = join(dir, name)
      const i = written.indexOf(path)
      if (i < 0) return
      written.splice(i, 1)
      await rm(path, { force: true })
    },
    finish: async () => {},
    async discard() {
      for (const path of written.splice(0)) await rm(path, { force: true })
    },
  }
}

function openZip(file: string): Writer {
  const zip = new ZipFile()
  // 'wx': the .zip is new; a file of that name appearing meanwhile is not written over.
  const out = createWriteStream(file, { flags: 'wx' })
  let failure: Error | null = null
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve)
    out.on('error', (e) => {
      failure = e
      reject(e)
    })
    zip.outputStream.on('error', (e: Error) => {
      failure = e
      reject(e)
    })
  })
  // Observed through `failure` and finish(); never an unhandled rejection.
  closed.catch(() => {})
  zip.outputStream.pipe(out)

  /** Adds one entry and waits until the zip has consumed it (so memory holds one photo at a time). */
  const add = (stream: Readable, name: string, mtime: Date, compress: boolean) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure)
      stream.once('end', resolve)
      stream.once('error', reject)
      closed.catch(reject)
      zip.addReadStream(stream, name, { mtime, compress })
    })
  const entries = new Set<string>()
  return {
    names: new NameAllocator(),
    async copy(source, name, stats) {
      // Photos are compressed already: stored as they are (byte-identical inside the zip too).
      await add(createReadStream(source), name, stats.mtime, name.toLowerCase().endsWith('.xmp'))
      entries.add(name)
      return { path: name, bytes: stats.size }
    },
    async write(data, name, mtime) {
      await add(new PassThrough().end(data), name, mtime, false)
      entries.add(name)
      return { path: name, bytes: data.length }
    },
    // A zip entry cannot be taken back; names inside one zip never race, so this is never needed.
    unwrite: async () => {},
    async finish() {
      zip.end()
      await closed
    },
    async discard() {
      zip.outputStream.unpipe(out)
      out.destroy()
      await closed.catch(() => {})
      await rm(file, { force: true })
    },
  }
}

/** `path` with its existing part resolved to the real path (the rest may not exist yet). */
async function realPathOf(path: string): Promise<string> {
  for (let existing = path; ; existing = dirname(existing)) {
    try {
      return join(await realpath(existing), relative(existing, path))
    } catch {
      if (dirname(existing) === existing) return path
    }
  }
}

/** Removes `dir` and its parents up to `top` (the first folder the export created) while they are empty. */
async function removeEmptyDirs(dir: string, top: string): Promise<void> {
  let current = dir
  while (isInside(top, current)) {
    try {
      await rmdir(current)
    } catch {
      return
    }
    if (current === top) return
    current = dirname(current)
  }
}
