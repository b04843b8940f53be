import { describe, expect, it } from 'vitest'
import { containRect, fractionBoxStyle } from './geometry'

describe('containRect', () => {
  it('fits a wide photo to the width and centres it vertically', () => {
    expect(containRect(1000, 800, 4000, 2000)).toEqual({ left: 0, top: 150, width: 1000, height: 500 })
  })
  it('fits a tall photo to the height and centres it horizontally', () => {
    expect(containRect(1000, 800, 1000, 2000)).toEqual({ left: 300, top: 0, width: 400, height: 800 })
  })
  it('never enlarges beyond maxScale', () => {
    expect(containRect(1000, 800, 200, 100)).toEqual({ left: 400, top: 350, width: 200, height: 100 })
    expect(containRect(1000, 800, 200, 100, 2)).toEqual({ left: 300, top: 300, width: 400, height: 200 })
  })
  it('is empty for unknown sizes', () => {
    expect(containRect(0, 800, 200, 100)).toEqual({ left: 0, top: 0, width: 0, height: 0 })
    expect(containRect(1000, 800, Number.NaN, 100).width).toBe(0)
  })
})

describe('fractionBoxStyle', () => {
  it('turns fractions into percentages', () => {
    expect(fractionBoxStyle([0.25, 0.5, 0.1, 0.2])).toEqual({ left: '25.000%', top: '50.000%', width: '10.000%', height: '20.000%' })
  })
  it('clips boxes that overshoot the photo', () => {
    expect(fractionBoxStyle([-0.1, 0.9, 0.3, 0.3])).toEqual({ left: '0.000%', top: '90.000%', width: '20.000%', height: '10.000%' })
  })
})
