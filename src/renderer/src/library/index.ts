export { LibraryGrid, type LibraryGridHandle } from './LibraryGrid'
