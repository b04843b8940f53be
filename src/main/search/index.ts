export { createSearchService, ftsQuery, DEFAULT_WEIGHTS, type SearchService, type SearchWeights, type SemanticSearch, type UnderstoodQuery, type QueryContext } from './search.service'
export { reciprocalRankFusion, type RankedList, type FusedHit } from './fusion'
export { createTextIndex, type TextIndex } from './text/text-index'
export { buildTextDocument, pathWords, dateWords } from './text/document'
