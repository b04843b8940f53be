import { extname } from 'node:path'

/** Video containers the scanner and watcher pick up (the content is then checked by ffprobe). */
export const VIDEO_EXTENSIONS = ['mp4', 'mov', 'm4v', '3gp', 'webm', 'avi', 'mkv'] as const

const VIDEO_EXTENSION_SET: ReadonlySet<string> = new Set(VIDEO_EXTENSIONS)

/** True for paths whose extension (case-insensitive) names a supported video container. */
export function isVideoPath(path: string): boolean {
  return VIDEO_EXTENSION_SET.has(extname(path).slice(1).toLowerCase())
}

const MIME_BY_EXTENSION: Readonly<Record<(typeof VIDEO_EXTENSIONS)[number], string>> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  m4v: 'video/x-m4v',
  '3gp': 'video/3gpp',
  webm: 'video/webm',
  avi: 'video/x-msvideo',
  mkv: 'video/x-matroska',
}

/** The MIME type a video file is served with (the browser picks its demuxer from it). */
export function videoMimeOf(path: string): string | null {
  const ext = extname(path).slice(1).toLowerCase()
  return VIDEO_EXTENSION_SET.has(ext) ? MIME_BY_EXTENSION[ext as (typeof VIDEO_EXTENSIONS)[number]] : null
}
