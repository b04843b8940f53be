// A copy of a video that the window's browser engine can play, made on request. Chromium plays
// H.264/VP8/VP9/AV1 in MP4/WebM, but not an AVI, a 3GP's H.263/AMR, MPEG-2, or HEVC (every iPhone
// video and live photo since 2017) where the platform has no decoder. When the viewer's <video>
// cannot play a file, it asks for this copy: VP8 + Opus in WebM, which every Chromium decodes in
// software, no larger than 1920 px, turned upright. The original is only read. Copies live in the
// cache (<cacheDir>/playable/), are written to a .partial file and renamed when complete, so a copy
// cut off by a crash or a quit is never served (the start's sweep removes it) and is made again.
import { existsSync } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { PlayableCopy } from '../../shared/video'
import { FfmpegError, lastLines, runTool, type FfmpegTools } from './ffmpeg'

/** Which part of an asset: the video itself, or a photo's motion part (a live photo's MOV, a motion photo's MP4). */
export type PlayablePart = 'video' | 'motion'

/** A file, or a byte range of one (a motion photo's MP4 inside its JPEG). */
export interface PlayableSource {
  path: string
  offset: number
  length: number
}

const MAX_SIDE = 1920

export function playablePath(cacheDir: string, sha256: string, part: PlayablePart): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`playablePath needs a hex SHA-256, got "${sha256}"`)
  return join(cacheDir, 'playable', sha256.slice(0, 2), `${sha256}${part === 'motion' ? '-motion' : ''}.webm`)
}

/** ffmpeg's arguments for the copy, with its progress report on stdout. */
export function playableArgs(input: string, output: string, encoders: { video: string; audio: string | null }): string[] {
  // Fit inside MAX_SIDE x MAX_SIDE, never enlarged; ffmpeg turns the picture upright by itself
  // (its autorotate reads the stream's rotation), so the copy needs no rotation of its own.
  const scale = `scale=w='min(${MAX_SIDE},iw)':h='min(${MAX_SIDE},ih)':force_original_aspect_ratio=decrease`
  return [
    '-nostdin',
    '-hide_banner',
    '-y',
    '-i',
    input,
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    '-vf',
    scale,
    '-c:v',
    encoders.video,
    // Realtime speed: the user is waiting in the viewer. A quality target (crf) within a generous
    // bitrate ceiling keeps detail without the slow two-pass modes.
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-crf',
    '10',
    '-b:v',
    '6M',
    '-pix_fmt',
    'yuv420p',
    ...(encoders.audio ? ['-c:a', encoders.audio, '-b:a', '128k'] : ['-an']),
    '-progress',
    'pipe:1',
    '-nostats',
    '-f',
    'webm',
    output,
  ]
}

/** The last `out_time_ms` (microseconds, despite the name) in ffmpeg's -progress output. */
export function progressMs(progressText: string): number | null {
  const matches = [...progressText.matchAll(/out_time_(?:ms|us)=(\d+)/g)]
  const last = matches.at(-1)
  return last ? Math.round(Number(last[1]) / 1000) : null
}

export interface PlayableCopiesDeps {
  cacheDir: string
  tools(): FfmpegTools | null
  log(message: string): void
}

interface Job {
  doneMs: number
  durationMs: number | null
  failed?: string
  controller: AbortController
}

/**
 * The copies being made and made: `request` answers at once with the state and starts the copy if
 * there is none. One copy is made at a time (2 cores: a second would halve both); others wait.
 */
export function createPlayableCopies(deps: PlayableCopiesDeps) {
  const jobs = new Map<string, Job>()
  let encoders: Promise<{ video: string; audio: string | null } | null> | null = null
  let queue: Promise<void> = Promise.resolve()

  function chooseEncoders(tools: FfmpegTools): Promise<{ video: string; audio: string | null } | null> {
    encoders ??= runTool(tools.ffmpeg, ['-hide_banner', '-encoders'], { timeoutMs: 15_000 })
      .then(({ stdout }) => {
        const list = stdout.toString('utf8')
        const has = (name: string) => new RegExp(`^\\s*[A-Z.]{6}\\s+${name}\\s`, 'm').test(list)
        if (!has('libvpx')) return null
        return { video: 'libvpx', audio: has('libopus') ? 'libopus' : has('libvorbis') ? 'libvorbis' : null }
      })
      .catch(() => {
        encoders = null
        return null
      })
    return encoders
  }

  /** Drops a job that ended (a newer job for the same copy is left alone). */
  function forget(key: string, job: Job): void {
    if (jobs.get(key) === job) jobs.delete(key)
  }

  async function make(key: string, job: Job, source: PlayableSource, output: string, tools: FfmpegTools): Promise<void> {
    const chosen = await chooseEncoders(tools)
    if (!chosen) {
      job.failed = 'This ffmpeg cannot write WebM (no libvpx encoder): choose another ffmpeg in Settings → Videos.'
      return
    }
    await mkdir(dirname(output), { recursive: true })
    // Named as removeStaleTempFiles knows (<target>.<pid>.partial / .tmp): what a killed app left is swept at the next start.
    const part = `${output}.${process.pid}.partial`
    // A byte range of a file (a motion photo's MP4) is copied out first: ffmpeg needs a seekable
    // input for an MP4 whose index comes last, and a pipe is not one.
    const extracted = source.offset === 0 ? null : `${output}.source.${process.pid}.tmp`
    try {
      if (extracted) await copyRange(source, extracted)
      // Generous: realtime VP8 runs faster than playback on one core; a stuck demuxer still ends.
      const timeoutMs = 120_000 + 4 * (job.durationMs ?? 600_000)
      await runTool(tools.ffmpeg, playableArgs(extracted ?? source.path, part, chosen), {
        signal: job.controller.signal,
        timeoutMs,
        onStdout: (chunk) => {
          const ms = progressMs(chunk.toString('utf8'))
          if (ms !== null) job.doneMs = ms
        },
      })
      await rename(part, output)
      forget(key, job)
    } catch (error) {
      await rm(part, { force: true })
      if (error instanceof FfmpegError && error.kind === 'aborted') return forget(key, job)
      job.failed = error instanceof FfmpegError ? `ffmpeg could not convert it: ${lastLines(error.stderr) || error.message}` : String(error)
      deps.log(`playable copy of ${source.path} failed: ${job.failed}`)
    } finally {
      if (extracted) await rm(extracted, { force: true })
    }
  }

  return {
    /**
     * The state of the copy of `sha256`'s part; starts making it when there is none. `durationMs`
     * (when known) turns ffmpeg's position into a fraction.
     */
    request(sha256: string, part: PlayablePart, source: PlayableSource, durationMs: number | null): PlayableCopy {
      const output = playablePath(deps.cacheDir, sha256, part)
      if (existsSync(output)) return { state: 'ready' }
      const key = `${sha256}:${part}`
      const running = jobs.get(key)
      if (running) {
        if (running.failed) return { state: 'failed', message: running.failed }
        return { state: 'working', progress: running.durationMs ? Math.min(0.99, running.doneMs / running.durationMs) : null }
      }
      const tools = deps.tools()
      if (!tools) return { state: 'failed', message: 'ffmpeg not found: install ffmpeg (or choose the bundled one in Settings → Videos) to play this video.' }
      const job: Job = { doneMs: 0, durationMs, controller: new AbortController() }
      jobs.set(key, job)
      queue = queue.then(() => (job.controller.signal.aborted ? forget(key, job) : make(key, job, source, output, tools)))
      return { state: 'working', progress: durationMs ? 0 : null }
    },
    /** Stops every copy being made (the app is stopping); their .part files are removed. */
    stop(): void {
      for (const job of jobs.values()) job.controller.abort()
      jobs.clear()
    },
    /** Resolves when every copy asked for so far is made or has failed (for tests and shutdown). */
    settled: () => queue,
  }
}

export type PlayableCopies = ReturnType<typeof createPlayableCopies>

/** Copies [offset, offset + length) of a file to `to`. */
async function copyRange(source: PlayableSource, to: string): Promise<void> {
  const input = await open(source.path, 'r')
  try {
    const output = await open(to, 'w')
    try {
      const chunk = Buffer.allocUnsafe(1 << 20)
      for (let done = 0; done < source.length; ) {
        const { bytesRead } = await input.read(chunk, 0, Math.min(chunk.length, source.length - done), source.offset + done)
        if (bytesRead === 0) throw new Error(`${source.path} ends before its motion part does`)
        await output.write(chunk, 0, bytesRead)
        done += bytesRead
      }
    } finally {
      await output.close()
    }
  } catch (error) {
    await rm(to, { force: true })
    throw error
  } finally {
    await input.close()
  }
}
