export { SearchBar } from './SearchBar'
export { SearchResults } from './SearchResults'
export { SimilarResults } from './SimilarResults'
