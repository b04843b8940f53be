// Input tensors of the batches in flight, in shared memory that is reused from batch to batch.
// Shared: the decode thread writes into them and the lane threads read them without a copy.
// Reused: a fresh buffer per batch is fresh memory the kernel maps page by page on first write —
// measured 2.8 CPU-ms per 224 px image in the decode thread on the 2-core test machine (a
// sandboxed VM, where page faults are dear) against 0.2 ms for the same writes into warm memory.

/** How to view a SharedArrayBuffer as one kind of typed array. */
export interface SharedArrayKind<T extends Float32Array | Uint8Array> {
  bytesPerElement: number
  view(buffer: SharedArrayBuffer): T
}
export const FLOAT32_ELEMENTS: SharedArrayKind<Float32Array> = { bytesPerElement: 4, view: (buffer) => new Float32Array(buffer) }
export const UINT8_ELEMENTS: SharedArrayKind<Uint8Array> = { bytesPerElement: 1, view: (buffer) => new Uint8Array(buffer) }

export class SharedTensorBuffers<T extends Float32Array | Uint8Array> {
  private readonly free = new Map<number, T[]>()

  /** At most `keepPerLength` idle buffers per length are kept (the batches the host keeps in flight, and one). */
  constructor(
    private readonly kind: SharedArrayKind<T>,
    private readonly keepPerLength = 4,
  ) {}

  /** A buffer of exactly `length` elements over a SharedArrayBuffer, maybe holding old data. */
  acquire(length: number): T {
    const reused = this.free.get(length)?.pop()
    return reused ?? this.kind.view(new SharedArrayBuffer(this.kind.bytesPerElement * length))
  }

  /** Gives a buffer back once nothing reads or writes it any more. */
  release(buffer: T): void {
    if (!(buffer.buffer instanceof SharedArrayBuffer) || buffer.byteOffset !== 0 || buffer.byteLength !== buffer.buffer.byteLength) return
    const list = this.free.get(buffer.length) ?? []
    // A buffer given back twice would later go to two batches at once.
    if (list.length >= this.keepPerLength || list.includes(buffer)) return
    list.push(buffer)
    this.free.set(buffer.length, list)
  }
}
