// The reuse pool of shared input tensors: exact lengths, same object back after release, a bounded
// idle list, and nothing but whole SharedArrayBuffers accepted back.
import { describe, expect, it } from 'vitest'
import { FLOAT32_ELEMENTS, SharedTensorBuffers, UINT8_ELEMENTS } from './tensor-buffers'

describe('SharedTensorBuffers', () => {
  it('acquire gives a Float32Array of the exact length over a whole SharedArrayBuffer', () => {
    const pool = new SharedTensorBuffers(FLOAT32_ELEMENTS)
    const buffer = pool.acquire(3 * 224 * 224)
    expect(buffer).toBeInstanceOf(Float32Array)
    expect(buffer.length).toBe(3 * 224 * 224)
    expect(buffer.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(buffer.byteOffset).toBe(0)
    expect(buffer.buffer.byteLength).toBe(4 * 3 * 224 * 224)
  })

  it('a uint8 pool gives Uint8Arrays of the exact length, and takes them back', () => {
    const pool = new SharedTensorBuffers(UINT8_ELEMENTS)
    const buffer = pool.acquire(3 * 224 * 224)
    expect(buffer).toBeInstanceOf(Uint8Array)
    expect(buffer.length).toBe(3 * 224 * 224)
    expect(buffer.buffer.byteLength).toBe(3 * 224 * 224)
    expect(buffer.buffer).toBeInstanceOf(SharedArrayBuffer)
    pool.release(buffer)
    expect(pool.acquire(3 * 224 * 224)).toBe(buffer)
  })

  it('buffers acquired without a release in between are distinct', () => {
    const pool = new SharedTensorBuffers(FLOAT32_ELEMENTS)
    const a = pool.acquire(16)
    const b = pool.acquire(16)
    expect(a).not.toBe(b)
    expect(a.buffer).not.toBe(b.buffer)
  })

  it('after release, acquire of the same length returns the same object, data and all', () => {
    const pool = new SharedTensorBuffers(FLOAT32_ELEMENTS)
    const first = pool.acquire(16)
    first.fill(2.5)
    pool.release(first)
    const again = pool.acquire(16)
    expect(again).toBe(first)
    expect(again[15]).toBe(2.5)
    // Taken out of the idle list: the next one is new.
    expect(pool.acquire(16)).not.toBe(first)
  })

  it('different lengths do not mix', () => {
    const pool = new SharedTensorBuffers(FLOAT32_ELEMENTS)
    const small = pool.acquire(16)
    const large = pool.acquire(32)
    pool.release(small)
    pool.release(large)

    const got32 = pool.acquire(32)
    expect(got32).toBe(large)
    const got16 = pool.acquire(16)
    expect(got16).toBe(small)
    const got8 = pool.acquire(8)
    expect(got8).not.toBe(small)
    expect(got8.length).toBe(8)
  })

  it('keeps at most keepPerLength idle buffers per length', () => {
    const pool = new SharedTensorBuffers(FLOAT32_ELEMENTS, 2)
    const buffers = [pool.acquire(16), pool.acquire(16), pool.acquire(16)]
    for (const buffer of buffers) pool.release(buffer)

    const reused = [pool.acquire(16), pool.acquire(16)]
    for (const buffer of reused) expect(buffers.slice(0, 2)).toContain(buffer)
    expect(reused[0]).not.toBe(reused[1])
    // The third was dropped, not kept.
    const fresh = pool.acquire(16)
    expect(buffers).not.toContain(fresh)
  })

  it('the cap is per length: a full list for one length does not stop another', () => {
    const pool = new SharedTensorBuffers(FLOAT32_ELEMENTS, 1)
    const a16 = pool.acquire(16)
    const b16 = pool.acquire(16)
    const a32 = pool.acquire(32)
    pool.release(a16)
    pool.release(b16)
    pool.release(a32)
    expect(pool.acquire(32)).toBe(a32)
    expect(pool.acquire(16)).toBe(a16)
    expect(pool.acquire(16)).not.toBe(b16)
  })

  it('keepPerLength 0 keeps nothing', () => {
    const pool = new SharedTensorBuffers(FLOAT32_ELEMENTS, 0)
    const buffer = pool.acquire(16)
    pool.release(buffer)
    expect(pool.acquire(16)).not.toBe(buffer)
  })

  it('release ignores views that are not a whole SharedArrayBuffer', () => {
    const pool = new SharedTensorBuffers(FLOAT32_ELEMENTS)
    const whole = pool.acquire(32)

    // Part of a shared buffer, from its start and from an offset.
    const head = whole.subarray(0, 16)
    const tail = whole.subarray(16)
    pool.release(head)
    pool.release(tail)
    expect(pool.acquire(16)).not.toBe(head)
    expect(pool.acquire(16)).not.toBe(tail)

    // Plain memory.
    const plain = new Float32Array(16)
    pool.release(plain)
    const got = pool.acquire(16)
    expect(got).not.toBe(plain)
    expect(got.buffer).toBeInstanceOf(SharedArrayBuffer)

    // A shared buffer larger than the view over it.
    const partial = new Float32Array(new SharedArrayBuffer(4 * 20), 0, 16)
    pool.release(partial)
    expect(pool.acquire(16)).not.toBe(partial)
  })

  it('release accepts a whole SharedArrayBuffer view it did not hand out', () => {
    const pool = new SharedTensorBuffers(FLOAT32_ELEMENTS)
    const outside = new Float32Array(new SharedArrayBuffer(4 * 16))
    pool.release(outside)
    expect(pool.acquire(16)).toBe(outside)
  })
})
