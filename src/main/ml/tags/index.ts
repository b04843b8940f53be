export { expandTagQuery, matchTagQuery, singular } from './tag-query'
export type { TagMatch } from './tag-query'
export { DEFAULT_TAG_OPTIONS, l2Normalize, loadHypernymTable, softmax, tagsFromProbabilities } from './imagenet-tags'
export type { HypernymTable, TagOptions } from './imagenet-tags'
