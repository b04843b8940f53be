// Finding and running ffmpeg/ffprobe. Every run has a timeout and an AbortSignal: a task that is
// cancelled, or an app that stops, kills its ffmpeg (SIGKILL after a polite SIGTERM is not needed:
// ffmpeg holds no state worth flushing for us, and a stuck demuxer ignores SIGTERM).
import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, join } from 'node:path'

export interface FfmpegTools {
  ffmpeg: string
  ffprobe: string
  /** 'bundled': the npm packages' static builds; 'system': the user's own, found on PATH. */
  source: 'bundled' | 'system'
}

/** Which ffmpeg to prefer (Settings → Videos): the bundled one, or the user's own on PATH. */
export type FfmpegPreference = 'bundled' | 'system'

/** The app's own copy lives in app.asar.unpacked (electron-builder asarUnpack): a binary inside an asar cannot run. */
const unpacked = (path: string) => path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function bundledTools(): FfmpegTools | null {
  try {
    const require = createRequire(import.meta.url)
    // The installer packages throw on a platform they have no binary for.
    const ffmpeg = unpacked((require('@ffmpeg-installer/ffmpeg') as { path: string }).path)
    const ffprobe = unpacked((require('@ffprobe-installer/ffprobe') as { path: string }).path)
    return executable(ffmpeg) && executable(ffprobe) ? { ffmpeg, ffprobe, source: 'bundled' } : null
  } catch {
    return null
  }
}

function systemTools(pathVariable = process.env.PATH ?? ''): FfmpegTools | null {
  const exe = process.platform === 'win32' ? '.exe' : ''
  for (const dir of pathVariable.split(delimiter).filter(Boolean)) {
    const ffmpeg = join(dir, `ffmpeg${exe}`)
    const ffprobe = join(dir, `ffprobe${exe}`)
    if (executable(ffmpeg) && executable(ffprobe)) return { ffmpeg, ffprobe, source: 'system' }
  }
  return null
}

/**
 * The ffmpeg to use: the preferred kind when there is one, else the other. Null when neither
 * exists (video analysis is then skipped with a message; the files are still listed).
 * PHOTOHOUSE_FFMPEG=none hides both (how tests and users check the "no ffmpeg" path).
 */
export function findFfmpeg(preference: FfmpegPreference = 'bundled', env: NodeJS.ProcessEnv = process.env): FfmpegTools | null {
  if (env.PHOTOHOUSE_FFMPEG === 'none') return null
  return preference === 'system' ? (systemTools(env.PATH) ?? bundledTools()) : (bundledTools() ?? systemTools(env.PATH))
}

export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly kind: 'failed' | 'timeout' | 'aborted',
    readonly stderr: string,
  ) {
    super(message)
    this.name = 'FfmpegError'
  }
}

export interface RunOptions {
  signal?: AbortSignal
  /** Killed after this long (default 60 s). */
  timeoutMs?: number
  /** Keep stdout as bytes (raw frames) instead of text. */
  binary?: boolean
  /** Sees stdout as it comes (ffmpeg's -progress report) instead of keeping it. */
  onStdout?: (chunk: Buffer) => void
}

export interface RunResult {
  stdout: Buffer
  stderr: string
}

const STDERR_KEEP = 64 * 1024

/** Processes started and not yet ended, each with its kill, so the app's stop can end them all. */
const running = new Map<ReturnType<typeof spawn>, (why: FfmpegError) => void>()

/**
 * Kills every ffmpeg/ffprobe still running (the app is stopping). Their runs fail as 'aborted', so
 * no file is called broken because the app stopped reading it.
 */
export function killAllFfmpeg(): void {
  for (const kill of [...running.values()]) kill(new FfmpegError('the app is stopping', 'aborted', ''))
}

/** Runs a binary to completion; rejects with FfmpegError on a non-zero exit, timeout or abort. */
export function runTool(binary: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { signal, timeoutMs = 60_000, onStdout } = options
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new FfmpegError('cancelled before start', 'aborted', ''))
      return
    }
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
    const out: Buffer[] = []
    let err = ''
    let ended: FfmpegError | null = null
    child.stdout.on('data', (chunk: Buffer) => (onStdout ? onStdout(chunk) : out.push(chunk)))
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8')
      // Keep the tail: the reason ffmpeg gives for failing is on its last lines.
      if (err.length > 2 * STDERR_KEEP) err = err.slice(-STDERR_KEEP)
    })
    const kill = (why: FfmpegError) => {
      ended ??= why
      child.kill('SIGKILL')
    }
    running.set(child, kill)
    const timer = setTimeout(() => kill(new FfmpegError(`timed out after ${Math.round(timeoutMs / 1000)} s`, 'timeout', err)), timeoutMs)
    const onAbort = () => kill(new FfmpegError('cancelled', 'aborted', err))
    signal?.addEventListener('abort', onAbort, { once: true })
    const finish = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      running.delete(child)
    }
    child.on('error', (error) => {
      finish()
      reject(error)
    })
    child.on('close', (code, killedBy) => {
      finish()
      if (ended) reject(ended)
      else if (code !== 0) reject(new FfmpegError(lastLines(err) || `exited with ${code ?? killedBy}`, 'failed', err))
      else resolve({ stdout: Buffer.concat(out), stderr: err })
    })
  })
}

/** The last meaningful lines of ffmpeg's stderr: its reason for failing. */
export function lastLines(stderr: string, count = 2): string {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-count)
    .join('; ')
}
