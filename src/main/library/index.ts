export { createLibraryService, isInside, LibraryInputError, type LibraryService } from './library.service'
export { walkFiles, type ScannedFile } from './scanner'
