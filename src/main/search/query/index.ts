export { parseQuery, type DateRange, type ParsedQuery, type ParseQueryOptions } from './parse-query'
