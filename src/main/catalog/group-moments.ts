/** Rows in the order wanted, as each asset's list of seconds (the order kept). */
export function groupMoments(rows: readonly { assetId: number; atMs: number }[]): Map<number, number[]> {
  const out = new Map<number, number[]>()
  for (const r of rows) {
    const list = out.get(r.assetId)
    if (list) list.push(r.atMs)
    else out.set(r.assetId, [r.atMs])
  }
  return out
}
