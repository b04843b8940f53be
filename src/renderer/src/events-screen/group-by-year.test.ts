import { describe, expect, it } from 'vitest'
import { summaryDates } from '../../../shared/photo-events'
import { groupByYear } from './group-by-year'

describe('events screen', () => {
  it('groups events by year, newest year first, keeping their order', () => {
    const e = (id: number, year: number) => ({ id, year })
    expect(groupByYear([e(5, 2024), e(4, 2024), e(3, 2023), e(2, 2021)])).toEqual([
      { year: 2024, events: [e(5, 2024), e(4, 2024)] },
      { year: 2023, events: [e(3, 2023)] },
      { year: 2021, events: [e(2, 2021)] },
    ])
    expect(groupByYear([])).toEqual([])
  })

  it('shows the dates of a card from its wall-clock start and end', () => {
    expect(summaryDates({ start: '2023-08-20T10:00:00', end: '2023-08-21T09:00:00' })).toBe('20–21 Aug 2023')
    expect(summaryDates({ start: '2023-06-10T10:00:00', end: '2023-06-10T23:59:59' })).toBe('10 June 2023')
  })
})
