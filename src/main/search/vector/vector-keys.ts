import type { VectorId } from './vector-index'

/**
 * usearch keys are unsigned 64-bit (BigUint64Array in the Node binding). Callers use SQLite
 * rowids, so ids must be non-negative safe integers: that keeps `Number(key)` exact when
 * results are handed back.
 */
export function toKeys(ids: readonly VectorId[]): BigUint64Array {
  const keys = new BigUint64Array(ids.length)
  ids.forEach((id, i) => {
    const valid =
      typeof id === 'bigint' ? id >= 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) : Number.isSafeInteger(id) && id >= 0
    if (!valid) throw new Error(`Vector index: id ${String(id)} is not a non-negative safe integer`)
    keys[i] = BigInt(id)
  })
  return keys
}

/** A zero or non-finite vector has no cosine direction and would poison the graph with NaN distances. */
export function validateVector(vector: unknown, dimensions: number, what: string): asserts vector is Float32Array {
  if (!(vector instanceof Float32Array)) throw new Error(`Vector index: ${what} must be a Float32Array`)
  if (vector.length !== dimensions) {
    throw new Error(`Vector index: ${what} has ${vector.length} dimensions, expected ${dimensions}`)
  }
  let norm = 0
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i] as number
    if (!Number.isFinite(x)) throw new Error(`Vector index: ${what} contains a non-finite value at ${i}`)
    norm += x * x
  }
  if (norm === 0) throw new Error(`Vector index: ${what} is all zeros`)
}
