// Memories (issue 13): "On this day", the photos of this calendar day in earlier years. Types and
// input schemas shared by main and renderer (the contract's `memories.*`). Pure TypeScript + zod.
import { z } from 'zod'
import type { AssetSummary } from './domain'

/** Photos of one year that a year's card carries (the viewer walks them); `count` says how many there are in all. */
export const ON_THIS_DAY_PER_YEAR = 200

export interface OnThisDayYear {
  year: number
  /** How many years before the asked-for date (1 or more). */
  yearsAgo: number
  /** The day in that year, 'yyyy-mm-dd' (its first photo's: a 29 Feb shown on 28 Feb keeps its own). */
  date: string
  count: number
  /** Oldest first, as the day went; at most ON_THIS_DAY_PER_YEAR. */
  photos: AssetSummary[]
}

export interface OnThisDay {
  /** The day asked for, 'yyyy-mm-dd'. */
  date: string
  /** Newest year first; empty when no earlier year has photos of this day. */
  years: OnThisDayYear[]
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd')
  .refine((d) => {
    const ms = Date.parse(`${d}T00:00:00Z`)
    return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === d
  }, 'not a calendar day')

export const MemoriesInputs = {
  /**
   * Photos taken on this month and day in years before `date`'s (the caller's local date: the
   * renderer passes its own, so a test or another zone asks for any day); main's local date when absent.
   * Hidden and trashed photos are left out; edited dates count.
   */
  onThisDay: z.object({ date: isoDate.optional() }).strict(),
}

const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'June', 'July', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "3 years ago · 6 Dec 2023", "Last year · 6 Dec 2025". */
export function onThisDayLabel(year: Pick<OnThisDayYear, 'yearsAgo' | 'date'>): string {
  const [y, m, d] = year.date.split('-').map(Number) as [number, number, number]
  const ago = year.yearsAgo === 1 ? 'Last year' : `${year.yearsAgo} years ago`
  return `${ago} · ${d} ${SHORT[m - 1]} ${y}`
}
