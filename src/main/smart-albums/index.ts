export { createSmartAlbumsService, type SmartAlbumsService, type SmartAlbumsServiceDeps } from './smart-albums.service'
