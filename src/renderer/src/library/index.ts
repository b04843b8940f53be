export { LibraryGrid, type LibraryGridHandle } from './LibraryGrid'
export { LibraryView } from './LibraryView'
export { AssetTile } from './AssetTile'
export { PhotoList } from './PhotoList'
