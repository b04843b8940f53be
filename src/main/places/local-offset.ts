// UTC offset of an IANA time zone at a local wall-clock time, via the runtime's Intl time zone data.
// Photos without an EXIF OffsetTime only have a wall clock; with the zone at the GPS position this
// gives the offset that was in force when the photo was taken (DST included).

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/

const formatters = new Map<string, Intl.DateTimeFormat>()

function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    } catch {
      throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`)
    }
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** Offset in minutes east of UTC of `timeZone` at the instant `epochMs`. */
export function offsetMinutesAt(timeZone: string, epochMs: number): number {
  const name = offsetFormatter(timeZone)
    .formatToParts(epochMs)
    .find((part) => part.type === 'timeZoneName')?.value
  // 'longOffset' renders "GMT" for UTC itself and "GMT+05:30" / "GMT-09:30" otherwise.
  const match = name === undefined ? null : /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name)
  if (!match) throw new Error(`Unexpected offset text ${JSON.stringify(name)} for ${timeZone}`)
  if (!match[1]) return 0
  const minutes = Number(match[2]) * 60 + Number(match[3])
  return match[1] === '-' ? -minutes : minutes
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

function parseWallClock(wallClockIso: string): number {
  const match = WALL_CLOCK.exec(wallClockIso)
  if (!match) {
    throw new RangeError(`Expected a local wall-clock time like 2019-07-14T12:30:00 (no offset), got ${JSON.stringify(wallClockIso)}`)
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number]
  const utc = new Date(0)
  utc.setUTCFullYear(year, month - 1, day)
  utc.setUTCHours(hour, minute, second, 0)
  // Reject roll-overs such as 2019-02-30 or 25:00 instead of silently moving the date.
  if (utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day || utc.getUTCHours() !== hour || utc.getUTCMinutes() !== minute || utc.getUTCSeconds() !== second) {
    throw new RangeError(`Not a valid date/time: ${JSON.stringify(wallClockIso)}`)
  }
  return utc.getTime()
}

const DAY_MS = 86_400_000

/**
 * The UTC offset ('+02:00', '-09:30', '+00:00') that `timeZone` had at the local time `wallClockIso`
 * (an ISO date-time WITHOUT offset, e.g. EXIF DateTimeOriginal rewritten as 2019-07-14T12:30:00).
 * Times that a DST change skipped or repeated are resolved like Temporal's 'compatible' mode:
 * a skipped time takes the offset before the change, a repeated time its earlier occurrence.
 */
export function localOffsetAt(timeZone: string, wallClockIso: string): string {
  const wallMs = parseWallClock(wallClockIso)
  // The offsets in force a day either side bracket any single transition near this wall clock.
  const before = offsetMinutesAt(timeZone, wallMs - DAY_MS)
  const after = offsetMinutesAt(timeZone, wallMs + DAY_MS)
  const fits = (offset: number): boolean => offsetMinutesAt(timeZone, wallMs - offset * 60_000) === offset
  // Overlap (both fit): 'before' is the earlier instant. Gap (neither fits): 'before' as well.
  if (fits(before)) return formatOffset(before)
  if (fits(after)) return formatOffset(after)
  return formatOffset(before)
}
