// EXIF stores wall-clock times as "YYYY:MM:DD HH:MM:SS" with no zone; the zone, when known, lives in a
// separate OffsetTime* tag (EXIF 2.31+). We parse the literal text ourselves instead of letting exifr
// build Date objects, because those are interpreted in the *process* time zone and would shift the
// camera's clock by the importer's TZ.

export interface ExifDateTime {
  /** ISO 8601, e.g. 2013-02-06T16:00:03 or 2013-02-06T16:00:03.700+02:00. */
  iso: string
  /** Epoch ms for sorting. Times without an offset are treated as UTC. */
  epochMs: number
  hasOffset: boolean
}

const DATE_TIME = /^\s*(\d{4})[:\-/](\d{2})[:\-/](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/
const OFFSET = /^\s*([+-])(\d{2}):?(\d{2})\s*$/
/** Real-world offsets run from -12:00 to +14:00. */
const MAX_OFFSET_MINUTES = 14 * 60

const pad = (value: number, width = 2): string => String(value).padStart(width, '0')

/**
 * Parses an EXIF date/time with its optional SubSecTime* and OffsetTime* companions.
 * Returns null for blank, zeroed ("0000:00:00 00:00:00") or impossible values (e.g. second 92).
 */
export function parseExifDateTime(value: unknown, subSec?: unknown, offset?: unknown): ExifDateTime | null {
  if (typeof value !== 'string') return null
  const match = DATE_TIME.exec(value)
  if (!match) return null
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => Number(part ?? 0))
  if (year < 1800 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null
  const wallClockMs = Date.UTC(year, month - 1, day, hour, minute, second)
  // Date.UTC rolls 31 April over to 1 May; reject instead of silently moving the photo.
  if (new Date(wallClockMs).getUTCDate() !== day) return null

  const millis = parseSubSecond(subSec)
  const offsetMinutes = parseOffset(offset)
  let iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`
  if (millis !== null) iso += `.${pad(millis, 3)}`
  if (offsetMinutes !== null) iso += formatOffset(offsetMinutes)
  return {
    iso,
    epochMs: wallClockMs + (millis ?? 0) - (offsetMinutes ?? 0) * 60_000,
    hasOffset: offsetMinutes !== null,
  }
}

/** SubSecTime is the digits after the decimal point: "7" = 0.7 s, "070" = 0.07 s. */
function parseSubSecond(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : ''
  if (!/^\d+$/.test(text)) return null
  // Milliseconds from the first three digits, without floating-point rounding ("29" → 290).
  return Number(text.padEnd(3, '0').slice(0, 3))
}

function parseOffset(value: unknown): number | null {
  if (typeof value !== 'string') return null
  const match = OFFSET.exec(value)
  if (!match) return null
  const [, sign, hours, minutes] = match
  const total = Number(hours) * 60 + Number(minutes)
  if (Number(minutes) > 59 || total > MAX_OFFSET_MINUTES) return null
  return sign === '-' ? -total : total
}

function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes)
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}
