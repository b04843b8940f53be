export { ExportButton } from './ExportButton'
export { ExportToasts } from './ExportToasts'
export { LocateFolderButton } from './LocateFolder'
