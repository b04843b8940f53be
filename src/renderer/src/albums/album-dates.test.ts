import { describe, expect, it } from 'vitest'
import { formatDayRange } from './album-dates'

describe('formatDayRange', () => {
  it('says one day once, and a range with its shared parts once', () => {
    expect(formatDayRange('2013-05-10', '2013-05-10', 'en-GB')).toBe('10 May 2013')
    expect(formatDayRange('2013-05-03', '2013-05-10', 'en-GB')).toMatch(/^3\s?–\s?10 May 2013$/)
    expect(formatDayRange('2013-01-13', '2013-05-10', 'en-GB')).toMatch(/^13 Jan\s?–\s?10 May 2013$/)
    expect(formatDayRange('2006-06-13', '2013-05-10', 'en-GB')).toMatch(/^13 Jun 2006\s?–\s?10 May 2013$/)
  })
  it('takes the days in either order; the last day of a year stays in it', () => {
    expect(formatDayRange('2013-12-31', '2013-12-31', 'en-GB')).toBe('31 Dec 2013')
    expect(formatDayRange('2013-05-10', '2006-06-13', 'en-GB')).toMatch(/^13 Jun 2006\s?–\s?10 May 2013$/)
  })
})
