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
