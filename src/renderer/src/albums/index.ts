export { AlbumPicker, type AlbumPickerProps } from './AlbumPicker'
export { AlbumCover } from './AlbumCover'
export { useAlbumsOfAsset, useAddToAlbum, useAlbumTree, albumKeys } from './hooks'
