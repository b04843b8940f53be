import { afterEach, describe, expect, it } from 'vitest'
import { parseExifDateTime } from './exif-date'

describe('parseExifDateTime', () => {
  const originalTz = process.env.TZ
  afterEach(() => {
    process.env.TZ = originalTz
  })

  it('keeps the literal camera time and reads offset-less times as UTC for sorting', () => {
    expect(parseExifDateTime('2013:02:06 16:00:03')).toEqual({
      iso: '2013-02-06T16:00:03',
      epochMs: Date.parse('2013-02-06T16:00:03Z'),
      hasOffset: false,
    })
  })

  it('does not depend on the process time zone', () => {
    for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles', 'UTC']) {
      process.env.TZ = tz
      expect(parseExifDateTime('2021:07:01 23:30:00', '5', '+02:00')).toEqual({
        iso: '2021-07-01T23:30:00.500+02:00',
        epochMs: Date.parse('2021-07-01T21:30:00.500Z'),
        hasOffset: true,
      })
    }
  })

  it('applies sub-seconds and negative or half-hour offsets', () => {
    expect(parseExifDateTime('2004:05:22 09:32:21', '70')?.iso).toBe('2004-05-22T09:32:21.700')
    expect(parseExifDateTime('2004:05:22 09:32:21', '070')?.iso).toBe('2004-05-22T09:32:21.070')
    expect(parseExifDateTime('2004:05:22 09:32:21', '123456')?.iso).toBe('2004-05-22T09:32:21.123')
    expect(parseExifDateTime('2017:04:24 17:46:13', undefined, '-07:00')?.epochMs).toBe(Date.parse('2017-04-25T00:46:13Z'))
    expect(parseExifDateTime('2020:01:01 00:10:00', undefined, '+05:30')).toMatchObject({
      iso: '2020-01-01T00:10:00+05:30',
      epochMs: Date.parse('2019-12-31T18:40:00Z'),
    })
  })

  it('ignores unusable offsets and sub-seconds', () => {
    expect(parseExifDateTime('2020:01:01 10:00:00', '  ', '   :  ')?.iso).toBe('2020-01-01T10:00:00')
    expect(parseExifDateTime('2020:01:01 10:00:00', 'ab', '+25:00')?.iso).toBe('2020-01-01T10:00:00')
  })

  it('rejects blank, zeroed and impossible dates', () => {
    for (const value of ['', '    :  :     :  :  ', '0000:00:00 00:00:00', '2013:05:26 16:05:92', '2021:04:31 10:00:00', '2021:13:01 10:00:00', 'yesterday', 42, null, undefined]) {
      expect(parseExifDateTime(value)).toBeNull()
    }
  })

  it('accepts dash-separated dates some software writes', () => {
    expect(parseExifDateTime('2019-08-10 12:13:14')?.iso).toBe('2019-08-10T12:13:14')
  })
})
