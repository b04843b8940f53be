// Display formatting for photo metadata. Pure functions (no DOM) so they are unit-tested in node.

const UNDATED = 'undated'

// Building an Intl formatter costs far more than using one, and the grid formats thousands of
// labels while scrolling: keep one per locale + options.
const dateFormats = new Map<string, Intl.DateTimeFormat>()
function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`
  let format = dateFormats.get(key)
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)))
  return format
}
const numberFormats = new Map<string, Intl.NumberFormat>()
function numberFormat(locale: string | undefined): Intl.NumberFormat {
  const key = locale ?? ''
  let format = numberFormats.get(key)
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale)))
  return format
}

/** "2021-03" → "March 2021"; 'undated' → "Undated". Unknown shapes are shown as they are. */
export function formatMonthLabel(month: string, locale?: string): string {
  if (month === UNDATED) return 'Undated'
  const match = /^(\d{4})-(\d{2})$/.exec(month)
  if (!match) return month
  const year = Number(match[1])
  const monthIndex = Number(match[2]) - 1
  if (monthIndex < 0 || monthIndex > 11) return month
  // Format in UTC so the viewer's own time zone can never shift the month.
  return dateFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, monthIndex, 1)),
  )
}

export interface ParsedTakenAt {
  /** The wall-clock time the camera recorded, stored as if it were UTC (format it with timeZone UTC). */
  wallClock: Date
  hasTime: boolean
  /** '+02:00', '-05:30', 'Z', or null when the camera recorded no offset (a "floating" local time). */
  offset: string | null
}

const TAKEN_AT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/

/**
 * Splits an ISO 8601 capture time into wall-clock time and offset. We deliberately do NOT convert to
 * the viewer's zone: a photo taken at 15:09 in Tokyo should read 15:09, with "UTC+09:00" beside it.
 */
export function parseTakenAt(iso: string): ParsedTakenAt | null {
  const m = TAKEN_AT.exec(iso.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, s, frac, offset] = m
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0
  const wallClock = new Date(
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms),
  )
  if (Number.isNaN(wallClock.getTime())) return null
  let normalizedOffset: string | null = null
  if (offset === 'Z') normalizedOffset = 'Z'
  else if (offset) normalizedOffset = offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`
  return { wallClock, hasTime: h !== undefined, offset: normalizedOffset }
}

/** "14 March 2021 at 15:09:26 (UTC+02:00)"; the offset part only when the photo carries one. */
export function formatTakenAt(iso: string | null, locale?: string): string | null {
  if (!iso) return null
  const parsed = parseTakenAt(iso)
  if (!parsed) return iso
  const text = dateFormat(locale, {
    dateStyle: 'long',
    ...(parsed.hasTime ? { timeStyle: 'medium' } : {}),
    timeZone: 'UTC',
  }).format(parsed.wallClock)
  if (parsed.offset === null) return text
  return `${text} (${parsed.offset === 'Z' ? 'UTC' : `UTC${parsed.offset}`})`
}

function trimNumber(value: number, maxDecimals: number): string {
  return Number(value.toFixed(maxDecimals)).toString()
}

/** 0.004 → "1/250 s", 2 → "2 s", 0.6 → "0.6 s" (cameras show long fractions as decimals). */
export function formatExposureTime(seconds: number): string | null {
  if (!Number.isFinite(seconds) || seconds <= 0) return null
  if (seconds >= 1) return `${trimNumber(seconds, 1)} s`
  const denominator = 1 / seconds
  const rounded = Math.round(denominator)
  // 1/3 s is really 0.333…; 0.6 s is not 1/2 s. Use a fraction only when it is (nearly) exact.
  if (seconds >= 0.25 && Math.abs(denominator - rounded) / denominator > 0.05) return `${trimNumber(seconds, 2)} s`
  return `1/${rounded} s`
}

export interface ExposureFields {
  exposureTime: number | null
  fNumber: number | null
  iso: number | null
  focalLength: number | null
}

/** "1/250 s · f/2.8 · ISO 100 · 35 mm", skipping what the camera did not record; null if nothing. */
export function formatExposure(fields: ExposureFields): string | null {
  const parts: string[] = []
  const time = fields.exposureTime === null ? null : formatExposureTime(fields.exposureTime)
  if (time) parts.push(time)
  if (fields.fNumber !== null && fields.fNumber > 0) parts.push(`f/${trimNumber(fields.fNumber, 1)}`)
  if (fields.iso !== null && fields.iso > 0) parts.push(`ISO ${Math.round(fields.iso)}`)
  if (fields.focalLength !== null && fields.focalLength > 0) parts.push(`${trimNumber(fields.focalLength, 1)} mm`)
  return parts.length > 0 ? parts.join(' · ') : null
}

/** Camera make + model, without repeating the make when the model already starts with it. */
export function formatCamera(make: string | null, model: string | null): string | null {
  const mk = make?.trim() ?? ''
  const md = model?.trim() ?? ''
  if (!mk && !md) return null
  if (!mk) return md
  if (!md) return mk
  if (md.toLowerCase().startsWith(mk.toLowerCase())) return md
  // "NIKON CORPORATION" + "NIKON D750": the model starts with the make's first word.
  const firstWord = mk.split(/\s+/)[0]?.toLowerCase() ?? ''
  if (firstWord && md.toLowerCase().startsWith(firstWord)) return md
  return `${mk} ${md}`
}

/** Decimal (SI) units like the OS file managers on macOS/Linux: 2 400 000 → "2.4 MB". */
export function formatFileSize(bytes: number | null): string | null {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return null
  if (bytes < 1000) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 'B'
  for (const next of units) {
    if (value < 1000) break
    value /= 1000
    unit = next
  }
  return `${value >= 100 ? Math.round(value) : trimNumber(value, 1)} ${unit}`
}

/** "6000 × 4000 (24 MP)". */
export function formatDimensions(width: number | null, height: number | null): string | null {
  if (!width || !height) return null
  const megapixels = (width * height) / 1_000_000
  const mp = megapixels >= 1 ? ` (${trimNumber(megapixels, 1)} MP)` : ''
  return `${width} × ${height}${mp}`
}

/** "48.85837° N, 2.29448° E · 35 m"; altitude only when known. */
export function formatCoordinates(lat: number | null, lon: number | null, alt: number | null): string | null {
  if (lat === null || lon === null || !Number.isFinite(lat) || !Number.isFinite(lon)) return null
  const latText = `${Math.abs(lat).toFixed(5)}° ${lat >= 0 ? 'N' : 'S'}`
  const lonText = `${Math.abs(lon).toFixed(5)}° ${lon >= 0 ? 'E' : 'W'}`
  const altText = alt !== null && Number.isFinite(alt) ? ` · ${Math.round(alt)} m` : ''
  return `${latText}, ${lonText}${altText}`
}

export function openStreetMapUrl(lat: number, lon: number, zoom = 16): string {
  const la = lat.toFixed(6)
  const lo = lon.toFixed(6)
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${lo}#map=${zoom}/${la}/${lo}`
}

/** Task durations: "850 ms", "1.2 s", "2 min 5 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '–'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${trimNumber(ms / 1000, 1)} s`
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.round((ms % 60_000) / 1000)
  return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`
}

export function formatCount(n: number, locale?: string): string {
  return numberFormat(locale).format(n)
}

export function pluralize(n: number, one: string, many: string, locale?: string): string {
  return `${formatCount(n, locale)} ${n === 1 ? one : many}`
}

/** An instant (file mtime, task time) in the viewer's own time zone: "25 November 2026 at 20:37". */
export function formatInstant(iso: string | null, locale?: string, timeZone?: string): string | null {
  if (!iso) return null
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return null
  return dateFormat(locale, { dateStyle: 'long', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(date)
}

/** "Sylt, Schleswig-Holstein, Germany", skipping unknown parts and a region that repeats the city. */
export function formatPlace(city: string | null, region: string | null, country: string | null): string | null {
  const parts: string[] = []
  for (const part of [city, region, country]) {
    const text = part?.trim()
    if (text && !parts.some((p) => p.toLowerCase() === text.toLowerCase())) parts.push(text)
  }
  return parts.length > 0 ? parts.join(', ') : null
}
