import { describe, expect, it } from 'vitest'
import { describeShift, parseCoordinates, parseSetDate, parseShift } from './edit-forms'

describe('date and time', () => {
  it('a shift takes whole numbers, blank as 0, and a direction', () => {
    expect(parseShift({ days: '1', hours: '', minutes: '30', direction: -1 })).toEqual({ mode: 'shift', days: -1, hours: 0, minutes: -30 })
    expect(parseShift({ days: '', hours: '2', minutes: '', direction: 1 })).toEqual({ mode: 'shift', days: 0, hours: 2, minutes: 0 })
    expect(parseShift({ days: '', hours: '', minutes: '', direction: 1 })).toBe('Enter how far to move the time')
    expect(parseShift({ days: '1.5', hours: '', minutes: '', direction: 1 })).toMatch(/whole numbers/)
    expect(parseShift({ days: '-2', hours: '', minutes: '', direction: 1 })).toMatch(/whole numbers/)
  })

  it('a set date must be a real day and time', () => {
    expect(parseSetDate('2019-07-14T19:05')).toEqual({ mode: 'set', takenAt: '2019-07-14T19:05' })
    expect(parseSetDate('2019-02-30T10:00')).toBe('That day does not exist')
    expect(parseSetDate('2019-07-14')).toBe('Choose a date and a time')
    expect(parseSetDate('')).toBe('Choose a date and a time')
  })

  it('describes a shift as the toast says it', () => {
    expect(describeShift({ days: 0, hours: -1, minutes: -30 })).toBe('1 hour 30 minutes earlier')
    expect(describeShift({ days: 2, hours: 0, minutes: 0 })).toBe('2 days later')
  })
})

describe('coordinates', () => {
  it('reads decimal pairs with commas or spaces', () => {
    expect(parseCoordinates('55.0388, 8.4572')).toEqual({ lat: 55.0388, lon: 8.4572 })
    expect(parseCoordinates(' -33.8568 151.2153 ')).toEqual({ lat: -33.8568, lon: 151.2153 })
  })

  it('reads hemispheres: south and west are negative, either order', () => {
    expect(parseCoordinates('40.7128° N, 74.0060° W')).toEqual({ lat: 40.7128, lon: -74.006 })
    expect(parseCoordinates('74.0060W 40.7128N')).toEqual({ lat: 40.7128, lon: -74.006 })
    expect(parseCoordinates('33.9 S, 18.4 E')).toEqual({ lat: -33.9, lon: 18.4 })
  })

  it('says what is wrong', () => {
    expect(parseCoordinates('')).toMatch(/Enter/)
    expect(parseCoordinates('91, 10')).toMatch(/Latitude/)
    expect(parseCoordinates('10, 181')).toMatch(/Longitude/)
    expect(parseCoordinates('Paris')).toMatch(/latitude, longitude/)
    expect(parseCoordinates('1, 2, 3')).toMatch(/latitude, longitude/)
    expect(parseCoordinates('10 E, 20 E')).toMatch(/Latitude first/)
  })
})
