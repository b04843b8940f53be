export { createLibraryService, isInside, LibraryInputError, UNREADABLE_NAME_MESSAGE, type LibraryService } from './library.service'
export { walkFiles, displayPath, type ScannedFile, type DirectoryReader } from './scanner'
export { removeStaleTempFiles } from './temp-files'
export { removeDerivedFiles, sweepDerivedFiles, type DerivedFilesSweep } from './derived-files'
