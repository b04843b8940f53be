import { describe, expect, it } from 'vitest'
import { formatDuration } from './video'

describe('formatDuration', () => {
  it('writes minutes and seconds, hours when there are any', () => {
    expect(formatDuration(3067)).toBe('0:03')
    expect(formatDuration(400)).toBe('0:01')
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(760_000)).toBe('12:40')
    expect(formatDuration(3_723_000)).toBe('1:02:03')
    expect(formatDuration(null)).toBe('Video')
  })
})
