// Calendar dates without a time zone. Query dates are local calendar days ("14 July 2019" means that
// day wherever the photo was taken), so arithmetic runs on UTC-based Date values used purely as a
// day counter and never touches the machine's time zone.

export interface LocalDate {
  readonly year: number
  readonly month: number // 1-12
  readonly day: number // 1-31
}

/** A half-open range of local days [from, to). */
export interface LocalDateRange {
  readonly from: LocalDate
  readonly to: LocalDate
}

export function localDate(year: number, month: number, day = 1): LocalDate {
  // Normalises overflow (month 13 -> January next year, day 0 -> last day of previous month).
  const t = new Date(0)
  t.setUTCFullYear(year, month - 1, day)
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() }
}

export function todayOf(now: Date): LocalDate {
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() }
}

export const addDays = (date: LocalDate, days: number): LocalDate => localDate(date.year, date.month, date.day + days)

/** Same day of month `months` away, clamped to the target month's length (31 Mar - 1 month = 29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const first = localDate(date.year, date.month + months, 1)
  const lastDay = localDate(first.year, first.month + 1, 0).day
  return { ...first, day: Math.min(date.day, lastDay) }
}

/** 0 = Monday ... 6 = Sunday (ISO 8601 weeks start on Monday). */
export function isoWeekday(date: LocalDate): number {
  const t = new Date(0)
  t.setUTCFullYear(date.year, date.month - 1, date.day)
  return (t.getUTCDay() + 6) % 7
}

export const compareDates = (a: LocalDate, b: LocalDate): number => a.year - b.year || a.month - b.month || a.day - b.day

export const dayRange = (date: LocalDate): LocalDateRange => ({ from: date, to: addDays(date, 1) })
export const monthRange = (year: number, month: number): LocalDateRange => ({ from: localDate(year, month), to: localDate(year, month + 1) })
export const yearRange = (year: number, years = 1): LocalDateRange => ({ from: localDate(year, 1), to: localDate(year + years, 1) })

/** The ISO week (Monday-Sunday) containing `date`. */
export function weekRange(date: LocalDate): LocalDateRange {
  const monday = addDays(date, -isoWeekday(date))
  return { from: monday, to: addDays(monday, 7) }
}

/** Open ends for "before 2010" / "since March": the earliest and latest dates ISO 8601 writes plainly. */
export const BEGINNING_OF_TIME = localDate(1, 1, 1)
export const END_OF_TIME: LocalDate = { year: 9999, month: 12, day: 31 }

export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`
}
