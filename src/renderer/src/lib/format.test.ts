import { describe, expect, it } from 'vitest'
import {
  formatCamera,
  formatCoordinates,
  formatDimensions,
  formatDuration,
  formatExposure,
  formatExposureTime,
  formatFileSize,
  formatInstant,
  formatMonthLabel,
  formatPlace,
  formatTakenAt,
  openStreetMapUrl,
  parseTakenAt,
} from './format'

describe('formatMonthLabel', () => {
  it('names the month in the requested locale', () => {
    expect(formatMonthLabel('2021-03', 'en-US')).toBe('March 2021')
    expect(formatMonthLabel('1999-12', 'en-US')).toBe('December 1999')
    expect(formatMonthLabel('2021-03', 'de-DE')).toBe('März 2021')
  })
  it('labels undated photos and passes unknown shapes through', () => {
    expect(formatMonthLabel('undated', 'en-US')).toBe('Undated')
    expect(formatMonthLabel('2021-13', 'en-US')).toBe('2021-13')
    expect(formatMonthLabel('garbage', 'en-US')).toBe('garbage')
  })
})

describe('parseTakenAt / formatTakenAt', () => {
  it('keeps the wall-clock time and shows the recorded offset', () => {
    // ICU versions differ in the space before PM (U+0020 or U+202F).
    expect(formatTakenAt('2021-03-14T15:09:26+02:00', 'en-US')).toMatch(/^March 14, 2021 at 3:09:26\sPM \(UTC\+02:00\)$/)
    expect(formatTakenAt('2021-03-14T23:30:00-05:30', 'en-GB')).toBe('14 March 2021 at 23:30:00 (UTC-05:30)')
  })
  it('shows no offset for floating local times and "UTC" for Z', () => {
    expect(formatTakenAt('2021-03-14T15:09:26', 'en-GB')).toBe('14 March 2021 at 15:09:26')
    expect(formatTakenAt('2021-03-14T15:09:26.123Z', 'en-GB')).toBe('14 March 2021 at 15:09:26 (UTC)')
  })
  it('accepts compact offsets and date-only values', () => {
    expect(parseTakenAt('2020-01-02T03:04:05+0100')?.offset).toBe('+01:00')
    expect(formatTakenAt('2020-01-02', 'en-GB')).toBe('2 January 2020')
  })
  it('does not shift the day across midnight whatever the offset', () => {
    const parsed = parseTakenAt('2019-12-31T23:59:59+14:00')
    expect(parsed?.wallClock.toISOString()).toBe('2019-12-31T23:59:59.000Z')
  })
  it('formats instants (file times) in a given zone', () => {
    expect(formatInstant('2026-11-25T20:37:05.000Z', 'en-GB', 'Europe/Paris')).toBe('25 November 2026 at 21:37')
    expect(formatInstant('nonsense', 'en-GB')).toBeNull()
  })
  it('returns null for missing and the raw text for unparseable values', () => {
    expect(formatTakenAt(null)).toBeNull()
    expect(formatTakenAt('last summer')).toBe('last summer')
  })
})

describe('exposure', () => {
  it('formats shutter speeds like cameras do', () => {
    expect(formatExposureTime(0.004)).toBe('1/250 s')
    expect(formatExposureTime(1 / 3200)).toBe('1/3200 s')
    expect(formatExposureTime(1 / 3)).toBe('1/3 s')
    expect(formatExposureTime(0.6)).toBe('0.6 s')
    expect(formatExposureTime(2)).toBe('2 s')
    expect(formatExposureTime(1.3)).toBe('1.3 s')
    expect(formatExposureTime(0)).toBeNull()
  })
  it('joins the parts that are present', () => {
    expect(formatExposure({ exposureTime: 0.004, fNumber: 2.8, iso: 100, focalLength: 35 })).toBe(
      '1/250 s · f/2.8 · ISO 100 · 35 mm',
    )
    expect(formatExposure({ exposureTime: null, fNumber: 8, iso: null, focalLength: 4.25 })).toBe('f/8 · 4.3 mm')
    expect(formatExposure({ exposureTime: null, fNumber: null, iso: null, focalLength: null })).toBeNull()
  })
})

describe('other fields', () => {
  it('does not repeat the make in the camera name', () => {
    expect(formatCamera('Canon', 'Canon EOS 5D Mark IV')).toBe('Canon EOS 5D Mark IV')
    expect(formatCamera('NIKON CORPORATION', 'NIKON D750')).toBe('NIKON D750')
    expect(formatCamera('FUJIFILM', 'X-T3')).toBe('FUJIFILM X-T3')
    expect(formatCamera(null, 'Pixel 7')).toBe('Pixel 7')
    expect(formatCamera(' ', null)).toBeNull()
  })
  it('formats sizes, dimensions, durations', () => {
    expect(formatFileSize(999)).toBe('999 B')
    expect(formatFileSize(2_400_000)).toBe('2.4 MB')
    expect(formatFileSize(123_456_789)).toBe('123 MB')
    expect(formatFileSize(null)).toBeNull()
    expect(formatDimensions(6000, 4000)).toBe('6000 × 4000 (24 MP)')
    expect(formatDimensions(640, 480)).toBe('640 × 480')
    expect(formatDimensions(null, 480)).toBeNull()
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(1234)).toBe('1.2 s')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
    expect(formatDuration(null)).toBe('–')
  })
  it('formats coordinates with hemispheres and builds an OpenStreetMap link', () => {
    expect(formatCoordinates(48.8583701, 2.2944813, 35.4)).toBe('48.85837° N, 2.29448° E · 35 m')
    expect(formatCoordinates(-33.8568, -151.2153, null)).toBe('33.85680° S, 151.21530° W')
    expect(formatCoordinates(null, 2, null)).toBeNull()
    expect(openStreetMapUrl(48.8583701, 2.2944813)).toBe(
      'https://www.openstreetmap.org/?mlat=48.858370&mlon=2.294481#map=16/48.858370/2.294481',
    )
  })
})

describe('formatPlace', () => {
  it('joins the known parts without repeating a city-state', () => {
    expect(formatPlace('List', 'Schleswig-Holstein', 'Germany')).toBe('List, Schleswig-Holstein, Germany')
    expect(formatPlace('Berlin', 'Berlin', 'Germany')).toBe('Berlin, Germany')
    expect(formatPlace(null, ' ', 'Japan')).toBe('Japan')
    expect(formatPlace(null, null, null)).toBeNull()
  })
})
