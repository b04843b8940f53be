// Reciprocal rank fusion: each signal contributes weight / (k + rank). Robust to signals whose raw
// scores live on different scales (BM25, tag probabilities, cosine similarity), which is why hybrid
// search engines use it instead of adding scores.

export interface RankedList {
  signal: string
  weight: number
  /** Best first. */
  items: { assetId: number; score: number }[]
}

export interface FusedHit {
  assetId: number
  score: number
  /** Signals that ranked this asset, strongest contribution first. */
  signals: string[]
}

export const RRF_K = 60

export function reciprocalRankFusion(lists: RankedList[], k = RRF_K): FusedHit[] {
  const fused = new Map<number, { score: number; parts: { signal: string; contribution: number }[] }>()
  for (const list of lists) {
    if (list.weight <= 0) continue
    list.items.forEach((item, rank) => {
      const contribution = list.weight / (k + rank + 1)
      const entry = fused.get(item.assetId) ?? { score: 0, parts: [] }
      entry.score += contribution
      entry.parts.push({ signal: list.signal, contribution })
      fused.set(item.assetId, entry)
    })
  }
  return [...fused.entries()]
    .map(([assetId, e]) => ({
      assetId,
      score: e.score,
      signals: e.parts.sort((a, b) => b.contribution - a.contribution).map((p) => p.signal),
    }))
    .sort((a, b) => b.score - a.score || a.assetId - b.assetId)
}
