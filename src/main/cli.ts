// `photohouse [--library DIR] <command>`: the scripting interface, over the same createApp() as the app.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { catalogPath, createApp, openCatalog, type PhotoHouseApp } from './app'
import { createAssetsRepository, createMotionRepository, createRootsRepository, createTasksRepository } from './catalog'
import { toAssetMotion } from './motion'
import { ALBUMS_USAGE, runAlbums } from './cli/albums'
import { TRASH_USAGE, runTrash } from './cli/trash'
import { BACKUP_USAGE, runBackup } from './cli/backup'
import { CHECK_USAGE, runCheck } from './cli/check'
import { EVENTS_USAGE, runEvents } from './cli/events'
import { SIDECARS_USAGE, runSidecars } from './cli/sidecars'
import { appRoot } from './platform/app-root'
import { defaultLibraryDir, userDataDir } from './platform/paths'
import { createContractHandlers } from './transport/handlers'
import { createDispatcher } from './transport/dispatcher'
import { startHttpServer } from './transport/http'
import type { SearchWeights } from './search'
import { runDuplicates } from './cli/duplicates'
import { EXPORT_USAGE, runExport } from './cli/export'
import { ROOTS_USAGE, runRoots } from './cli/roots'

const USAGE = `Usage: photohouse [--library DIR] <command>

Commands:
  import <folder...> [--no-wait]   add folders to the library and process them to completion
  status [--json]                  counts per task state and per asset state
  assets --json                    one JSON object per asset
  search "<text>" [--limit N] [--weights text=1,tag=1,clip=1.5] --json
                                   photos matching the text, best first
  similar <path> [--limit N] --json
                                   photos similar to the photo at <path>
  search --person NAME --json      photos of a person
  people list --json               persons with their faces (unassigned faces under id null)
  people rename <id> <name>
  people merge <id...> --into <id>
  people split <id> --faces <faceId...>
${ALBUMS_USAGE}
${TRASH_USAGE}
${BACKUP_USAGE}
${CHECK_USAGE}
${EVENTS_USAGE}
${SIDECARS_USAGE}
${EXPORT_USAGE}
${ROOTS_USAGE}
  duplicates [--similar] [--json]  duplicate groups (same pixels, near; similar shots with --similar)
                                   and the suggested keeper of each
  serve [--port N]                 serve the PhotoHouse UI on 127.0.0.1 for a browser

The library defaults to the app-data folder; PHOTOHOUSE_LIBRARY or --library override it.`

class UsageError extends Error {
  override name = 'UsageError'
}

function write(line: string): void {
  process.stdout.write(line + '\n')
}

function progressBar(app: PhotoHouseApp): () => void {
  const interactive = process.stderr.isTTY
  let last = ''
  const render = () => {
    const { totals, assets } = app.stats()
    const total = totals.done + totals.pending + totals.running + totals.failed + totals.dead
    const finished = totals.done + totals.dead
    const width = 30
    const filled = total === 0 ? width : Math.round((finished / total) * width)
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${total} tasks · ${assets.ready} photos ready · ${assets.error} broken`
    if (line === last) return
    last = line
    if (interactive) process.stderr.write(`\r${line}`)
  }
  const timer = setInterval(render, interactive ? 200 : 2000)
  return () => {
    clearInterval(timer)
    render()
    if (interactive) process.stderr.write('\n')
    else process.stderr.write(last + '\n')
  }
}

async function runImport(libraryDir: string, folders: string[], wait: boolean): Promise<number> {
  if (folders.length === 0) throw new UsageError('import needs at least one folder')
  const app = createApp({ libraryDir, watch: false })
  try {
    await app.library.addRoots(folders)
    if (!wait) {
      write(`Queued ${folders.length} folder(s); the app or the next \`photohouse import\` will process them.`)
      return 0
    }
    app.start()
    const stopBar = progressBar(app)
    await app.runner.idle()
    stopBar()
    const broken = app.repositories.assets.broken()
    const dead = app.repositories.tasks.list(['dead'], 1000)
    const { assets } = app.stats()
    write(`Imported: ${assets.ready} photos ready, ${broken.length} broken file(s), ${dead.length} failed task(s).`)
    for (const b of broken) write(`  broken: ${b.path}: ${b.error}`)
    for (const t of dead) write(`  failed: ${t.type} ${t.subject}: ${t.errorMessage ?? t.errorCode}`)
    // Broken files are reported, not fatal: the import itself succeeded.
    return 0
  } finally {
    await app.close()
  }
}

/**
 * Until issue 11 the CLI's default library was the app-data folder itself, while the app's is its
 * `Library` subfolder. Such an earlier library is left where it is (moving a user's catalog behind
 * their back is no fix); while the new default has none, the CLI says where it is.
 */
function warnOfEarlierCliLibrary(libraryDir: string): void {
  const earlier = userDataDir()
  if (process.env.PHOTOHOUSE_LIBRARY || existsSync(catalogPath(libraryDir)) || !existsSync(catalogPath(earlier))) return
  process.stderr.write(
    `PhotoHouse: the command line now opens the app's library (${libraryDir}); a library made by an earlier command line is at ${earlier}: pass --library "${earlier}" to use it\n`,
  )
}

function runStatus(libraryDir: string, json: boolean): number {
  const db = openCatalog(libraryDir, { readOnly: true })
  try {
    const tasks = createTasksRepository(db).stats()
    const assets = createAssetsRepository(db).countsByState()
    // A root whose folder could not be read at the last scan keeps its photos; say so, or a user
    // with an unplugged drive would see fewer photos than expected and not know why.
    const roots = createRootsRepository(db)
      .list()
      .map((r) => ({ path: r.path, files: r.fileCount, unreachable: r.unreachable }))
    if (json) write(JSON.stringify({ tasks: tasks.totals, taskTypes: tasks.byType, assets, roots }, null, 2))
    else {
      write(`Assets: ${assets.ready} ready, ${assets.pending} pending, ${assets.error} broken`)
      for (const r of roots) {
        write(`Folder ${r.path}: ${r.files} files${r.unreachable ? `, unreachable since ${r.unreachable.since} (${r.unreachable.reason})` : ''}`)
      }
      write(`Tasks: ${Object.entries(tasks.totals).map(([k, v]) => `${v} ${k}`).join(', ')}`)
      for (const t of tasks.byType) write(`  ${t.type}: p50 ${t.p50Ms ?? '-'} ms, p95 ${t.p95Ms ?? '-'} ms`)
    }
    return 0
  } finally {
    db.close()
  }
}

function runAssets(libraryDir: string): number {
  const db = openCatalog(libraryDir, { readOnly: true })
  try {
    const motions = createMotionRepository(db).all()
    const motionOf = (id: number) => {
      const m = motions.get(id)
      return m ? toAssetMotion(m) : null
    }
    const rows = createAssetsRepository(db)
      .exportAll()
      .map((a) => ({
        id: a.id,
        sha256: a.sha256,
        type: a.video ? 'video' : 'photo',
        // Null for photos, and for a video not yet probed (no ffmpeg).
        durationMs: a.video?.durationMs ?? null,
        // A live photo's MOV or a motion photo's embedded MP4; null for a photo without one.
        motion: motionOf(a.id),
        paths: a.paths,
        width: a.width,
        height: a.height,
        orientation: a.orientation,
        takenAt: a.takenAt,
        make: a.make,
        model: a.model,
        lat: a.lat,
        lon: a.lon,
        favorite: a.favorite,
        rating: a.rating,
        hidden: a.hidden,
        error: a.error,
      }))
    write(JSON.stringify(rows, null, 2))
    return 0
  } finally {
    db.close()
  }
}

export function parseWeights(text: string | undefined): Partial<SearchWeights> {
  if (!text) return {}
  const aliases: Record<string, keyof SearchWeights> = { fts: 'text', text: 'text', tag: 'tag', tags: 'tag', clip: 'clip' }
  const out: Partial<SearchWeights> = {}
  for (const part of text.split(',')) {
    const [key, value] = part.split('=')
    const name = aliases[key?.trim() ?? '']
    const n = Number(value)
    if (!name || !Number.isFinite(n) || n < 0) throw new UsageError(`Bad weight "${part}" (expected e.g. fts=1,tag=1,clip=1.5)`)
    out[name] = n
  }
  return out
}

async function runSearch(libraryDir: string, text: string | undefined, limit: number, weights: Partial<SearchWeights>, json: boolean): Promise<number> {
  if (text === undefined) throw new UsageError('search needs a text')
  const app = createApp({ libraryDir, readOnly: true })
  try {
    const { hits } = await app.search.query(text, { limit, weights })
    const rows = hits.map((h) => ({
      assetId: h.asset.id,
      path: app.repositories.search.pathOf(h.asset.id) ?? null,
      score: Number(h.score.toFixed(6)),
      matched: h.matched,
      // A hit in a video: the moment (ms) of the frame that matched.
      ...(h.atMs !== undefined ? { atMs: h.atMs } : {}),
    }))
    if (json) write(JSON.stringify(rows, null, 2))
    else for (const r of rows) write(`${r.score.toFixed(4)}  ${r.path}${r.atMs !== undefined ? ` @${(r.atMs / 1000).toFixed(1)}s` : ''}  (${r.matched.join(', ')})`)
    return 0
  } finally {
    await app.close()
  }
}

async function runSimilar(libraryDir: string, path: string | undefined, limit: number, json: boolean): Promise<number> {
  if (path === undefined) throw new UsageError('similar needs the path of a photo in the library')
  const app = createApp({ libraryDir, readOnly: true })
  try {
    const assetId = app.repositories.search.assetIdByPath(resolve(path))
    if (assetId === undefined) throw new Error(`Not in the library: ${path} (import its folder first)`)
    const hits = await app.search.similar(assetId, limit)
    const rows = hits.map((h) => ({ assetId: h.asset.id, path: app.repositories.search.pathOf(h.asset.id) ?? null, score: Number(h.score.toFixed(6)) }))
    if (json) write(JSON.stringify(rows, null, 2))
    else for (const r of rows) write(`${r.score.toFixed(4)}  ${r.path}`)
    return 0
  } finally {
    await app.close()
  }
}

async function runPeople(libraryDir: string, args: string[], values: { json: boolean; into?: string; faces?: string[] }): Promise<number> {
  const [sub, ...rest] = args
  const app = createApp({ libraryDir, readOnly: sub === 'list' })
  const id = (text: string | undefined, what: string) => {
    const n = Number(text)
    if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`Bad ${what}: ${text ?? '(missing)'}`)
    return n
  }
  try {
    switch (sub) {
      case 'list': {
        const repo = app.repositories.people
        const pathOf = (assetId: number) => app.repositories.search.pathOf(assetId) ?? null
        const faceOut = (f: { id: number; assetId: number; box: number[] }) => ({ faceId: f.id, assetId: f.assetId, path: pathOf(f.assetId), box: f.box })
        const rows = [
          ...app.people.list(true).map((p) => ({ id: p.id as number | null, name: p.name, faceCount: p.faceCount, faces: repo.facesOf(p.id).map(faceOut) })),
        ]
        const unassigned = repo.unassigned(100_000)
        if (unassigned.length > 0) rows.push({ id: null, name: null, faceCount: unassigned.length, faces: unassigned.map(faceOut) })
        if (values.json) write(JSON.stringify(rows, null, 2))
        else for (const r of rows) write(`${r.id ?? '-'}\t${r.name ?? (r.id === null ? '(unassigned)' : 'Unnamed')}\t${r.faceCount} faces`)
        return 0
      }
      case 'rename': {
        const name = rest.slice(1).join(' ').trim()
        if (!name) throw new UsageError('people rename <id> <name>')
        const p = app.people.rename(id(rest[0], 'person id'), name)
        write(values.json ? JSON.stringify(p) : `Person ${p.id} is now "${p.name}"`)
        return 0
      }
      case 'merge': {
        const into = id(values.into, '--into person id')
        const p = app.people.merge(rest.map((r) => id(r, 'person id')), into)
        write(values.json ? JSON.stringify(p) : `Merged into person ${p.id} (${p.faceCount} faces)`)
        return 0
      }
      case 'split': {
        const faces = (values.faces ?? []).flatMap((f) => f.split(',')).map((f) => id(f, 'face id'))
        if (faces.length === 0) throw new UsageError('people split <id> --faces <faceId...>')
        const p = app.people.split(id(rest[0], 'person id'), faces)
        write(values.json ? JSON.stringify(p) : `New person ${p.id} with ${p.faceCount} faces`)
        return 0
      }
      default:
        throw new UsageError(`Unknown people command: ${sub ?? '(none)'}`)
    }
  } finally {
    await app.close()
  }
}

async function runServe(libraryDir: string, port: number | undefined): Promise<number> {
  const app = createApp({ libraryDir, watch: true })
  app.start()
  const dispatch = createDispatcher(createContractHandlers(app, { mode: 'browser' }))
  const server = await startHttpServer({ app, dispatch, rendererDir: join(appRoot(), 'out', 'renderer'), port })
  write(`PhotoHouse is serving library ${libraryDir}`)
  write(`Open ${server.url}`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await server.close()
  await app.close()
  return 0
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      library: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-wait': { type: 'boolean', default: false },
      port: { type: 'string' },
      limit: { type: 'string' },
      weights: { type: 'string' },
      person: { type: 'string' },
      into: { type: 'string' },
      faces: { type: 'string', multiple: true },
      'from-folder': { type: 'string' },
      rule: { type: 'string' },
      text: { type: 'string' },
      sync: { type: 'boolean', default: false },
      similar: { type: 'boolean', default: false },
      repair: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      album: { type: 'string' },
      event: { type: 'string' },
      ids: { type: 'string' },
      to: { type: 'string' },
      size: { type: 'string' },
      jpeg: { type: 'boolean', default: false },
      'strip-gps': { type: 'boolean', default: false },
      'keep-gps': { type: 'boolean', default: false },
      'strip-metadata': { type: 'boolean', default: false },
      zip: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const [command, ...rest] = positionals
  if (values.help || !command) {
    write(USAGE)
    return command || values.help ? 0 : 2
  }
  const libraryDir = values.library ?? defaultLibraryDir()
  if (values.library === undefined) warnOfEarlierCliLibrary(libraryDir)
  switch (command) {
    case 'import':
      return runImport(libraryDir, rest, !values['no-wait'])
    case 'status':
      return runStatus(libraryDir, values.json)
    case 'assets':
      return runAssets(libraryDir)
    case 'search':
    case 'similar': {
      const limit = values.limit === undefined ? 50 : Number(values.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`Bad limit: ${values.limit}`)
      return command === 'search'
        ? runSearch(libraryDir, values.person !== undefined ? [values.person, ...rest].join(' ') : rest[0], limit, parseWeights(values.weights), values.json)
        : runSimilar(libraryDir, rest[0], limit, values.json)
    }
    case 'people': {
      // `--faces 3 4 5`: the ids after --faces arrive as positionals too; take them from argv.
      const i = argv.indexOf('--faces')
      const faces = i >= 0 ? argv.slice(i + 1).filter((a) => /^\d+(,\d+)*$/.test(a)) : undefined
      const people = rest.filter((r) => !faces?.includes(r))
      return runPeople(libraryDir, people, { json: values.json, into: values.into, faces })
    }
    case 'duplicates':
      return runDuplicates(libraryDir, { json: values.json, similar: values.similar }, write)
    case 'albums':
      return runAlbums(
        libraryDir,
        rest,
        { json: values.json, fromFolder: values['from-folder'], sync: values.sync, rule: values.rule, text: values.text },
        { write, usage: (m) => new UsageError(m) },
      )
    case 'trash':
      return runTrash(libraryDir, rest, { json: values.json }, { write, usage: (m) => new UsageError(m) })
    case 'events':
      return runEvents(libraryDir, rest, { json: values.json }, { write, usage: (m) => new UsageError(m) })
    case 'check':
      return runCheck(libraryDir, { json: values.json, repair: values.repair }, { write, usage: (m) => new UsageError(m) })
    case 'export':
      if (rest.length > 0) throw new UsageError(`export takes no arguments besides its options (got ${rest.join(' ')})`)
      return runExport(
        libraryDir,
        {
          json: values.json,
          album: values.album,
          event: values.event,
          person: values.person,
          ids: values.ids,
          to: values.to,
          size: values.size,
          jpeg: values.jpeg,
          stripGps: values['strip-gps'],
          keepGps: values['keep-gps'],
          stripMetadata: values['strip-metadata'],
          zip: values.zip,
        },
        { write, usage: (m) => new UsageError(m) },
      )
    case 'roots':
      return runRoots(libraryDir, rest, { json: values.json }, { write, usage: (m) => new UsageError(m) })
    case 'sidecars':
      return runSidecars(libraryDir, rest, { json: values.json, all: values.all }, { write, usage: (m) => new UsageError(m) })
    case 'backup':
      return runBackup(libraryDir, rest, { json: values.json }, { write, usage: (m) => new UsageError(m) })
    case 'serve': {
      const port = values.port === undefined ? undefined : Number(values.port)
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`Bad port: ${values.port}`)
      return runServe(libraryDir, port)
    }
    default:
      throw new UsageError(`Unknown command: ${command}`)
  }
}

/** Resolves once everything written to `stream` so far has been handed to the OS (or the stream failed). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0) return Promise.resolve()
  return new Promise((resolve) => stream.write('', () => resolve()))
}

/**
 * The CLI as a process: runs a command, waits until its output is written (a pipe takes 64 KiB
 * before the reader catches up; process.exit() would cut the rest), then lets the process end on
 * its own with the exit code, every command having closed what it opened.
 */
export async function runCli(argv: string[]): Promise<void> {
  // A reader that stops early (`| head`) closes the pipe: that is the end of the output, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
  let code: number
  try {
    code = await main(argv)
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`)
      code = 2
    } else {
      process.stderr.write(`photohouse: ${error instanceof Error ? error.message : String(error)}\n`)
      code = 1
    }
  }
  await Promise.all([flushed(process.stdout), flushed(process.stderr)])
  process.exitCode = code
}

// Run when executed directly (tsx src/main/cli.ts), not when imported by tests or bin/photohouse.mjs.
const invokedDirectly = process.argv[1] !== undefined && /cli\.(ts|js|mjs)$/.test(process.argv[1])
if (invokedDirectly) void runCli(process.argv.slice(2))
