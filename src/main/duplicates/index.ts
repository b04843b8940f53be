export { createDuplicatesService, type DuplicatesService, type DuplicatesServiceDeps, type VectorModel } from './duplicates.service'
export { findPairs, parseHashes, DisjointSets, distanceAt, popcount32, cosine, type HashTable, type Pairs } from './grouping'
export { chooseKeeper, formatOf, type KeeperChoice } from './keeper'
export { pixelFacts, localDifference, MAX_LOCAL_DIFFERENCE, type PixelFacts } from './pixels'
