import { describe, expect, it } from 'vitest'
import { localOffsetAt } from './local-offset'

describe('localOffsetAt', () => {
  it('follows daylight saving time in both hemispheres', () => {
    expect(localOffsetAt('Europe/Paris', '2019-07-14T12:00:00')).toBe('+02:00')
    expect(localOffsetAt('Europe/Paris', '2019-01-14T12:00:00')).toBe('+01:00')
    expect(localOffsetAt('Australia/Sydney', '2020-01-01T09:00')).toBe('+11:00')
    expect(localOffsetAt('Australia/Sydney', '2020-07-01 09:00:00')).toBe('+10:00')
  })

  it('handles half-hour, negative and zero offsets', () => {
    expect(localOffsetAt('Asia/Kolkata', '2021-03-01T08:00:00')).toBe('+05:30')
    expect(localOffsetAt('America/St_Johns', '2021-07-01T08:00:00')).toBe('-02:30')
    expect(localOffsetAt('Etc/GMT+3', '2021-07-01T08:00:00')).toBe('-03:00')
    expect(localOffsetAt('UTC', '2021-07-01T08:00:00.123')).toBe('+00:00')
  })

  it('uses the rules of the photo’s year, not today’s', () => {
    // Indianapolis kept EST all year until 2006.
    expect(localOffsetAt('America/Indiana/Indianapolis', '2005-07-01T12:00:00')).toBe('-05:00')
    expect(localOffsetAt('America/Indiana/Indianapolis', '2007-07-01T12:00:00')).toBe('-04:00')
  })

  it('resolves wall-clock times around DST changes', () => {
    // Europe, 31 March 2019: 02:00 -> 03:00. 01:59 is still winter time, 03:00 summer time.
    expect(localOffsetAt('Europe/Berlin', '2019-03-31T01:59:00')).toBe('+01:00')
    expect(localOffsetAt('Europe/Berlin', '2019-03-31T03:00:00')).toBe('+02:00')
    // 02:30 never happened: the offset before the change (Temporal 'compatible').
    expect(localOffsetAt('Europe/Berlin', '2019-03-31T02:30:00')).toBe('+01:00')
    // 27 October 2019: 03:00 -> 02:00, so 02:30 happened twice; the earlier one was summer time.
    expect(localOffsetAt('Europe/Berlin', '2019-10-27T02:30:00')).toBe('+02:00')
    expect(localOffsetAt('Europe/Berlin', '2019-10-27T03:30:00')).toBe('+01:00')
  })

  it('rejects unknown zones and anything that is not a plain wall-clock time', () => {
    expect(() => localOffsetAt('Mars/Olympus_Mons', '2019-07-14T12:00:00')).toThrow(/Unknown time zone/)
    expect(() => localOffsetAt('Europe/Paris', '2019-07-14T12:00:00+02:00')).toThrow(RangeError)
    expect(() => localOffsetAt('Europe/Paris', '2019-02-30T12:00:00')).toThrow(/Not a valid/)
    expect(() => localOffsetAt('Europe/Paris', 'yesterday')).toThrow(RangeError)
  })
})
