/**
 * The free byte ranges of a fixed-size space (the prepared-input file, see ModelInputCache),
 * handed out first-fit: the lowest free range that fits, so the ranges in use stay at the start of
 * the file and its hot pages stay few. Freed ranges merge with free neighbours. A few hundred
 * ranges at most, so a sorted array is enough.
 */
export class FreeExtents {
  /** Sorted by offset, never adjacent (merged), never empty. */
  private readonly free: { offset: number; bytes: number }[]

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError('capacity must be a whole number of bytes')
    this.free = capacity > 0 ? [{ offset: 0, bytes: capacity }] : []
  }

  /** Bytes free in all ranges together (not necessarily in one piece). */
  get freeBytes(): number {
    return this.free.reduce((sum, r) => sum + r.bytes, 0)
  }

  /** The offset of `bytes` bytes now in use, or undefined when no free range is that large. */
  take(bytes: number): number | undefined {
    if (!Number.isInteger(bytes) || bytes <= 0) throw new RangeError('take needs a positive whole number of bytes')
    const i = this.free.findIndex((r) => r.bytes >= bytes)
    if (i < 0) return undefined
    const range = this.free[i]!
    const offset = range.offset
    if (range.bytes === bytes) this.free.splice(i, 1)
    else this.free[i] = { offset: offset + bytes, bytes: range.bytes - bytes }
    return offset
  }

  /** Frees a range `take` handed out. Freeing a range that is (partly) free already throws: a double free. */
  give(offset: number, bytes: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(bytes) || bytes <= 0 || offset < 0 || offset + bytes > this.capacity) {
      throw new RangeError(`${offset}+${bytes} is not a range of this space`)
    }
    // The first free range after this one.
    let i = this.free.findIndex((r) => r.offset > offset)
    if (i < 0) i = this.free.length
    const before = this.free[i - 1]
    const after = this.free[i]
    if ((before && before.offset + before.bytes > offset) || (after && offset + bytes > after.offset)) {
      throw new Error(`${offset}+${bytes} is free already`)
    }
    const joinsBefore = before !== undefined && before.offset + before.bytes === offset
    const joinsAfter = after !== undefined && offset + bytes === after.offset
    if (joinsBefore && joinsAfter) {
      before.bytes += bytes + after.bytes
      this.free.splice(i, 1)
    } else if (joinsBefore) before.bytes += bytes
    else if (joinsAfter) this.free[i] = { offset, bytes: bytes + after.bytes }
    else this.free.splice(i, 0, { offset, bytes })
  }
}
