import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { backoffDelay } from './backoff'
import { coalesce } from './coalesce'

describe('coalesce', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('runs at once, then once more at the end of a burst', () => {
    const fn = vi.fn()
    const run = coalesce(fn, 1000)
    run()
    expect(fn).toHaveBeenCalledTimes(1)
    for (let i = 0; i < 50; i++) run()
    expect(fn).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1000)
    expect(fn).toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(5000)
    expect(fn).toHaveBeenCalledTimes(2)
    run()
    expect(fn).toHaveBeenCalledTimes(3)
  })

  it('drops the trailing run when cancelled', () => {
    const fn = vi.fn()
    const run = coalesce(fn, 1000)
    run()
    run()
    run.cancel()
    vi.advanceTimersByTime(2000)
    expect(fn).toHaveBeenCalledTimes(1)
  })
})

describe('backoffDelay', () => {
  it('doubles per attempt with jitter in [cap/2, cap], capped at the maximum', () => {
    const opts = { baseMs: 500, maxMs: 30_000 }
    expect(backoffDelay(0, opts, () => 0)).toBe(250)
    expect(backoffDelay(0, opts, () => 1)).toBe(500)
    expect(backoffDelay(3, opts, () => 1)).toBe(4000)
    expect(backoffDelay(20, opts, () => 1)).toBe(30_000)
    expect(backoffDelay(1000, opts, () => 0)).toBe(15_000)
  })
})
