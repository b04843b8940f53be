import { describe, expect, it } from 'vitest'
import { applySuggestion, formatDateRange, formatScore, formatYearlyRanges, lastWord, signalLabel, understoodParts } from './search-text'

describe('lastWord', () => {
  it('is the word being typed, or nothing after a space', () => {
    expect(lastWord('cat in germ')).toBe('germ')
    expect(lastWord('  cat ')).toBe('')
    expect(lastWord('')).toBe('')
    expect(lastWord('2013')).toBe('2013')
  })
})

describe('applySuggestion', () => {
  it('replaces the typed tail with the suggestion', () => {
    expect(applySuggestion('cat in germ', 'Germany')).toBe('cat in Germany ')
    expect(applySuggestion('20', '2013')).toBe('2013 ')
  })
  it('swallows earlier words the suggestion already contains', () => {
    expect(applySuggestion('nokia lum', 'Nokia Lumia 820')).toBe('Nokia Lumia 820 ')
    expect(applySuggestion('beach anna sm', 'Anna Smith')).toBe('beach Anna Smith ')
  })
  it('matches inside a multi-word value at a word start only', () => {
    expect(applySuggestion('lumia', 'Nokia Lumia 820')).toBe('Nokia Lumia 820 ')
    expect(applySuggestion('okia', 'Nokia')).toBe('okia Nokia ')
  })
})

describe('formatDateRange', () => {
  // The server's ranges end on the first day NOT included.
  it('shortens whole years and months', () => {
    expect(formatDateRange({ from: '2013-01-01', to: '2014-01-01' }, 'en-GB')).toBe('2013')
    expect(formatDateRange({ from: '2012-01-01', to: '2015-01-01' }, 'en-GB')).toBe('2012 – 2014')
    expect(formatDateRange({ from: '2024-02-01', to: '2024-03-01' }, 'en-GB')).toBe('February 2024')
    expect(formatDateRange({ from: '2023-06-01', to: '2023-09-01' }, 'en-GB')).toBe('Jun 2023 – Aug 2023')
  })
  it('spells out day ranges', () => {
    expect(formatDateRange({ from: '2013-05-10', to: '2013-05-11' }, 'en-GB')).toBe('10 May 2013')
    expect(formatDateRange({ from: '2013-05-10', to: '2013-05-13' }, 'en-GB')).toBe('10 May 2013 – 12 May 2013')
  })
  it('names open ends, and keeps unreadable or empty ranges visible as they are', () => {
    expect(formatDateRange({ from: '2020-03-02', to: '9999-12-31' }, 'en-GB')).toBe('since 2 Mar 2020')
    expect(formatDateRange({ from: '0001-01-01', to: '2020-01-01' }, 'en-GB')).toBe('before 1 Jan 2020')
    expect(formatDateRange({ from: 'last summer', to: '?' })).toBe('last summer – ?')
    expect(formatDateRange({ from: '2020-01-02', to: '2020-01-01' })).toBe('2020-01-02 – 2020-01-01')
  })
})

describe('understoodParts', () => {
  it('lists the free text then every filter pulled out of the query', () => {
    const parts = understoodParts(
      { text: 'beach', dateRanges: [{ from: '2013-01-01', to: '2014-01-01' }], places: ['Germany'], cameras: ['Nokia Lumia 820'], people: ['Anna'] },
      'en-GB',
    )
    expect(parts.map((p) => p.label)).toEqual(['“beach”', 'with Anna', 'taken in 2013', 'in Germany', 'shot with Nokia Lumia 820'])
    expect(understoodParts({ text: '', dateRanges: [{ from: '2020-03-02', to: '9999-12-31' }], places: [], cameras: [], people: [] }, 'en-GB')[0]?.label).toBe(
      'taken since 2 Mar 2020',
    )
    expect(understoodParts({ text: ' ', dateRanges: [], places: [], cameras: [], people: [] })).toEqual([])
  })
})

describe('labels', () => {
  it('names signals for readers and formats scores', () => {
    expect(signalLabel('clip')).toBe('looks like')
    expect(signalLabel('text')).toBe('words')
    expect(signalLabel('mystery')).toBe('mystery')
    expect(formatScore(0.0327868)).toBe('0.0328')
    expect(formatScore(0.91)).toBe('0.91')
    expect(formatScore(Number.NaN)).toBe('–')
  })
})

describe('formatYearlyRanges', () => {
  const years = (fromMd: string, toMd: string, first: number, last: number, toNextYear = false) =>
    Array.from({ length: last - first + 1 }, (_, i) => ({ from: `${first + i}-${fromMd}`, to: `${first + i + (toNextYear ? 1 : 0)}-${toMd}` }))

  it('reads a month, a season or a day in every year as one label', () => {
    expect(formatYearlyRanges(years('06-01', '09-01', 2006, 2019), 'en-GB')).toBe('every Jun – Aug')
    expect(formatYearlyRanges(years('03-01', '04-01', 2010, 2012), 'en-GB')).toBe('every March')
    expect(formatYearlyRanges(years('07-04', '07-05', 2010, 2012), 'en-GB')).toBe('every 4 Jul')
  })

  it('accepts winters cut to the library span at both ends', () => {
    // A 2019-2021 library: Jan-Feb 2019, Dec-Feb twice, Dec 2021.
    const winters = [
      { from: '2019-01-01', to: '2019-03-01' },
      { from: '2019-12-01', to: '2020-03-01' },
      { from: '2020-12-01', to: '2021-03-01' },
      { from: '2021-12-01', to: '2022-01-01' },
    ]
    expect(formatYearlyRanges(winters, 'en-GB')).toBe('every Dec – Feb')
    expect(understoodParts({ text: 'snow', dateRanges: winters, places: [], cameras: [], people: [] }, 'en-GB').map((p) => p.label)).toEqual([
      '“snow”',
      'taken every Dec – Feb',
    ])
  })

  it('leaves other lists of ranges alone', () => {
    expect(formatYearlyRanges([{ from: '2013-01-01', to: '2014-01-01' }])).toBeNull()
    expect(formatYearlyRanges([{ from: '2013-06-01', to: '2013-09-01' }, { from: '2015-06-01', to: '2015-09-01' }])).toBeNull()
    expect(
      formatYearlyRanges([
        { from: '2013-06-01', to: '2013-09-01' },
        { from: '2014-03-01', to: '2014-09-01' },
        { from: '2015-06-01', to: '2015-09-01' },
      ]),
    ).toBeNull()
  })
})
