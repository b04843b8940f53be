export { AddFolderDialog } from './AddFolderDialog'
export { DropZone } from './DropZone'
export { useAddFolder } from './use-add-folder'
