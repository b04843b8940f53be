// What a video's container says, read with ffprobe's JSON output: no frame is decoded here.
import { BrokenFileError } from '../ingest'
import { FfmpegError, runTool, type FfmpegTools } from './ffmpeg'

export interface VideoProbe {
  /** Container format as ffprobe names it ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi"). */
  container: string
  mime: string
  durationMs: number
  /** Display size: after the rotation below (a portrait phone video is taller than wide). */
  width: number
  height: number
  videoCodec: string
  audioCodec: string | null
  /** Frames per second (the stream's average rate, else its base rate); null when unknown. */
  frameRate: number | null
  /** Clockwise degrees the player turns the coded frames: 0, 90, 180 or 270. */
  rotation: 0 | 90 | 180 | 270
  /** Capture time, ISO 8601 with offset (see takenAtFrom), or null. */
  takenAt: string | null
  /** Where takenAt came from. */
  takenAtSource: 'com.apple.quicktime.creationdate' | 'creation_time' | null
  lat: number | null
  lon: number | null
  alt: number | null
  make: string | null
  model: string | null
}

interface ProbeStream {
  codec_type?: string
  codec_name?: string
  width?: number
  height?: number
  avg_frame_rate?: string
  r_frame_rate?: string
  duration?: string
  tags?: Record<string, string>
  side_data_list?: { side_data_type?: string; rotation?: number }[]
  disposition?: { attached_pic?: number }
}

interface ProbeJson {
  streams?: ProbeStream[]
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> }
}

const MIME_BY_CONTAINER: [RegExp, (ext: string) => string][] = [
  [/^mov,mp4/, (ext) => (ext === 'mov' ? 'video/quicktime' : ext === '3gp' ? 'video/3gpp' : ext === 'm4v' ? 'video/x-m4v' : 'video/mp4')],
  [/^matroska,webm/, (ext) => (ext === 'webm' ? 'video/webm' : 'video/x-matroska')],
  [/^avi/, () => 'video/x-msvideo'],
]

/** Runs ffprobe on a file. A file ffprobe cannot read, or that holds no video, is a BrokenFileError. */
export async function probeVideo(tools: FfmpegTools, path: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<VideoProbe> {
  let stdout: Buffer
  try {
    ;({ stdout } = await runTool(tools.ffprobe, ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path], {
      timeoutMs: options.timeoutMs ?? 30_000,
      ...(options.signal ? { signal: options.signal } : {}),
    }))
  } catch (error) {
    if (error instanceof FfmpegError && error.kind === 'failed') {
      throw new BrokenFileError('decode-failed', `Not a readable video: ${stripPath(error.message, path)}`)
    }
    throw error
  }
  return parseProbe(JSON.parse(stdout.toString('utf8')) as ProbeJson, path)
}

/** ffprobe prefixes its messages with the path: the user knows which file it is. */
export function stripPath(message: string, path: string): string {
  // "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x2529b200] moov atom not found": the demuxer's address says nothing to a user.
  return message.split(`${path}: `).join('').replace(/\[[^\]]* @ 0x[0-9a-f]+\]\s*/g, '')
}

/** The facts of an ffprobe JSON answer (exported for tests on recorded answers). */
export function parseProbe(json: ProbeJson, path: string): VideoProbe {
  const streams = json.streams ?? []
  // Cover art in an MP4/MKV is a "video" stream with attached_pic: not the video.
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic)
  if (!video || !video.width || !video.height) throw new BrokenFileError('unsupported', 'The file holds no video stream')
  const audio = streams.find((s) => s.codec_type === 'audio')
  const format = json.format ?? {}
  const tags = lowerKeys({ ...(video.tags ?? {}), ...(format.tags ?? {}) })
  const durationS = Number(format.duration ?? video.duration)
  const rotation = rotationOf(video)
  const turned = rotation === 90 || rotation === 270
  const location = parseIso6709(tags['com.apple.quicktime.location.iso6709'] ?? tags['location'] ?? tags['location-eng'] ?? '')
  const taken = takenAtFrom(tags)
  const ext = path.split('.').pop()?.toLowerCase() ?? ''
  const container = format.format_name ?? ''
  return {
    container,
    mime: MIME_BY_CONTAINER.find(([re]) => re.test(container))?.[1](ext) ?? `video/${ext || 'unknown'}`,
    durationMs: Number.isFinite(durationS) && durationS > 0 ? Math.round(durationS * 1000) : 0,
    width: turned ? video.height : video.width,
    height: turned ? video.width : video.height,
    videoCodec: video.codec_name ?? 'unknown',
    audioCodec: audio?.codec_name ?? null,
    frameRate: rate(video.avg_frame_rate) ?? rate(video.r_frame_rate),
    rotation,
    takenAt: taken?.takenAt ?? null,
    takenAtSource: taken?.source ?? null,
    lat: location?.lat ?? null,
    lon: location?.lon ?? null,
    alt: location?.alt ?? null,
    make: tags['com.apple.quicktime.make'] ?? tags['make'] ?? tags['com.android.manufacturer'] ?? null,
    model: tags['com.apple.quicktime.model'] ?? tags['model'] ?? tags['com.android.model'] ?? null,
  }
}

function lowerKeys(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]))
}

/** "30000/1001" → 29.97; "0/0" → null. */
function rate(value: string | undefined): number | null {
  const m = /^(\d+)\/(\d+)$/.exec(value ?? '')
  if (!m || Number(m[2]) === 0 || Number(m[1]) === 0) return null
  return Math.round((Number(m[1]) / Number(m[2])) * 1000) / 1000
}

/**
 * ffprobe reports the display matrix as a counter-clockwise angle ("rotation": -90 for a phone
 * held upright); older files carry a clockwise "rotate" tag instead.
 */
function rotationOf(stream: ProbeStream): 0 | 90 | 180 | 270 {
  const matrix = stream.side_data_list?.find((d) => d.side_data_type === 'Display Matrix' && typeof d.rotation === 'number')
  const clockwise = matrix ? -(matrix.rotation ?? 0) : Number(stream.tags?.rotate ?? 0)
  const normalized = ((Math.round(clockwise / 90) * 90) % 360 + 360) % 360
  return normalized as 0 | 90 | 180 | 270
}

/**
 * ISO 6709 as phones write it: "+48.8584+002.2945+035.000/" (degrees), or with DDMM(.mm) /
 * DDMMSS(.ss) integer parts for latitude (DDDMM / DDDMMSS for longitude). Null when unreadable or
 * when both are exactly 0 (a camera with no fix writes that).
 */
export function parseIso6709(value: string): { lat: number; lon: number; alt: number | null } | null {
  const m = /^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?/.exec(value.trim())
  if (!m) return null
  const lat = sexagesimal(m[1]!, 2)
  const lon = sexagesimal(m[2]!, 3)
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) return null
  return { lat, lon, alt: m[3] ? Number(m[3]) : null }
}

function sexagesimal(text: string, degreeDigits: number): number | null {
  const sign = text.startsWith('-') ? -1 : 1
  const [int = '', frac = ''] = text.slice(1).split('.')
  const fraction = frac ? Number(`0.${frac}`) : 0
  let value: number
  if (int.length <= degreeDigits) value = Number(int) + fraction
  else if (int.length === degreeDigits + 2) value = Number(int.slice(0, degreeDigits)) + (Number(int.slice(degreeDigits)) + fraction) / 60
  else if (int.length === degreeDigits + 4)
    value = Number(int.slice(0, degreeDigits)) + Number(int.slice(degreeDigits, degreeDigits + 2)) / 60 + (Number(int.slice(degreeDigits + 2)) + fraction) / 3600
  else return null
  return Number.isFinite(value) ? sign * value : null
}

/**
 * The capture time. Apple's creationdate is the local wall clock with its offset, as a photo's
 * EXIF date is: taken as is. The container's creation_time is UTC by the MP4 spec, so it is turned
 * into this machine's local time with its offset (as a file's mtime is for photos without a date);
 * the zero dates muxers write when they know nothing (1904, 1970) are no date.
 */
export function takenAtFrom(tags: Record<string, string>): { takenAt: string; source: 'com.apple.quicktime.creationdate' | 'creation_time' } | null {
  const apple = tags['com.apple.quicktime.creationdate']
  const m = apple ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(apple) : null
  if (m) {
    const zone = m[3] === undefined ? '' : m[3] === 'Z' ? '+00:00' : m[3].includes(':') ? m[3] : `${m[3].slice(0, 3)}:${m[3].slice(3)}`
    return { takenAt: `${m[1]}T${m[2]}${zone}`, source: 'com.apple.quicktime.creationdate' }
  }
  const utc = tags['creation_time']
  const ms = utc ? Date.parse(utc) : NaN
  if (!Number.isFinite(ms) || new Date(ms).getUTCFullYear() <= 1970) return null
  return { takenAt: localIso(ms), source: 'creation_time' }
}

function localIso(ms: number): string {
  const offsetMin = -new Date(ms).getTimezoneOffset()
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19)
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}
