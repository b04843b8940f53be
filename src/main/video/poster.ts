// The poster frame: the video's thumbnail, and what the AI stages see of it first.
//
// The first frame is a poor poster: phone videos often open on black (lens cover, a fade-in) or on a
// blurred, flat frame while the camera settles. We sample the first seconds at 2 frames per second
// as tiny grey images and take the EARLIEST frame whose contrast (standard deviation of luma) is at
// least half of the best contrast seen, with a mean brightness that is neither black nor blown out.
// Contrast separates black/flat intro frames from content far better than brightness alone (a dark
// scene with detail keeps its contrast), and "earliest good enough" keeps the poster close to the
// start, where the video's subject usually is, rather than on a random high-detail frame.
import { FfmpegError, runTool, type FfmpegTools } from './ffmpeg'
import { BrokenFileError } from '../ingest'
import { stripPath } from './probe'

/** Seconds of the start that are sampled. */
export const POSTER_WINDOW_S = 10
const SAMPLE_FPS = 2
const SAMPLE_SIDE = 32

export interface FrameStats {
  atMs: number
  /** 0..1 */
  mean: number
  /** 0..1 */
  contrast: number
}

/** Mean and contrast of each sampled frame of the first POSTER_WINDOW_S seconds. */
export async function sampleFrames(tools: FfmpegTools, path: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<FrameStats[]> {
  const { stdout } = await run(tools, path, [
    '-v', 'error', '-t', String(POSTER_WINDOW_S), '-i', path,
    '-an', '-vf', `fps=${SAMPLE_FPS},scale=${SAMPLE_SIDE}:${SAMPLE_SIDE},format=gray`,
    '-f', 'rawvideo', '-',
  ], options)
  const frameBytes = SAMPLE_SIDE * SAMPLE_SIDE
  const stats: FrameStats[] = []
  for (let i = 0; (i + 1) * frameBytes <= stdout.length; i++) {
    const frame = stdout.subarray(i * frameBytes, (i + 1) * frameBytes)
    let sum = 0
    let sumSq = 0
    for (const v of frame) {
      sum += v
      sumSq += v * v
    }
    const mean = sum / frameBytes
    stats.push({ atMs: Math.round((i * 1000) / SAMPLE_FPS), mean: mean / 255, contrast: Math.sqrt(Math.max(0, sumSq / frameBytes - mean * mean)) / 255 })
  }
  return stats
}

/** The chosen poster time (see the header); 0 when every sample is flat (a black video is black). */
export function choosePosterMs(frames: readonly FrameStats[]): number {
  const usable = frames.filter((f) => f.mean > 0.06 && f.mean < 0.94)
  const best = Math.max(0, ...usable.map((f) => f.contrast))
  if (best < 0.02) return 0
  return usable.find((f) => f.contrast >= 0.5 * best)?.atMs ?? 0
}

/**
 * Writes the frame at `atMs` (upright: ffmpeg applies the rotation), scaled to fit `maxSide`, as a
 * PNG at `outPath`.
 */
export async function extractFrame(
  tools: FfmpegTools,
  path: string,
  atMs: number,
  outPath: string,
  maxSide: number,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<void> {
  await run(tools, path, [
    '-v', 'error', '-y', '-ss', (atMs / 1000).toFixed(3), '-i', path,
    '-an', '-frames:v', '1',
    '-vf', `scale=w='min(${maxSide},iw)':h='min(${maxSide},ih)':force_original_aspect_ratio=decrease`,
    '-f', 'image2', '-c:v', 'png', outPath,
  ], options)
}

/** Runs ffmpeg; its refusal of the file is a BrokenFileError with ffmpeg's reason. */
export async function run(tools: FfmpegTools, path: string, args: string[], options: { signal?: AbortSignal; timeoutMs?: number }) {
  try {
    return await runTool(tools.ffmpeg, args, { timeoutMs: options.timeoutMs ?? 120_000, ...(options.signal ? { signal: options.signal } : {}) })
  } catch (error) {
    if (error instanceof FfmpegError && error.kind === 'failed') {
      throw new BrokenFileError('decode-failed', `ffmpeg cannot decode the video: ${stripPath(error.message, path)}`)
    }
    throw error
  }
}
