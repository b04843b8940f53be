// Keyframes: frames at scene changes, which the AI stages read like photos so that search and
// people reach into videos. ffmpeg's scene score (select='gt(scene,T)') compares each frame with the
// one before; one decoding pass writes every frame over the threshold as a small JPEG, then the cap
// keeps the strongest changes per minute (a fast-cut clip would otherwise yield hundreds).
import { mkdir, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { run } from './poster'
import type { FfmpegTools } from './ffmpeg'

export const SCENE_THRESHOLD = 0.3
export const KEYFRAMES_PER_MINUTE = 6
/** Keyframes are model inputs (224 px) and OCR input: 640 px keeps text legible. */
export const KEYFRAME_MAX_SIDE = 640
/** Scene detection runs on frames this wide: the score barely depends on resolution, decoding cost does. */
const DETECT_WIDTH = 320

export interface SceneFrame {
  atMs: number
  score: number
}

/** Parses `metadata=print` output: "frame:0 pts:15 pts_time:1.5" then "lavfi.scene_score=0.56". */
export function parseSceneLog(text: string): SceneFrame[] {
  const frames: SceneFrame[] = []
  let atMs: number | null = null
  for (const line of text.split(/\r?\n/)) {
    const time = /pts_time:(-?[\d.]+)/.exec(line)
    if (time) {
      atMs = Math.max(0, Math.round(Number(time[1]) * 1000))
      continue
    }
    const score = /lavfi\.scene_score=([\d.]+)/.exec(line)
    if (score && atMs !== null) {
      frames.push({ atMs, score: Number(score[1]) })
      atMs = null
    }
  }
  return frames
}

/** The strongest `perMinute` changes of each minute, in time order. */
export function capPerMinute<T extends SceneFrame>(frames: readonly T[], perMinute = KEYFRAMES_PER_MINUTE): T[] {
  const byMinute = new Map<number, T[]>()
  for (const f of frames) {
    const minute = Math.floor(f.atMs / 60_000)
    byMinute.set(minute, [...(byMinute.get(minute) ?? []), f])
  }
  return [...byMinute.values()].flatMap((list) => [...list].sort((a, b) => b.score - a.score).slice(0, perMinute)).sort((a, b) => a.atMs - b.atMs)
}

export interface ExtractedKeyframe extends SceneFrame {
  /** A JPEG, at most KEYFRAME_MAX_SIDE on its longer side, upright. */
  path: string
}

/**
 * Writes the capped keyframes of a video into `outDir` as `<atMs>.jpg` (one ffmpeg pass; frames
 * over the cap are deleted). `outDir` is emptied first.
 */
export async function extractKeyframes(
  tools: FfmpegTools,
  path: string,
  outDir: string,
  options: { signal?: AbortSignal; timeoutMs?: number; perMinute?: number; threshold?: number } = {},
): Promise<ExtractedKeyframe[]> {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const threshold = options.threshold ?? SCENE_THRESHOLD
  const { stdout } = await run(tools, path, [
    '-v', 'error', '-i', path, '-an', '-sn', '-dn',
    '-vf', `scale=${DETECT_WIDTH}:-2,select='gt(scene,${threshold})',metadata=print:file=-,scale=w='min(${KEYFRAME_MAX_SIDE},iw)':h='min(${KEYFRAME_MAX_SIDE},ih)':force_original_aspect_ratio=decrease`,
    '-vsync', 'vfr', '-q:v', '3', '-f', 'image2', join(outDir, 'f%05d.jpg'),
  ], options)
  const scenes = parseSceneLog(stdout.toString('utf8'))
  const files = (await readdir(outDir)).filter((f) => /^f\d{5}\.jpg$/.test(f)).sort()
  // The n-th printed frame is the n-th written file.
  const all = scenes.slice(0, files.length).map((s, i) => ({ ...s, file: files[i]! }))
  const kept = capPerMinute(all, options.perMinute ?? KEYFRAMES_PER_MINUTE)
  const keep = new Set(kept.map((k) => k.file))
  await Promise.all(files.filter((f) => !keep.has(f)).map((f) => rm(join(outDir, f), { force: true })))
  const out: ExtractedKeyframe[] = []
  for (const k of kept) {
    const target = join(outDir, `${k.atMs}.jpg`)
    await rename(join(outDir, k.file), target)
    out.push({ atMs: k.atMs, score: k.score, path: target })
  }
  return out
}
