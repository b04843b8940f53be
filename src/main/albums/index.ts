export { createAlbumsService, AlbumsInputError, type AlbumsService } from './albums.service'
