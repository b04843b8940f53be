import { describe, expect, it } from 'vitest'
import {
  assetSpanOfRows,
  buildGridLayout,
  fitColumns,
  headerRowFor,
  pagesForSpan,
  rowOfAsset,
} from './grid-layout'

const months = [
  { month: '2024-05', count: 5 },
  { month: '2024-04', count: 0 },
  { month: '2023-12', count: 3 },
  { month: 'undated', count: 1 },
]

describe('fitColumns', () => {
  it('fits as many target-size tiles as the width allows and fills the width exactly', () => {
    const fit = fitColumns(1000, 176, 4)
    expect(fit.columns).toBe(5)
    expect(fit.columns * fit.tileSize + (fit.columns - 1) * 4).toBeLessThanOrEqual(1000)
    expect(fit.tileSize).toBeGreaterThanOrEqual(176)
  })
  it('keeps a minimum number of columns on narrow windows', () => {
    expect(fitColumns(200, 176, 4).columns).toBe(2)
    expect(fitColumns(0, 176, 4).tileSize).toBe(1)
  })
})

describe('buildGridLayout', () => {
  it('emits a header then ceil(count / columns) tile rows per month, skipping empty months', () => {
    const layout = buildGridLayout(months, 2)
    expect(layout.rows.map((r) => (r.kind === 'header' ? `H ${r.month}` : `${r.start}+${r.count}`))).toEqual([
      'H 2024-05',
      '0+2',
      '2+2',
      '4+1',
      'H 2023-12',
      '5+2',
      '7+1',
      'H undated',
      '8+1',
    ])
    expect(layout.total).toBe(9)
    expect(layout.headerRows).toEqual([0, 4, 7])
    expect(new Set(layout.rows.map((r) => r.key)).size).toBe(layout.rows.length)
  })
  it('scales to 100k photos without loading them', () => {
    const big = Array.from({ length: 240 }, (_, i) => ({ month: `m${i}`, count: 417 }))
    const layout = buildGridLayout(big, 7)
    expect(layout.total).toBe(240 * 417)
    expect(layout.rows.length).toBe(240 * (1 + Math.ceil(417 / 7)))
    expect(rowOfAsset(layout, 100_079)).toBe(layout.rows.length - 1)
  })
  it('rejects a non-positive column count', () => {
    expect(() => buildGridLayout(months, 0)).toThrow(/columns/)
  })
})

describe('lookups', () => {
  const layout = buildGridLayout(months, 2)
  it('finds the row holding a timeline position', () => {
    expect(rowOfAsset(layout, 0)).toBe(1)
    expect(rowOfAsset(layout, 3)).toBe(2)
    expect(rowOfAsset(layout, 5)).toBe(5)
    expect(rowOfAsset(layout, 8)).toBe(8)
    expect(rowOfAsset(layout, 9)).toBe(-1)
    expect(rowOfAsset(layout, -1)).toBe(-1)
  })
  it('finds the month header owning a row (the sticky header)', () => {
    expect(headerRowFor(layout, 0)).toBe(0)
    expect(headerRowFor(layout, 3)).toBe(0)
    expect(headerRowFor(layout, 6)).toBe(4)
    expect(headerRowFor(layout, 8)).toBe(7)
    expect(headerRowFor(buildGridLayout([], 3), 0)).toBe(-1)
  })
  it('maps rendered rows to the asset pages to fetch', () => {
    expect(assetSpanOfRows(layout, [0, 2, 3, 4, 5])).toEqual([2, 7])
    expect(assetSpanOfRows(layout, [0, 4])).toBeNull()
    expect(pagesForSpan(2, 7, 200)).toEqual([0])
    expect(pagesForSpan(150, 450, 200)).toEqual([0, 1, 2])
    expect(pagesForSpan(400, 400, 200)).toEqual([])
  })
})
