import { describe, expect, it } from 'vitest'
import { eventDates, eventPlace, eventTitle } from './title'

const at = (iso: string) => Date.parse(`${iso}Z`)

describe('event titles', () => {
  it('names one day in full and a range short', () => {
    expect(eventTitle('Paris', at('2023-06-10T09:00:00'), at('2023-06-10T22:00:00'))).toBe('Paris, 10 June 2023')
    expect(eventTitle('Tokyo', at('2023-08-20T09:00:00'), at('2023-08-21T22:00:00'))).toBe('Tokyo, 20–21 Aug 2023')
    expect(eventDates(at('2023-08-30T09:00:00'), at('2023-09-02T10:00:00'))).toBe('30 Aug – 2 Sep 2023')
    expect(eventDates(at('2023-12-30T09:00:00'), at('2024-01-02T10:00:00'))).toBe('30 Dec 2023 – 2 Jan 2024')
  })

  it('says two places when the second holds a fair share, only the dates when there is none', () => {
    expect(eventTitle(eventPlace(['Berlin', 'Berlin', 'Munich', null, 'Munich', 'Berlin']), at('2024-05-03T09:00:00'), at('2024-05-03T18:00:00'))).toBe(
      'Berlin & Munich, 3 May 2024',
    )
    expect(eventPlace(['Paris', 'Paris', 'Paris', 'Paris', 'Paris', 'Paris', 'Versailles'])).toBe('Paris')
    expect(eventTitle(eventPlace([null, null]), at('2024-05-03T09:00:00'), at('2024-05-03T10:00:00'))).toBe('3 May 2024')
  })
})
