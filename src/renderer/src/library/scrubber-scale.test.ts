import { describe, expect, it } from 'vitest'
import { buildScale, monthAtFraction, monthForKey, monthOfPosition, positionAtFraction, yearLabels } from './scrubber-scale'

// Newest first, as the timeline: 2024 has 60 photos, 2023 has 30 (one month of 1), 2021 has 10.
const months = [
  { month: '2024-08', count: 40 },
  { month: '2024-02', count: 20 },
  { month: '2023-12', count: 29 },
  { month: '2023-01', count: 1 },
  { month: '2021-06', count: 0 },
  { month: '2021-05', count: 10 },
]

describe('timeline scrubber scale', () => {
  it('gives each month its share of the photos and each year the sum of its months', () => {
    const scale = buildScale(months)
    expect(scale.total).toBe(100)
    // The empty month takes no room.
    expect(scale.months.map((m) => m.month)).toEqual(['2024-08', '2024-02', '2023-12', '2023-01', '2021-05'])
    expect(scale.months.map((m) => [m.start, m.top, m.height])).toEqual([
      [0, 0, 0.4],
      [40, 0.4, 0.2],
      [60, 0.6, 0.29],
      [89, 0.89, 0.01],
      [90, 0.9, 0.1],
    ])
    expect(scale.years.map((y) => [y.year, y.firstMonth, y.top, Number(y.height.toFixed(6))])).toEqual([
      ['2024', 0, 0, 0.6],
      ['2023', 2, 0.6, 0.3],
      ['2021', 4, 0.9, 0.1],
    ])
  })

  it('maps the track to months and photo positions, clamped to the ends', () => {
    const scale = buildScale(months)
    expect(monthAtFraction(scale, 0)).toBe(0)
    expect(monthAtFraction(scale, 0.399)).toBe(0)
    expect(monthAtFraction(scale, 0.4)).toBe(1)
    expect(monthAtFraction(scale, 0.895)).toBe(3)
    expect(monthAtFraction(scale, 1.5)).toBe(4)
    expect(monthAtFraction(scale, -1)).toBe(0)
    expect(positionAtFraction(scale, 0.61)).toBe(61)
    expect(positionAtFraction(scale, 1)).toBe(99)
    expect(positionAtFraction(scale, -0.2)).toBe(0)
    expect(monthOfPosition(scale, 89)).toBe(3)
    expect(monthOfPosition(scale, 95)).toBe(4)
  })

  it('labels the years that fit, skipping one that would overlap the label above it', () => {
    const scale = buildScale(months)
    expect(yearLabels(scale, 1000, 18).map((y) => y.year)).toEqual(['2024', '2023', '2021'])
    // 100 px: 2023 at 60 px, 2021 at 90 px would end below the track's bottom edge.
    expect(yearLabels(scale, 100, 18).map((y) => y.year)).toEqual(['2024', '2023'])
    // 2023 (1 photo) starts 4 px above 2022 (94 photos): the bigger year keeps its label.
    const squeezed = buildScale([
      { month: '2024-01', count: 5 },
      { month: '2023-01', count: 1 },
      { month: '2022-01', count: 94 },
    ])
    expect(yearLabels(squeezed, 400, 18).map((y) => y.year)).toEqual(['2024', '2022'])
  })

  it('moves by month with the arrows, by year with Page Up/Down, to the ends with Home/End', () => {
    const scale = buildScale(months)
    expect(monthForKey(scale, 0, 'ArrowDown')).toBe(1)
    expect(monthForKey(scale, 4, 'ArrowDown')).toBe(4)
    expect(monthForKey(scale, 0, 'ArrowUp')).toBe(0)
    expect(monthForKey(scale, 1, 'PageDown')).toBe(2)
    expect(monthForKey(scale, 2, 'PageDown')).toBe(4)
    expect(monthForKey(scale, 4, 'PageDown')).toBe(4)
    // Page Up from inside a year goes to its first month, from its first month to the year before.
    expect(monthForKey(scale, 3, 'PageUp')).toBe(2)
    expect(monthForKey(scale, 2, 'PageUp')).toBe(0)
    expect(monthForKey(scale, 2, 'Home')).toBe(0)
    expect(monthForKey(scale, 0, 'End')).toBe(4)
    expect(monthForKey(scale, 0, 'a')).toBeNull()
    expect(monthForKey(buildScale([]), 0, 'ArrowDown')).toBeNull()
  })
})
