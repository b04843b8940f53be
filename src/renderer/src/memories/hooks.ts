// "On this day" over the contract. The key sits under the library's, so 'library.changed' (an
// import, a date edit, trash, hide, undo) refetches it.
import { useEffect, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { queryKeys, useApi } from '../api'

export const memoryKeys = {
  onThisDay: (date: string) => [...queryKeys.library(), 'memories', 'on-this-day', date] as const,
}

/** 'yyyy-mm-dd' of a moment in the user's time zone: the renderer's calendar day is the user's. */
export function localDate(moment: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`
}

/** Today's local date, moving on at midnight (checked each minute: an open window should not show yesterday's memories). */
export function useToday(): string {
  const [today, setToday] = useState(() => localDate(new Date()))
  useEffect(() => {
    const timer = setInterval(() => setToday(localDate(new Date())), 60_000)
    return () => clearInterval(timer)
  }, [])
  return today
}

export function useOnThisDay(date: string) {
  const api = useApi()
  return useQuery({ queryKey: memoryKeys.onThisDay(date), queryFn: () => api.invoke('memories.onThisDay', { date }) })
}
