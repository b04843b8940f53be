// Pure rules of the batch edit dialogs (date/time, place): what the user typed -> the contract's
// input, or a message saying what is wrong. The server validates again; these give the message early.

export type DateEdit = { mode: 'set'; takenAt: string } | { mode: 'shift'; days: number; hours: number; minutes: number }

export type PlaceEdit = { mode: 'set'; lat: number; lon: number; label?: string } | { mode: 'clear' } | { mode: 'original' }

export interface ShiftFields {
  days: string
  hours: string
  minutes: string
  /** Later (+) or earlier (-). */
  direction: 1 | -1
}

function wholeNumber(text: string): number | null {
  const t = text.trim()
  if (t === '') return 0
  if (!/^\d+$/.test(t)) return null
  return Number(t)
}

/** A shift from the form, or why not. Zero in all fields is no shift. */
export function parseShift(fields: ShiftFields): DateEdit | string {
  const days = wholeNumber(fields.days)
  const hours = wholeNumber(fields.hours)
  const minutes = wholeNumber(fields.minutes)
  if (days === null || hours === null || minutes === null) return 'Days, hours and minutes are whole numbers'
  if (days === 0 && hours === 0 && minutes === 0) return 'Enter how far to move the time'
  if (days > 36_600) return 'At most 100 years: set the date instead'
  const d = fields.direction
  // -0 would read as a shift in JSON all the same, but keeps tests exact.
  return { mode: 'shift', days: days === 0 ? 0 : d * days, hours: hours === 0 ? 0 : d * hours, minutes: minutes === 0 ? 0 : d * minutes }
}

/** A date and time from a datetime-local field ("2019-07-14T19:05"), checked to be a real day. */
export function parseSetDate(value: string): DateEdit | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim())
  if (!m) return 'Choose a date and a time'
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00Z`)
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 16) !== `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`) return 'That day does not exist'
  return { mode: 'set', takenAt: value.trim() }
}

/** How a shift reads in a toast or a button: "3 days 2 hours later". */
export function describeShift(edit: { days: number; hours: number; minutes: number }): string {
  const parts: string[] = []
  const unit = (n: number, one: string, many: string) => `${Math.abs(n)} ${Math.abs(n) === 1 ? one : many}`
  if (edit.days) parts.push(unit(edit.days, 'day', 'days'))
  if (edit.hours) parts.push(unit(edit.hours, 'hour', 'hours'))
  if (edit.minutes) parts.push(unit(edit.minutes, 'minute', 'minutes'))
  const total = edit.days * 1440 + edit.hours * 60 + edit.minutes
  return `${parts.join(' ')} ${total < 0 ? 'earlier' : 'later'}`
}

export interface Coordinates {
  lat: number
  lon: number
}

/**
 * Coordinates as people paste them: "55.0388, 8.4572", "55.0388 8.4572", "55.0388° N, 8.4572° E",
 * "40.7N 74.0W". South and west make the number negative.
 */
export function parseCoordinates(text: string): Coordinates | string {
  const t = text.trim().toUpperCase().replace(/°/g, ' ')
  if (!t) return 'Enter a latitude and a longitude'
  const re = /([+-]?\d+(?:\.\d+)?)\s*([NSEW])?/g
  const values: { n: number; hemi: string | undefined }[] = []
  for (const m of t.matchAll(re)) values.push({ n: Number(m[1]), hemi: m[2] })
  const rest = t.replace(re, '').replace(/[\s,;]/g, '')
  if (values.length !== 2 || rest !== '') return 'Write it as latitude, longitude (e.g. 48.8584, 2.2945)'
  let [a, b] = values as [{ n: number; hemi: string | undefined }, { n: number; hemi: string | undefined }]
  // "8.4 E, 55.0 N": the one marked N or S is the latitude.
  if ((a.hemi === 'E' || a.hemi === 'W') && (b.hemi === 'N' || b.hemi === 'S')) [a, b] = [b, a]
  if (a.hemi === 'E' || a.hemi === 'W' || b.hemi === 'N' || b.hemi === 'S') return 'Latitude first (N/S), then longitude (E/W)'
  const lat = a.hemi === 'S' ? -Math.abs(a.n) : a.n
  const lon = b.hemi === 'W' ? -Math.abs(b.n) : b.n
  if (Math.abs(lat) > 90) return 'Latitude is between -90 and 90'
  if (Math.abs(lon) > 180) return 'Longitude is between -180 and 180'
  return { lat, lon }
}
