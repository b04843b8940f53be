/**
 * Clustering quality against ground truth. `predicted` maps each face to a cluster id or null
 * (unassigned faces count as singletons, which is what the user sees: no merge).
 */
export interface ClusteringScores {
  pairwisePrecision: number
  pairwiseRecall: number
  pairwiseF1: number
  bcubedPrecision: number
  bcubedRecall: number
  bcubedF1: number
}

function f1(p: number, r: number): number {
  return p + r > 0 ? (2 * p * r) / (p + r) : 0
}

export function scoreClustering(truth: ReadonlyMap<string, string>, predicted: ReadonlyMap<string, string | null>): ClusteringScores {
  const ids = [...truth.keys()]
  for (const id of ids) if (!predicted.has(id)) throw new Error(`No prediction for face ${id}`)
  const clusterOf = (id: string) => predicted.get(id) ?? `singleton:${id}`

  // Pairwise: count pairs via contingency table (cluster x class) instead of O(n^2) loops.
  const cell = new Map<string, number>()
  const clusterSize = new Map<string, number>()
  const classSize = new Map<string, number>()
  for (const id of ids) {
    const c = clusterOf(id)
    const t = truth.get(id) as string
    cell.set(`${c}\u0000${t}`, (cell.get(`${c}\u0000${t}`) ?? 0) + 1)
    clusterSize.set(c, (clusterSize.get(c) ?? 0) + 1)
    classSize.set(t, (classSize.get(t) ?? 0) + 1)
  }
  const pairs = (m: number) => (m * (m - 1)) / 2
  let together = 0
  for (const m of cell.values()) together += pairs(m)
  let predictedPairs = 0
  for (const m of clusterSize.values()) predictedPairs += pairs(m)
  let truePairs = 0
  for (const m of classSize.values()) truePairs += pairs(m)
  const pairwisePrecision = predictedPairs > 0 ? together / predictedPairs : 1
  const pairwiseRecall = truePairs > 0 ? together / truePairs : 1

  // BCubed: per face, share of its cluster with its class and share of its class in its cluster.
  let bp = 0
  let br = 0
  for (const id of ids) {
    const c = clusterOf(id)
    const t = truth.get(id) as string
    const both = cell.get(`${c}\u0000${t}`) as number
    bp += both / (clusterSize.get(c) as number)
    br += both / (classSize.get(t) as number)
  }
  const bcubedPrecision = ids.length ? bp / ids.length : 1
  const bcubedRecall = ids.length ? br / ids.length : 1
  return {
    pairwisePrecision,
    pairwiseRecall,
    pairwiseF1: f1(pairwisePrecision, pairwiseRecall),
    bcubedPrecision,
    bcubedRecall,
    bcubedF1: f1(bcubedPrecision, bcubedRecall),
  }
}
