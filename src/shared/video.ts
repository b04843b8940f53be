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

/** What ffprobe read of a video's streams (the info panel's "Video" line). */
export interface VideoFacts {
  /** ffprobe's codec names: "h264", "hevc", "vp9"… ; null when there is no such stream. */
  videoCodec: string | null
  audioCodec: string | null
  frameRate: number | null
}

const CODEC_NAMES: Record<string, string> = {
  h264: 'H.264',
  hevc: 'HEVC',
  av1: 'AV1',
  vp8: 'VP8',
  vp9: 'VP9',
  mpeg4: 'MPEG-4',
  mpeg2video: 'MPEG-2',
  mpeg1video: 'MPEG-1',
  h263: 'H.263',
  mjpeg: 'Motion JPEG',
  prores: 'ProRes',
  msmpeg4v2: 'MS MPEG-4 v2',
  msmpeg4v3: 'MS MPEG-4 v3',
  aac: 'AAC',
  mp3: 'MP3',
  opus: 'Opus',
  vorbis: 'Vorbis',
  ac3: 'AC-3',
  eac3: 'E-AC-3',
  alac: 'ALAC',
  flac: 'FLAC',
  amr_nb: 'AMR',
  amr_wb: 'AMR-WB',
}

/** A codec as people name it: "H.264", "AAC"; PCM variants are "PCM"; others as ffprobe says, upper-cased. */
export function codecName(codec: string): string {
  return CODEC_NAMES[codec] ?? (codec.startsWith('pcm_') ? 'PCM' : codec.toUpperCase())
}

/** "0:05 · H.264 · 29.97 fps · AAC sound" ("no sound" without an audio stream); null when nothing is known. */
export function formatVideoFacts(durationMs: number | null, facts: VideoFacts): string | null {
  if (durationMs === null && facts.videoCodec === null && facts.frameRate === null) return null
  const parts: string[] = []
  if (durationMs !== null) parts.push(formatDuration(durationMs))
  if (facts.videoCodec) parts.push(codecName(facts.videoCodec))
  if (facts.frameRate !== null && Number.isFinite(facts.frameRate) && facts.frameRate > 0) {
    parts.push(`${Math.round(facts.frameRate * 100) / 100} fps`)
  }
  parts.push(facts.audioCodec ? `${codecName(facts.audioCodec)} sound` : 'no sound')
  return parts.join(' · ')
}

/**
 * A copy of a video (or of a photo's motion part) that the window can play, made on request when the
 * original's format or codec is one the browser engine cannot decode (see src/main/video/playable.ts).
 * progress: 0..1 while it is made, null when the length is not known.
 */
export type PlayableCopy = { state: 'ready' } | { state: 'working'; progress: number | null } | { state: 'failed'; message: string }

export const PlayableInput = z.object({ assetId: z.number().int().positive(), part: z.enum(['video', 'motion']).default('video') }).strict()
