export { LibraryGrid, type LibraryGridHandle } from './LibraryGrid'
export { AssetTile } from './AssetTile'
export { PhotoList } from './PhotoList'
