import { describe, expect, it } from 'vitest'
import { MemoriesInputs, onThisDayLabel } from './memories'

describe('On this day', () => {
  it('labels a year by how long ago and the day', () => {
    expect(onThisDayLabel({ yearsAgo: 3, date: '2023-12-06' })).toBe('3 years ago · 6 Dec 2023')
    expect(onThisDayLabel({ yearsAgo: 1, date: '2025-06-01' })).toBe('Last year · 1 June 2025')
  })

  it('takes only real calendar days', () => {
    expect(MemoriesInputs.onThisDay.safeParse({ date: '2024-02-29' }).success).toBe(true)
    expect(MemoriesInputs.onThisDay.safeParse({ date: '2023-02-29' }).success).toBe(false)
    expect(MemoriesInputs.onThisDay.safeParse({ date: '6 Dec' }).success).toBe(false)
    expect(MemoriesInputs.onThisDay.safeParse({}).success).toBe(true)
  })
})
