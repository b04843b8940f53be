// Video facts both sides agree on (no node/DOM imports).
import { z } from 'zod'

/** Settings → Videos: which ffmpeg runs (the bundled build, or the user's own on PATH). */
export const VideoSettings = z.object({ ffmpeg: z.enum(['bundled', 'system']) }).strict()
export type VideoSettings = z.infer<typeof VideoSettings>
export const DEFAULT_VIDEO_SETTINGS: VideoSettings = { ffmpeg: 'bundled' }

/** The ffmpeg videos are analysed with now; null when none was found (videos are listed unanalysed). */
export interface FfmpegInUse {
  source: 'bundled' | 'system'
  path: string
}

/** "0:03", "12:40", "1:02:03"; "Video" when the duration is not known (not probed yet, no ffmpeg). */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return 'Video'
  // Rounded up below a second so a 0.4 s clip does not read "0:00".
  const total = ms > 0 && ms < 1000 ? 1 : Math.round(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/**
 * A copy of a video (or of a photo's motion part) that the window can play, made on request when the
 * original's format or codec is one the browser engine cannot decode (see src/main/video/playable.ts).
 * progress: 0..1 while it is made, null when the length is not known.
 */
export type PlayableCopy = { state: 'ready' } | { state: 'working'; progress: number | null } | { state: 'failed'; message: string }

export const PlayableInput = z.object({ assetId: z.number().int().positive(), part: z.enum(['video', 'motion']).default('video') }).strict()
