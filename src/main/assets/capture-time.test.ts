import { describe, expect, it } from 'vitest'
import { monthOf } from '../catalog'
import { wallClockMs } from './capture-time'

describe('wallClockMs', () => {
  it('keeps the local time of the shot whatever its offset', () => {
    expect(new Date(wallClockMs('2019-07-14T19:05:30+09:00')!).toISOString()).toBe('2019-07-14T19:05:30.000Z')
    expect(new Date(wallClockMs('2019-07-14T19:05:30')!).toISOString()).toBe('2019-07-14T19:05:30.000Z')
    expect(new Date(wallClockMs('2008-10-22 16:29:49.12')!).toISOString()).toBe('2008-10-22T16:29:49.120Z')
  })
  it('groups a New Year\'s Eve photo in December, not in the UTC month', () => {
    expect(monthOf(wallClockMs('2020-12-31T23:30:00-05:00')!)).toBe('2020-12')
  })
  it('rejects what is not a date', () => {
    expect(wallClockMs('yesterday')).toBeNull()
  })
})
