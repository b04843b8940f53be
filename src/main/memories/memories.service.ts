// Memories (issue 13): "On this day", the photos of a calendar day in the years before it.
import type { MemoriesRepository } from '../catalog'
import { ON_THIS_DAY_PER_YEAR, type OnThisDay, type OnThisDayYear } from '../../shared/memories'

export interface MemoriesDeps {
  memories: MemoriesRepository
  /** The clock that says what "today" is when the caller gives no date (a test hook). */
  now?: () => Date
}

/** 'yyyy-mm-dd' of a moment in this process's local time zone: the user's calendar day. */
export function localDate(moment: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

export function createMemoriesService({ memories, now = () => new Date() }: MemoriesDeps) {
  return {
    /**
     * Photos of `date`'s month and day (default: today, local) in each earlier year, grouped by year.
     * On 28 Feb of a year without a 29th, that day's photos of leap years come too (else they would
     * show only once in four years); on a 29 Feb, only the 29ths.
     */
    onThisDay(date?: string): OnThisDay {
      const day = date ?? localDate(now())
      const year = Number(day.slice(0, 4))
      const md = day.slice(5)
      const monthDays = md === '02-28' && !isLeap(year) ? ['02-28', '02-29'] : [md]
      const { photos, counts } = memories.onDays(monthDays, new Date(0).setUTCFullYear(year, 0, 1), ON_THIS_DAY_PER_YEAR)
      const years = new Map<number, OnThisDayYear>()
      for (const { year: y, day: photoDay, summary } of photos) {
        let entry = years.get(y)
        if (!entry) {
          entry = { year: y, yearsAgo: year - y, date: photoDay, count: counts.get(y) ?? 0, photos: [] }
          years.set(y, entry)
        }
        entry.photos.push(summary)
      }
      return { date: day, years: [...years.values()] }
    },
  }
}

export type MemoriesService = ReturnType<typeof createMemoriesService>
