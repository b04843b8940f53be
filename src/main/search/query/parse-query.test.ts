import { describe, expect, it } from 'vitest'
import { parseQuery, type ParseQueryOptions } from './index'

// Wednesday 15 May 2024, 10:00 local time.
const NOW = new Date(2024, 4, 15, 10, 0)
const range = (from: string, to: string) => ({ from, to })
const datesOf = (text: string, now = NOW) => parseQuery(text, { now }).dateRanges

describe('parseQuery dates', () => {
  it.each([
    ['2019', [range('2019-01-01', '2020-01-01')]],
    ['in 2019', [range('2019-01-01', '2020-01-01')]],
    ['march 2021', [range('2021-03-01', '2021-04-01')]],
    ['mar 2021', [range('2021-03-01', '2021-04-01')]],
    ['March, 2021', [range('2021-03-01', '2021-04-01')]],
    ['2021-03', [range('2021-03-01', '2021-04-01')]],
    ['14 july 2019', [range('2019-07-14', '2019-07-15')]],
    ['july 14 2019', [range('2019-07-14', '2019-07-15')]],
    ['July 14th, 2019', [range('2019-07-14', '2019-07-15')]],
    ['2019-07-14', [range('2019-07-14', '2019-07-15')]],
    ['2018-2020', [range('2018-01-01', '2021-01-01')]],
    ['between 2018 and 2020', [range('2018-01-01', '2021-01-01')]],
    ['from 2018 to 2020', [range('2018-01-01', '2021-01-01')]],
    ['between 2020 and 2018', [range('2018-01-01', '2021-01-01')]],
    ['2019 and 2021', [range('2019-01-01', '2020-01-01'), range('2021-01-01', '2022-01-01')]],
    ['march to may 2020', [range('2020-03-01', '2020-06-01')]],
    ['between march and june 2020', [range('2020-03-01', '2020-07-01')]],
    ['2019-07-14 to 2019-07-20', [range('2019-07-14', '2019-07-21')]],
    ['the 1990s', [range('1990-01-01', '2000-01-01')]],
    ["the '80s", [range('1980-01-01', '1990-01-01')]],
    ['since 2019', [range('2019-01-01', '9999-12-31')]],
    ['after march 2020', [range('2020-04-01', '9999-12-31')]],
    ['before 2010', [range('0001-01-01', '2010-01-01')]],
  ])('%s', (text, expected) => {
    expect(datesOf(text)).toEqual(expected)
  })

  it('reads relative phrases against `now`', () => {
    expect(datesOf('today')).toEqual([range('2024-05-15', '2024-05-16')])
    expect(datesOf('yesterday')).toEqual([range('2024-05-14', '2024-05-15')])
    // Calendar units: the previous Monday-Sunday week, April, 2023.
    expect(datesOf('last week')).toEqual([range('2024-05-06', '2024-05-13')])
    expect(datesOf('this week')).toEqual([range('2024-05-13', '2024-05-20')])
    expect(datesOf('last weekend')).toEqual([range('2024-05-11', '2024-05-13')])
    expect(datesOf('last month')).toEqual([range('2024-04-01', '2024-05-01')])
    expect(datesOf('this month')).toEqual([range('2024-05-01', '2024-06-01')])
    expect(datesOf('last year')).toEqual([range('2023-01-01', '2024-01-01')])
    expect(datesOf('this year')).toEqual([range('2024-01-01', '2025-01-01')])
    // Rolling periods end today.
    expect(datesOf('past 30 days')).toEqual([range('2024-04-16', '2024-05-16')])
    expect(datesOf('in the last 7 days')).toEqual([range('2024-05-09', '2024-05-16')])
    expect(datesOf('past month')).toEqual([range('2024-04-16', '2024-05-16')])
    expect(datesOf('on sunday')).toEqual([range('2024-05-12', '2024-05-13')])
    expect(datesOf('10 years ago')).toEqual([range('2014-01-01', '2015-01-01')])
  })

  it('without the library years, puts a month or day without a year at its latest occurrence that has begun', () => {
    expect(datesOf('March')).toEqual([range('2024-03-01', '2024-04-01')])
    expect(datesOf('may')).toEqual([range('2024-05-01', '2024-06-01')])
    // December 2024 lies ahead of 15 May 2024: the one meant is December 2023.
    expect(datesOf('december')).toEqual([range('2023-12-01', '2024-01-01')])
    expect(datesOf('july 4th')).toEqual([range('2023-07-04', '2023-07-05')])
    expect(datesOf('may 4')).toEqual([range('2024-05-04', '2024-05-05')])
  })

  describe('seasons (northern meteorological)', () => {
    it('of a given year', () => {
      expect(datesOf('summer 2019')).toEqual([range('2019-06-01', '2019-09-01')])
      expect(datesOf('the summer of 2019')).toEqual([range('2019-06-01', '2019-09-01')])
      expect(datesOf('spring 2020')).toEqual([range('2020-03-01', '2020-06-01')])
      expect(datesOf('fall 2018')).toEqual([range('2018-09-01', '2018-12-01')])
      expect(datesOf('autumn 2018')).toEqual([range('2018-09-01', '2018-12-01')])
      // Winter's months in 2019: the January/February one and the December one.
      expect(datesOf('winter 2019')).toEqual([range('2019-01-01', '2019-03-01'), range('2019-12-01', '2020-01-01')])
      // One winter across the year boundary.
      expect(datesOf('winter 2018/19')).toEqual([range('2018-12-01', '2019-03-01')])
      expect(datesOf('winter 2018-2019')).toEqual([range('2018-12-01', '2019-03-01')])
      // Leap year: February 2020 has 29 days and the range still ends on 1 March.
      expect(datesOf('winter 2019/2020')).toEqual([range('2019-12-01', '2020-03-01')])
    })

    it('relative to now', () => {
      expect(datesOf('last summer')).toEqual([range('2023-06-01', '2023-09-01')])
      expect(datesOf('last winter')).toEqual([range('2023-12-01', '2024-03-01')])
      expect(datesOf('this summer')).toEqual([range('2024-06-01', '2024-09-01')])
      expect(datesOf('summer')).toEqual([range('2023-06-01', '2023-09-01')])
      // Summer 2024 is over by October, still running in July.
      expect(datesOf('last summer', new Date(2024, 9, 2))).toEqual([range('2024-06-01', '2024-09-01')])
      expect(datesOf('last summer', new Date(2024, 6, 2))).toEqual([range('2023-06-01', '2023-09-01')])
      expect(datesOf('summer', new Date(2024, 6, 2))).toEqual([range('2024-06-01', '2024-09-01')])
      // In January the current winter began last December; the last complete one a year before.
      const january = new Date(2025, 0, 10)
      expect(datesOf('this winter', january)).toEqual([range('2024-12-01', '2025-03-01')])
      expect(datesOf('last winter', january)).toEqual([range('2023-12-01', '2024-03-01')])
      expect(datesOf('winter', january)).toEqual([range('2024-12-01', '2025-03-01')])
    })

    it('leaves a lone "spring" or "fall" to the text search (hot spring, waterfall)', () => {
      expect(parseQuery('hot spring', { now: NOW, libraryYears: { first: 2019, last: 2021 } })).toMatchObject({ text: 'hot spring', dateRanges: [] })
      expect(parseQuery('hot spring', { now: NOW })).toMatchObject({ text: 'hot spring', dateRanges: [] })
      expect(parseQuery('the fall of the wall', { now: NOW })).toMatchObject({ dateRanges: [] })
    })
  })

  describe('a month, day or season without a year, in every year of the library', () => {
    const LIBRARY = { first: 2019, last: 2021 }
    const everyYear = (text: string, now = NOW) => parseQuery(text, { now, libraryYears: LIBRARY })

    it('repeats a season in each year', () => {
      expect(everyYear('summer').dateRanges).toEqual([range('2019-06-01', '2019-09-01'), range('2020-06-01', '2020-09-01'), range('2021-06-01', '2021-09-01')])
      expect(everyYear('autumn').dateRanges).toEqual([range('2019-09-01', '2019-12-01'), range('2020-09-01', '2020-12-01'), range('2021-09-01', '2021-12-01')])
      expect(everyYear('summer').text).toBe('')
    })

    it('counts each winter once across the new year, cut to the library', () => {
      // Jan-Feb 2019 belongs to the winter that began in December 2018, before the library's first photo.
      expect(everyYear('winter').dateRanges).toEqual([
        range('2019-01-01', '2019-03-01'),
        range('2019-12-01', '2020-03-01'),
        range('2020-12-01', '2021-03-01'),
        range('2021-12-01', '2022-01-01'),
      ])
    })

    it('repeats a month, a day and a month range in each year', () => {
      const marches = [range('2019-03-01', '2019-04-01'), range('2020-03-01', '2020-04-01'), range('2021-03-01', '2021-04-01')]
      expect(everyYear('march').dateRanges).toEqual(marches)
      expect(everyYear('photos from march')).toMatchObject({ text: 'photos', dateRanges: marches })
      expect(everyYear('beach in december')).toMatchObject({
        text: 'beach',
        dateRanges: [range('2019-12-01', '2020-01-01'), range('2020-12-01', '2021-01-01'), range('2021-12-01', '2022-01-01')],
      })
      expect(everyYear('july 4th').dateRanges).toEqual([range('2019-07-04', '2019-07-05'), range('2020-07-04', '2020-07-05'), range('2021-07-04', '2021-07-05')])
      expect(everyYear('between march and june').dateRanges).toEqual([range('2019-03-01', '2019-07-01'), range('2020-03-01', '2020-07-01'), range('2021-03-01', '2021-07-01')])
      // Across the new year, whichever way it is written.
      const novemberToFebruary = [range('2019-01-01', '2019-03-01'), range('2019-11-01', '2020-03-01'), range('2020-11-01', '2021-03-01'), range('2021-11-01', '2022-01-01')]
      expect(everyYear('november to february').dateRanges).toEqual(novemberToFebruary)
      expect(everyYear('between november and february').dateRanges).toEqual(novemberToFebruary)
    })

    it('keeps phrases that name their year, are relative to today or open-ended', () => {
      expect(everyYear('summer 2019').dateRanges).toEqual([range('2019-06-01', '2019-09-01')])
      expect(everyYear('march 2021').dateRanges).toEqual([range('2021-03-01', '2021-04-01')])
      expect(everyYear('winter 2018/19').dateRanges).toEqual([range('2018-12-01', '2019-03-01')])
      expect(everyYear('between march and june 2020').dateRanges).toEqual([range('2020-03-01', '2020-07-01')])
      expect(everyYear('last summer').dateRanges).toEqual([range('2023-06-01', '2023-09-01')])
      expect(everyYear('this winter', new Date(2025, 0, 10)).dateRanges).toEqual([range('2024-12-01', '2025-03-01')])
      expect(everyYear('last month').dateRanges).toEqual([range('2024-04-01', '2024-05-01')])
      expect(everyYear('yesterday').dateRanges).toEqual([range('2024-05-14', '2024-05-15')])
      expect(everyYear('on sunday').dateRanges).toEqual([range('2024-05-12', '2024-05-13')])
      expect(everyYear('since march').dateRanges).toEqual([range('2024-03-01', '9999-12-31')])
    })

    it('joins two recurring phrases year by year', () => {
      expect(everyYear('summer and winter').dateRanges).toEqual([
        range('2019-01-01', '2019-03-01'),
        range('2019-06-01', '2019-09-01'),
        range('2019-12-01', '2020-03-01'),
        range('2020-06-01', '2020-09-01'),
        range('2020-12-01', '2021-03-01'),
        range('2021-06-01', '2021-09-01'),
        range('2021-12-01', '2022-01-01'),
      ])
    })

    it('keeps a bad clock from making hundreds of ranges', () => {
      // A photo dated 1601 or 2099 (broken camera clock) is no reason to search 500 summers.
      const ranges = parseQuery('summer', { now: NOW, libraryYears: { first: 1601, last: 2099 } }).dateRanges
      expect(ranges[0]).toEqual(range('1826-06-01', '1826-09-01'))
      expect(ranges.at(-1)).toEqual(range('2025-06-01', '2025-09-01'))
      expect(ranges).toHaveLength(2025 - 1826 + 1)
      expect(parseQuery('summer', { now: NOW, libraryYears: { first: 2030, last: 2040 } }).dateRanges).toEqual([range('2023-06-01', '2023-09-01')])
    })
  })

  it('does not read subjects as dates', () => {
    for (const text of ['the sun over the sea', 'sat on a chair', 'morning fog', 'sunset at 8', '2 dogs', 'weekend trip', 'route 66', 'now and then', '2077 game']) {
      const parsed = parseQuery(text, { now: NOW })
      expect(parsed.dateRanges, text).toEqual([])
      expect(parsed.text, text).toBe(text)
    }
  })
})

describe('parseQuery names', () => {
  const places = new Set(['paris', 'new york', 'new york city', 'rome', 'san francisco', 'mill valley'])
  const options: ParseQueryOptions = {
    now: NOW,
    knownPlaces: (phrase) => places.has(phrase.toLowerCase()),
    knownPeople: ['Anna Smith', 'Tom', 'Zoë', 'June Carter'],
    knownCameras: ['Apple iPhone 4S', 'Apple iPhone 12', 'NIKON D750', 'Canon EOS 5D Mark II', 'Nokia Lumia 820'],
  }

  it('splits place and year: "paris 2019"', () => {
    expect(parseQuery('paris 2019', options)).toEqual({ text: '', dateRanges: [range('2019-01-01', '2020-01-01')], places: ['paris'], people: [], cameras: [] })
  })

  it('matches multi-word places, longest first, and keeps the rest as text', () => {
    expect(parseQuery('Christmas in New York City 2019', options)).toEqual({
      text: 'Christmas',
      dateRanges: [range('2019-01-01', '2020-01-01')],
      places: ['New York City'],
      people: [],
      cameras: [],
    })
    expect(parseQuery('new  york, summer 2019', options)).toMatchObject({ places: ['new york'], text: '' })
  })

  it('passes canonical names from the place callback through', () => {
    const parsed = parseQuery('sunset sf', { now: NOW, knownPlaces: (phrase) => (phrase.toLowerCase() === 'sf' ? ['San Francisco'] : false) })
    expect(parsed).toMatchObject({ text: 'sunset', places: ['San Francisco'] })
  })

  it('never asks the place callback about connectors or bare numbers', () => {
    const asked: string[] = []
    parseQuery('dog in the 42 park', { now: NOW, knownPlaces: (phrase) => (asked.push(phrase), false) })
    expect(asked).not.toContain('in')
    expect(asked).not.toContain('the')
    expect(asked).not.toContain('42')
    expect(asked).toContain('park')
    expect(asked).toContain('dog')
  })

  it('finds people case- and accent-insensitively, with possessives', () => {
    expect(parseQuery('anna smith and TOM at the beach', options)).toEqual({ text: 'beach', dateRanges: [], places: [], people: ['Anna Smith', 'Tom'], cameras: [] })
    expect(parseQuery("zoe's birthday", options)).toMatchObject({ text: 'birthday', people: ['Zoë'] })
  })

  it('lets a known person win over a month name', () => {
    expect(parseQuery('june carter in paris july 2019', options)).toEqual({
      text: '',
      dateRanges: [range('2019-07-01', '2019-08-01')],
      places: ['paris'],
      people: ['June Carter'],
      cameras: [],
    })
  })

  it('matches cameras by make or model prefix', () => {
    expect(parseQuery('nikon sunset', options)).toMatchObject({ text: 'sunset', cameras: ['NIKON D750'] })
    expect(parseQuery('taken with iphone', options)).toMatchObject({ text: '', cameras: ['Apple iPhone 4S', 'Apple iPhone 12'] })
    expect(parseQuery('iphone 4s rome', options)).toMatchObject({ text: '', cameras: ['Apple iPhone 4S'], places: ['rome'] })
    expect(parseQuery('canon eos 5d portrait', options)).toMatchObject({ text: 'portrait', cameras: ['Canon EOS 5D Mark II'] })
    // Words inside a model name are not prefixes: "mark" is no camera, and a bare number never is.
    expect(parseQuery('mark 820 points', options)).toMatchObject({ text: 'mark 820 points', cameras: [] })
  })

  it('puts it all together', () => {
    expect(parseQuery('photos of Anna Smith with the dog in Mill Valley last summer shot on iPhone', options)).toEqual({
      text: 'photos dog shot',
      dateRanges: [range('2023-06-01', '2023-09-01')],
      places: ['Mill Valley'],
      people: ['Anna Smith'],
      cameras: ['Apple iPhone 4S', 'Apple iPhone 12'],
    })
  })

  it('leaves plain text alone and handles empty queries', () => {
    expect(parseQuery('red car', options)).toEqual({ text: 'red car', dateRanges: [], places: [], people: [], cameras: [] })
    expect(parseQuery('   ', options)).toEqual({ text: '', dateRanges: [], places: [], people: [], cameras: [] })
  })

  it('rejects bad input with a clear error', () => {
    expect(() => parseQuery('x', { now: new Date('nope') })).toThrow(/valid Date/)
    expect(() => parseQuery(42 as unknown as string, { now: NOW })).toThrow(/string/)
  })
})
