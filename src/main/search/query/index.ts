export { parseQuery, type DateRange, type ParsedQuery, type ParseQueryOptions } from './parse-query'
export type { YearSpan } from './date-phrases'
